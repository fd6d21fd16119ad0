import type { Principal } from '../principals/auth.js'

/** Where an event comes from: a request, or the service itself (`principal: null`). */
export interface EventOrigin {
  id?: string
  principal: Principal | null
  network: { id: string } | null
}
