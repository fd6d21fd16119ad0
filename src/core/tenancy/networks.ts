import { eq, sql } from 'drizzle-orm'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Database } from '../db/client.js'
import { networks, type NetworkRow } from './networks.table.js'

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The network the `networkId` parameter names, set once the caller is authorised for it. Only routes that
     * declare a network requirement (`config.auth.network`) have one; they read it with `tenant()`.
     */
    network: NetworkRow | null
    /** The route's network: never null where the route declares a network requirement, an error anywhere else. */
    tenant: () => NetworkRow
  }
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Ids are UUIDs and slugs never look like one, so a parameter names a network either way. */
export const isNetworkId = (idOrSlug: string) => UUID_PATTERN.test(idOrSlug)

/** The columns of a network a request carries with it. */
export const networkColumns = {
  id: networks.id,
  slug: networks.slug,
  name: networks.name,
  version: networks.version,
  createdAt: networks.createdAt,
  updatedAt: networks.updatedAt
}

/** A network by id or by slug. */
export async function findNetwork (db: Database, idOrSlug: string): Promise<NetworkRow | undefined> {
  const [row] = await db.select().from(networks)
    .where(isNetworkId(idOrSlug) ? eq(networks.id, idOrSlug.toLowerCase()) : eq(networks.slug, idOrSlug))
    .limit(1)
  return row
}

/** Networks by id and by slug as prepared statements: every request that names a network looks it up. */
export function prepareNetworkLookups (db: Database) {
  const byId = db.select(networkColumns).from(networks).where(eq(networks.id, sql.placeholder('id'))).limit(1).prepare('auth_network_by_id')
  const bySlug = db.select(networkColumns).from(networks).where(eq(networks.slug, sql.placeholder('slug'))).limit(1).prepare('auth_network_by_slug')
  return async (idOrSlug: string): Promise<NetworkRow | undefined> => {
    const [row] = isNetworkId(idOrSlug)
      ? await byId.execute({ id: idOrSlug.toLowerCase() })
      : await bySlug.execute({ slug: idOrSlug })
    return row
  }
}

function tenant (this: FastifyRequest): NetworkRow {
  if (this.network === null) {
    throw new Error(`${this.routeOptions.method} ${this.routeOptions.url} reads its network but declares no network requirement in config.auth`)
  }
  return this.network
}

/** Gives every request its network slot and `tenant()`; the auth plugin fills the slot. */
async function tenancyPlugin (app: FastifyInstance) {
  app.decorateRequest('network', null)
  app.decorateRequest('tenant', tenant)
}

export default fp(tenancyPlugin, { name: 'tenancy' })
