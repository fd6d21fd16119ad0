import { Type, type Static } from 'typebox'
import { PageOf, pageQueryProperties } from '../../core/http/pagination.js'
import { named, ref } from '../../core/http/schema.js'
import { VoteParams } from './votes.schemas.js'

const optionIds = (description: string) =>
  Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 100, description })

/**
 * Ballot content as cast and as published. Which field a method uses, and the rules it
 * must follow (known options, no repeats, scores in range, at most maxChoices), are
 * checked against the vote, so a malformed ballot is a 422 naming what is wrong.
 */
const contentFields = {
  choices: Type.Optional(optionIds('`plurality` and `approval`: the options voted for.')),
  ranking: Type.Optional(optionIds('`borda`, `irv`, `stv`, `schulze`: options in order of preference, most preferred first; unranked options come after every ranked one.')),
  scores: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.Number(), { description: '`score`: option id → whole score from 0 to `maxScore`; unrated options score nothing.' }))
}

export const BallotCast = Type.Object(contentFields, {
  ...named('BallotCast', 'One of `choices`, `ranking` or `scores`, as the vote\'s method requires.'),
  additionalProperties: false,
  minProperties: 1,
  examples: [{ ranking: ['0190a5a4-3c1e-7f00-8000-000000000001', '0190a5a4-3c1e-7f00-8000-000000000002'] }]
})
export type BallotCast = Static<typeof BallotCast>
/** A ballot's content as stored and published: what was cast, once checked against the vote's rules. */
export type BallotContent = BallotCast

const Receipt = Type.String({ minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'The receipt code given when the ballot was cast.' })
const ReceiptHash = Type.String({
  pattern: '^[0-9a-f]{64}$',
  description: 'Lowercase hex SHA-256 of the receipt code (UTF-8): the tag the ballot is published under when the vote closes; not stored before.'
})

export const BallotChange = Type.Object({ receipt: Receipt, ...contentFields }, {
  ...named('BallotChange', 'The new content of the ballot, with the receipt that proves it is yours.'),
  additionalProperties: false,
  minProperties: 2,
  examples: [{ receipt: 'r7Kp2QxW9mZt4VbN8sLd', ranking: ['0190a5a4-3c1e-7f00-8000-000000000002', '0190a5a4-3c1e-7f00-8000-000000000001'] }]
})
export type BallotChange = Static<typeof BallotChange>

export const BallotCheck = Type.Object({ receipt: Receipt }, {
  ...named('BallotCheck', 'The receipt of the ballot to look up, sent in the body so that no URL (and so no request log or proxy) carries it or its hash.'),
  additionalProperties: false,
  examples: [{ receipt: 'r7Kp2QxW9mZt4VbN8sLd' }]
})

export const BallotReceipt = Type.Object({
  voteId: Type.String({ format: 'uuid' }),
  receipt: Type.String({ description: 'Keep it: shown only this once, and the service cannot show it again because it does not know which ballot is yours. It finds your ballot in the published list (as `receiptHash`) and, where allowed, lets you change it.' }),
  receiptHash: ReceiptHash,
  ...contentFields
}, { ...named('BallotReceipt', 'The ballot as recorded, and the receipt for it.'), additionalProperties: false, examples: [{ voteId: '9d3b7e1a-4c8f-4b2e-8a6d-1f5c9e3b7a28', receipt: 'r7Kp2QxW9mZt4VbN8sLd', receiptHash: '17390381c7f643a22f3e3b83083ae855a5a62f9a58e5567ad6bd6f05078dc448', choices: ['0190a5a4-3c1e-7f00-8000-000000000001'] }] })

const publishedBallotExample = { receiptHash: '17390381c7f643a22f3e3b83083ae855a5a62f9a58e5567ad6bd6f05078dc448', choices: ['0190a5a4-3c1e-7f00-8000-000000000001'] }

export const PublishedBallot = Type.Object({
  receiptHash: ReceiptHash,
  ...contentFields,
  voterId: Type.Optional(Type.String({ format: 'uuid', description: 'Only on votes with `secret: false`.' }))
}, { ...named('PublishedBallot', 'An anonymised ballot: its content and the hash of its receipt.'), additionalProperties: false, examples: [publishedBallotExample] })
export type PublishedBallot = Static<typeof PublishedBallot>

export const PublishedBallotPage = PageOf(ref(PublishedBallot), 'PublishedBallotPage', publishedBallotExample)

export const BallotListQuery = Type.Object({ ...pageQueryProperties }, { additionalProperties: false })

export const BallotParams = Type.Object({ ...VoteParams.properties, receiptHash: ReceiptHash })

export const ballotSchemas = [
  BallotCast,
  BallotChange,
  BallotCheck,
  BallotReceipt,
  PublishedBallot,
  PublishedBallotPage
]
