import type { Executor } from '../db/client.js'
import type { EventRow } from './events.table.js'
import type { EventOrigin } from './origin.js'

/**
 * What follows from events in the transaction that records them: a member's notifications, say. A module registers
 * a follower; `recordEvents` calls each with the events it just recorded, so what follows exists exactly when the
 * change does. A follower looks only at the types it cares for, and may record events of its own (which it is
 * shown in turn).
 */
export type EventFollower = (db: Executor, origin: EventOrigin, recorded: readonly EventRow[]) => Promise<void>

const followers: EventFollower[] = []

export function followEvents (follower: EventFollower): void {
  if (!followers.includes(follower)) followers.push(follower)
}

export async function followRecorded (db: Executor, origin: EventOrigin, recorded: readonly EventRow[]): Promise<void> {
  for (const follower of followers) await follower(db, origin, recorded)
}
