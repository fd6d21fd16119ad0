/** The notifications' part of a member's data: their notifications and settings, exported, and deleted on erasure. */
import { asc } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { NOTHING_OF_MEMBERS, ownedBy, type DataSubject, type MemberDataPart } from '../../core/registries/member-data.js'
import type { MemberDataExport } from '../members/index.js'
import { notifications, notificationSettings, voteReminders } from './notifications.table.js'
import { toNotification } from './notifications.views.js'

type NotificationSections = Pick<MemberDataExport, 'notifications'>

async function exportNotifications (db: Executor, member: DataSubject): Promise<NotificationSections> {
  const rows = await db.select().from(notifications).where(ownedBy(notifications, member))
    .orderBy(asc(notifications.id))
  return { notifications: rows.map(toNotification) }
}

export const notificationsMemberData: MemberDataPart = {
  export: exportNotifications,
  places: [
    {
      table: notifications,
      holds: 'what they were told of: deleted',
      erase: (tx, member) => tx.delete(notifications).where(ownedBy(notifications, member))
    },
    {
      table: notificationSettings,
      holds: 'where their notifications go: deleted',
      erase: (tx, member) => tx.delete(notificationSettings).where(ownedBy(notificationSettings, member))
    },
    { table: voteReminders, holds: `${NOTHING_OF_MEMBERS}: which votes were reminded of` }
  ]
}
