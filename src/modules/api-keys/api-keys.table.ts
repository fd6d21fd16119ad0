import { sql } from 'drizzle-orm'
import { index, pgTable, text } from 'drizzle-orm/pg-core'
import { networkResourceColumns, timestampColumn, timestamps } from '../../core/db/columns.js'
import { networkPrimaryKey } from '../../core/db/table-key.js'
import { API_KEY_SCOPES } from '../../core/policy/roles.js'
import { networkForeignKey } from '../../core/tenancy/networks.table.js'

export const apiKeys = pgTable('api_keys', {
  ...networkResourceColumns(),
  name: text('name').notNull(),
  scopes: text('scopes', { enum: API_KEY_SCOPES }).array().notNull().default(sql`'{}'::text[]`),
  /** SHA-256 of the secret: the secret is random and long, so a slow hash adds nothing. */
  secretHash: text('secret_hash').notNull(),
  lastUsedAt: timestampColumn('last_used_at'),
  revokedAt: timestampColumn('revoked_at'),
  ...timestamps()
}, (table) => [
  networkForeignKey(table),
  networkPrimaryKey(table),
  // A secret names its key by id alone: authentication finds the key, and so its network, from it.
  index('api_keys_id_idx').on(table.id)
])

export type ApiKeyRow = typeof apiKeys.$inferSelect
