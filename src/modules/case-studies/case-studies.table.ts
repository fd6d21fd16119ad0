import { sql } from 'drizzle-orm'
import {
  customType, index, integer, jsonb, pgTable, primaryKey, text, uuid
} from 'drizzle-orm/pg-core'
import { networkResourceColumns, setNullOnly, timestampColumn, versionedColumns } from '../../core/db/columns.js'
import { networkPrimaryKey, sameNetworkForeignKey } from '../../core/db/table-key.js'
import { issueGroups } from '../issue-groups/index.js'
import { members } from '../members/index.js'
import { networkForeignKey } from '../../core/tenancy/networks.table.js'

export const CASE_STUDY_SECTORS = ['public', 'private', 'vcs', 'academic', 'cross_sector', 'other'] as const
export const CASE_STUDY_SOURCES = ['desk_research', 'site_visit', 'deep_dive', 'workshop', 'other'] as const
export const CASE_STUDY_STATUSES = ['draft', 'published'] as const
/** The country code that makes a case study a UK one; every other country is international. */
export const UK_COUNTRY_CODE = 'GB'

/** The text search configuration of both the stored vectors and the queries: they must agree. */
export const SEARCH_CONFIG = 'english'

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })

export interface CaseStudyLink {
  url: string
  title: string | null
}

export const caseStudies = pgTable(
  'case_studies',
  {
    ...networkResourceColumns(),
    title: text('title').notNull(),
    organisation: text('organisation'),
    sector: text('sector', { enum: CASE_STUDY_SECTORS }).notNull(),
    /** ISO 3166-1 alpha-2, upper case (`GB` for the UK). */
    country: text('country'),
    region: text('region'),
    summary: text('summary').notNull(),
    /** Markdown. */
    body: text('body').notNull().default(''),
    keyPoints: jsonb('key_points')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /**
     * Lower case, unique; jsonb rather than text[] because the search vector below must be an immutable expression of
     * them.
     */
    tags: jsonb('tags')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    source: text('source', { enum: CASE_STUDY_SOURCES }),
    links: jsonb('links')
      .$type<CaseStudyLink[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    issueGroupId: uuid('issue_group_id'),
    status: text('status', { enum: CASE_STUDY_STATUSES }).notNull().default('draft'),
    publishedAt: timestampColumn('published_at'),
    /**
     * What `q` searches, kept by the database on every write: title (weight A), summary and
     * tags (B), body (C), stemmed in English. A stored generated column works the same on
     * PostgreSQL and PGlite and cannot drift from the text it is computed from.
     */
    search: tsvector('search').notNull()
      .generatedAlwaysAs(
        sql.raw(
          `setweight(to_tsvector('${SEARCH_CONFIG}'::regconfig, "title"), 'A') || ` +
            `setweight(to_tsvector('${SEARCH_CONFIG}'::regconfig, "summary"), 'B') || ` +
            `setweight(jsonb_to_tsvector('${SEARCH_CONFIG}'::regconfig, "tags", '["string"]'), 'B') || ` +
            `setweight(to_tsvector('${SEARCH_CONFIG}'::regconfig, "body"), 'C')`
        )
      ),
    ...versionedColumns()
  },
  (table) => [
    networkForeignKey(table),
    sameNetworkForeignKey(table, table.issueGroupId, issueGroups),
    networkPrimaryKey(table),
    index('case_studies_search_idx').using('gin', table.search),
    index('case_studies_tags_idx').using('gin', table.tags),
    index('case_studies_network_group_idx').on(table.networkId, table.issueGroupId)
  ]
)

/** Authors in the order credited; `name` is kept even when the author is a member, so it survives them. */
export const caseStudyAuthors = pgTable('case_study_authors', {
  networkId: uuid('network_id').notNull(),
  caseStudyId: uuid('case_study_id').notNull(),
  position: integer('position').notNull(),
  name: text('name').notNull(),
  organisation: text('organisation'),
  memberId: uuid('member_id')
}, (table) => [
  primaryKey({ columns: [table.networkId, table.caseStudyId, table.position] }),
  sameNetworkForeignKey(table, table.caseStudyId, caseStudies).onDelete('cascade'),
  sameNetworkForeignKey(table, table.memberId, members).onDelete(setNullOnly('member_id'))
])

export type CaseStudyRow = typeof caseStudies.$inferSelect
export type CaseStudyAuthorRow = typeof caseStudyAuthors.$inferSelect
