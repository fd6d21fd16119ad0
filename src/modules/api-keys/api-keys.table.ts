import { sql } from 'drizzle-orm'
import { pgTable, text, unique } from 'drizzle-orm/pg-core'
import { networkResourceColumns, timestampColumn, timestamps } from '../../core/db/columns.js'
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
  unique('api_keys_network_id_id_key').on(table.networkId, table.id)
])

export type ApiKeyRow = typeof apiKeys.$inferSelect
