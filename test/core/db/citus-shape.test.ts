/*
 * The shape Citus needs to distribute every network's rows by network (docs/SCALING.md, step 3), read from the
 * catalog of a migrated database: every primary key and unique constraint of a table with a `network_id` includes
 * it, and every foreign key between two such tables carries it. A new table or key that breaks the shape fails here.
 */
import { sql } from 'drizzle-orm'
import { test } from 'tap'
import { buildTestApp } from '../../helper.js'

test('every network-owned table keys and refers by network', async (t) => {
  const app = await buildTestApp(t)
  const { rows } = await app.db.execute(sql`
    WITH owned AS (
      SELECT c.oid, c.relname FROM pg_class c
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
        AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'network_id' AND NOT a.attisdropped)
    ), constraints AS (
      SELECT o.relname, con.contype, con.confrelid, pg_get_constraintdef(con.oid) AS definition,
        EXISTS (SELECT 1 FROM unnest(con.conkey) AS k(attnum) JOIN pg_attribute a ON a.attrelid = o.oid AND a.attnum = k.attnum
          WHERE a.attname = 'network_id') AS has_network
      FROM owned o JOIN pg_constraint con ON con.conrelid = o.oid
    )
    SELECT relname || ': ' || definition AS broken, contype AS kind FROM constraints
    WHERE NOT has_network AND (contype IN ('p', 'u') OR (contype = 'f' AND confrelid IN (SELECT oid FROM owned)))
    UNION ALL
    -- Unique indexes made without a constraint (on an expression, say) count too.
    SELECT c.relname || ': ' || pg_get_indexdef(i.indexrelid), 'i' FROM pg_index i JOIN owned c ON c.oid = i.indrelid
    WHERE i.indisunique AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = i.indexrelid)
      AND NOT EXISTS (SELECT 1 FROM unnest(i.indkey) AS k(attnum) JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
        WHERE a.attname = 'network_id')
    ORDER BY 1`) as unknown as { rows: Array<{ broken: string, kind: string }> }
  const broken = (kinds: string) => rows.filter((row) => kinds.includes(row.kind)).map((row) => row.broken).sort()
  t.same(broken('pui'), [], 'primary keys and unique keys include network_id')
  t.same(broken('f'), [], 'references between network-owned tables carry network_id')

  const { rows: composite } = await app.db.execute(sql`
    SELECT conrelid::regclass::text || ': ' || pg_get_constraintdef(oid) AS reference FROM pg_constraint
    WHERE contype = 'f' AND connamespace = 'public'::regnamespace AND cardinality(conkey) > 1`) as unknown as {
    rows: Array<{ reference: string }>
  }
  t.ok(composite.length > 0, 'composite references are found')
  // A plain SET NULL (or SET DEFAULT) on a composite key would clear network_id too: it must name its own column.
  t.same(composite.map((row) => row.reference).filter((reference) => /SET (NULL|DEFAULT)(?! \()/.test(reference)), [],
    'a composite reference that clears on delete clears only its own column')
})
