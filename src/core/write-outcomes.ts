import type { EventType } from './events/event-types.js'
import type { EventInput } from './events/outbox.js'
import type { Written } from './write.js'

/**
 * The outcomes of the usual writes of one resource, for `unconditionalWrite` and `versionedWrite`:
 * the row the route answers with and its one event, the resource as `view` shows it in the API.
 */

/** How the API shows a row (the module's view of it), which is what the event records. */
type View<Row> = (row: Row) => object

/** A creation: the new row; its event carries it as `after`. */
export const writtenCreate = <Row extends { id: string }>(type: EventType, row: Row, view: View<Row>): Written<Row> =>
  ({ result: row, event: { type, resourceId: row.id, after: view(row) } })

/** An update: the new row, or `undefined` when the write found no row (412); its event carries both versions. */
export function writtenUpdate<Row extends { id: string }> (
  type: EventType, before: Row, after: Row | undefined, view: View<Row>
): Written<Row> | undefined {
  return after && { result: after, event: { type, resourceId: after.id, before: view(before), after: view(after) } }
}

/** A deletion: the deleted row; its event carries it as `before`, followed by those of what it `changed` besides. */
export const writtenDelete = <Row extends { id: string }>(
  type: EventType, row: Row, view: View<Row>, changed: readonly EventInput[] = []
): Written<Row> => ({ result: row, event: [{ type, resourceId: row.id, before: view(row) }, ...changed] })
