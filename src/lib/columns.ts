import { integer, timestamp, uuid } from 'drizzle-orm/pg-core'
import { uuidv7 } from 'uuidv7'

/** Time-ordered ids: keyset pagination on `id` alone lists rows in creation order. */
export const idColumn = () => uuid('id').primaryKey().$defaultFn(() => uuidv7())

/** Millisecond precision, as JavaScript dates have: a timestamp in a cursor compares exactly. */
export const timestampColumn = (name: string) => timestamp(name, { withTimezone: true, precision: 3 })

export const timestamps = () => ({
  createdAt: timestampColumn('created_at').notNull().defaultNow(),
  updatedAt: timestampColumn('updated_at').notNull().defaultNow()
})

/** Bumped on every update; the ETag is derived from it and If-Match compares against it. */
export const versionColumn = () => integer('version').notNull().default(1)
