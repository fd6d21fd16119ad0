import type { EventType } from './events/event-types.js'
import type { Written } from './write.js'

/**
 * The outcomes of the usual writes of one resource, for `unconditionalWrite` and `versionedWrite`:
 * the row the route answers with and its one event, the resource as `view` shows it in the API.
 */

/** A creation: the new row; its event carries it as `after`. */
export const writtenCreate = <Row extends { id: string }>(type: EventType, row: Row, view: (row: Row) => object): Written<Row> =>
  ({ result: row, event: { type, resourceId: row.id, after: view(row) } })

/** An update: the new row, or `undefined` when the write found no row (412); its event carries both versions. */
export const writtenUpdate = <Row extends { id: string }>(type: EventType, before: Row, after: Row | undefined, view: (row: Row) => object) =>
  after && ({ result: after, event: { type, resourceId: after.id, before: view(before), after: view(after) } } satisfies Written<Row>)

/** A deletion: the deleted row; its event carries it as `before`. */
export const writtenDelete = <Row extends { id: string }>(type: EventType, row: Row, view: (row: Row) => object): Written<Row> =>
  ({ result: row, event: { type, resourceId: row.id, before: view(row) } })
