import { Type } from 'typebox'

/** Request headers documented (and validated) on the operations that honour them. */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'Makes a retried POST safe: a repeat with the same key and body replays the first response.' }))
})
export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: 'The ETag read earlier; the write fails with 412 if the resource changed since.' }))
})
