import { sql } from 'drizzle-orm'
import { integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { idColumn, timestamps } from '../db/columns.js'

/** Whoever runs the service: creates networks and their first admin. */
export const operators = pgTable('operators', {
  id: idColumn(),
  email: text('email').notNull(),
  passwordHash: text('password_hash').notNull(),
  /** Bumped whenever the password changes: tokens issued under an older value stop working. */
  credentialsVersion: integer('credentials_version').notNull().default(0),
  ...timestamps()
}, (table) => [uniqueIndex('operators_email_key').on(sql`lower(${table.email})`)])
