import { integer, timestamp, uuid, type UpdateDeleteAction } from 'drizzle-orm/pg-core'
import { uuidv7 } from 'uuidv7'

/** Time-ordered ids: keyset pagination on `id` alone lists rows in creation order. */
const timeOrderedId = () => uuid('id').notNull().$defaultFn(() => uuidv7())

/** The id and primary key of a table outside any network (networks, operators). */
export const idColumn = () => timeOrderedId().primaryKey()

/** Millisecond precision, as JavaScript dates have: a timestamp in a cursor compares exactly. */
export const timestampColumn = (name: string) => timestamp(name, { withTimezone: true, precision: 3 })

export const timestamps = () => ({
  createdAt: timestampColumn('created_at').notNull().defaultNow(),
  updatedAt: timestampColumn('updated_at').notNull().defaultNow()
})

/** Bumped on every update; the ETag is derived from it and If-Match compares against it. */
export const versionColumn = () => integer('version').notNull().default(1)

/**
 * ON DELETE SET NULL for some columns of a composite foreign key (PostgreSQL 15+): deleting a
 * member clears `member_id` and keeps `network_id`, which a plain SET NULL would clear too.
 * drizzle-kit writes the action into the migration as given.
 */
export const setNullOnly = (...columns: string[]) => `set null (${columns.join(', ')})` as UpdateDeleteAction

/**
 * The first columns of a network's own resource: its id, and the network it belongs to. Every query names the
 * network, and the network's other tables refer to the resource by the pair (`network_id`, `id`), which is its
 * primary key (`networkPrimaryKey`).
 */
export const networkResourceColumns = () => ({
  id: timeOrderedId(),
  networkId: uuid('network_id').notNull()
})

/** The last columns of a resource written under `If-Match`: its version, and when it was created and last updated. */
export const versionedColumns = () => ({
  version: versionColumn(),
  ...timestamps()
})
