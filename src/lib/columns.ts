import { integer, timestamp, uuid } from 'drizzle-orm/pg-core'
import { uuidv7 } from 'uuidv7'

/** Time-ordered ids: keyset pagination on `id` alone lists rows in creation order. */
export const idColumn = () => uuid('id').primaryKey().$defaultFn(() => uuidv7())

export const timestamps = () => ({
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
})

/** Bumped on every update; the ETag is derived from it and If-Match compares against it. */
export const versionColumn = () => integer('version').notNull().default(1)
