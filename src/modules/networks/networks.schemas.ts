import { Type, type Static } from 'typebox'
import { PageOf, pageQueryProperties } from '../../core/http/pagination.js'
import { named } from '../../core/http/schema.js'

/** Lower-case words joined by hyphens; never UUID-shaped, so `{networkId}` can take either. */
const Slug = Type.String({
  minLength: 2,
  maxLength: 63,
  pattern: '^(?![0-9a-f]{8}-[0-9a-f]{4}-)[a-z0-9]+(-[a-z0-9]+)*$',
  description: 'URL-friendly name, unique across the service.',
  examples: ['nlgn-innovation']
})
const Name = Type.String({ minLength: 1, maxLength: 200, examples: ['NLGN Innovation Network'] })

const networkExample = { id: 'c0a8012e-7b3f-4d2a-9e61-5f4b8d2c1a07', slug: 'nlgn-innovation', name: 'NLGN Innovation Network', createdAt: '2012-01-16T09:00:00.000Z', updatedAt: '2012-03-02T14:30:00.000Z' }

export const Network = Type.Object({
  id: Type.String({ format: 'uuid', readOnly: true }),
  slug: Slug,
  name: Name,
  createdAt: Type.String({ format: 'date-time', readOnly: true }),
  updatedAt: Type.String({ format: 'date-time', readOnly: true })
}, { ...named('Network', 'A membership community run by an organisation.'), additionalProperties: false, examples: [networkExample] })
export type Network = Static<typeof Network>

export const NetworkCreate = Type.Object({ slug: Slug, name: Name }, {
  ...named('NetworkCreate', 'A new network.'),
  additionalProperties: false,
  examples: [{ slug: 'nlgn-innovation', name: 'NLGN Innovation Network' }]
})
export type NetworkCreate = Static<typeof NetworkCreate>

export const NetworkUpdate = Type.Object({ slug: Type.Optional(Slug), name: Type.Optional(Name) }, {
  ...named('NetworkUpdate', 'Changes to a network; only the fields given change.'),
  additionalProperties: false,
  minProperties: 1,
  examples: [{ name: 'NLGN Innovation Network (2012)' }]
})
export type NetworkUpdate = Static<typeof NetworkUpdate>

export const NetworkPage = PageOf(Type.Ref('Network'), 'NetworkPage', networkExample)

export const NetworkListQuery = Type.Object({
  ...pageQueryProperties,
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Matches name or slug, case-insensitively.' }))
}, { additionalProperties: false })

export const NetworkParams = Type.Object({
  networkId: Type.String({ minLength: 1, maxLength: 63, description: 'The network\'s id or slug.' })
})

export const networkSchemas = [Network, NetworkCreate, NetworkUpdate, NetworkPage]
