export { idempotencyKeys } from '../lib/idempotency.table.js'
export { networks } from '../modules/networks/networks.table.js'
export { operators } from '../modules/operators/operators.table.js'
