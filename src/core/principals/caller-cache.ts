/**
 * Who a caller is, kept in process so a request need not ask the database. Revocation stays immediate:
 * a trigger on every table a caller is found by (migration 0013) sends the changed entry's key on the
 * `caller_changed` channel when the write commits, and every process drops it. The process that wrote
 * hears before its write resolves; the others a moment later. The time-to-live is only a safety net.
 */
import type { DatabaseHandle } from '../db/client.js'

export const CALLER_CHANNEL = 'caller_changed'

export interface CallerCacheOptions {
  /** How long an entry may be served; 0 turns the cache off. */
  ttlMs: number
  maxEntries: number
}

interface Entry {
  value: unknown
  expiresAt: number
}

export interface CallerCache {
  /** The value under `key`, or what `load` finds (kept unless it found nothing). */
  get: <Value>(key: string, load: () => Promise<Value | undefined>) => Promise<Value | undefined>
  /** Starts following the notices; resolves with a function that stops. */
  follow: (database: DatabaseHandle) => Promise<() => Promise<void>>
}

export function createCallerCache ({ ttlMs, maxEntries }: CallerCacheOptions): CallerCache {
  // A Map iterates in insertion order: re-inserting on each hit makes its first key the least recently used.
  const entries = new Map<string, Entry>()
  // Bumped by every drop: a lookup that overlapped one may have read the row before the change, so is not kept.
  let generation = 0
  // Off until the notices are followed, and whenever they may be missed.
  let following = false

  const clear = () => {
    generation++
    entries.clear()
  }

  const forget = (payload: string) => {
    // Members carry their network, and slugs name networks: a network's change drops everything.
    if (payload === 'all' || payload.startsWith('network:')) return clear()
    generation++
    entries.delete(payload)
  }

  return {
    async get<Value> (key: string, load: () => Promise<Value | undefined>): Promise<Value | undefined> {
      const now = Date.now()
      const entry = entries.get(key)
      if (entry !== undefined) {
        entries.delete(key)
        if (entry.expiresAt > now) {
          entries.set(key, entry)
          return entry.value as Value
        }
      }
      const started = generation
      const value = await load()
      if (value !== undefined && following && generation === started) {
        entries.set(key, { value, expiresAt: now + ttlMs })
        if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string)
      }
      return value
    },
    async follow (database: DatabaseHandle) {
      if (ttlMs === 0) return async () => {}
      return database.listen(CALLER_CHANNEL, {
        notify: forget,
        lost: () => {
          following = false
          clear()
        },
        restored: () => {
          clear()
          following = true
        }
      })
    }
  }
}

/** Cache keys, the same as the payloads the trigger sends. */
export const callerKeys = {
  member: (id: string, networkId: string) => `member:${networkId}:${id}`,
  apiKey: (secretHash: string) => `api_key:${secretHash}`,
  operator: (id: string) => `operator:${id}`,
  network: (idOrSlug: string, isId: boolean) => isId ? `network:${idOrSlug.toLowerCase()}` : `network-slug:${idOrSlug}`
}
