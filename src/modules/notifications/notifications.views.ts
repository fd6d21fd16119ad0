import type { Notification } from './notifications.schemas.js'
import type { NotificationRow } from './notifications.table.js'

export function toNotification (row: NotificationRow): Notification {
  return {
    id: row.id,
    memberId: row.memberId,
    kind: row.kind,
    subject: { type: row.subjectType, id: row.subjectId },
    title: row.title,
    readAt: row.readAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString()
  }
}
