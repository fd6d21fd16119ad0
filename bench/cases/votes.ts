import { createHash, randomBytes } from 'node:crypto'
import { memberToken, networkWithAdmin, openIrvVote, type BenchModule } from '../context.js'

/** Enough voters that neither side runs out during its runs: each member casts one ballot per vote. */
const VOTER_COUNT = { quick: 6_000, full: 60_000 }
const NETWORK = 'bench-votes'
const OPTION_COUNT = 10

let networkId = ''
let voteId = ''
let baselineVoteId = ''
let optionIds: string[] = []
let voters: string[] = []
let appVoter = 0
let baselineVoter = 0

/** A ranking of five options, rotated so ballots differ. */
const ranking = (seed: number) =>
  Array.from({ length: 5 }, (_, index) => optionIds[(seed + index * 3) % OPTION_COUNT] as string)

export const votesBench: BenchModule = {
  name: 'votes',

  // Runs in the server process: it knows nothing the seed set, so everything comes in the request.
  registerBaseline (baseline, pool) {
    // The statements a ballot ends in, without the API around them: lock the vote, check the roll, mark the voter,
    // store the ballot.
    baseline.post<{ Body: { memberId: string; ranking: string[] }; Params: { networkId: string; voteId: string } }>(
      '/networks/:networkId/votes/:voteId/ballots',
      async (request, reply) => {
        const { networkId, voteId } = request.params
        const client = await pool.connect()
        try {
          await client.query('BEGIN')
          await client.query('SELECT id FROM votes WHERE network_id = $1 AND id = $2 FOR SHARE', [networkId, voteId])
          await client.query('SELECT 1 FROM vote_electors WHERE network_id = $1 AND vote_id = $2 AND member_id = $3', [
            networkId,
            voteId,
            request.body.memberId
          ])
          await client.query('INSERT INTO vote_voters (network_id, vote_id, member_id) VALUES ($1, $2, $3)', [
            networkId,
            voteId,
            request.body.memberId
          ])
          const receipt = randomBytes(16).toString('base64url')
          await client.query(
            'INSERT INTO ballots (network_id, vote_id, receipt_hash, content) VALUES ($1, $2, $3, $4)',
            [networkId, voteId, createHash('sha256').update(receipt).digest('hex'), { ranking: request.body.ranking }]
          )
          await client.query('COMMIT')
          return reply.code(201).send({ receipt })
        } catch (error) {
          await client.query('ROLLBACK')
          throw error
        } finally {
          client.release()
        }
      }
    )
  },

  async seed (context) {
    let adminHeaders: Record<string, string>
    ;({ networkId, adminHeaders } = await networkWithAdmin(context, NETWORK))
    const count = context.size ?? (context.quick ? VOTER_COUNT.quick : VOTER_COUNT.full)
    voters = (
      await context.sql.query(
        `
      INSERT INTO members (id, network_id, email, full_name, role, status)
      SELECT gen_random_uuid(), $1, 'voter' || g || '@bench.example.org', 'Voter ' || g, 'member', 'active'
      FROM generate_series(1, $2::int) AS g RETURNING id`,
        [networkId, count]
      )
    ).rows.map((row) => row.id)
    const vote = await openIrvVote(context, networkId, adminHeaders, 'Benchmark vote', OPTION_COUNT)
    voteId = vote.id
    optionIds = vote.optionIds
    baselineVoteId = (await openIrvVote(context, networkId, adminHeaders, 'Baseline vote', OPTION_COUNT)).id
  },

  cases: () => [
    {
      kind: 'throughput',
      name: 'votes: cast an irv ballot',
      goal: 0.7,
      growth: true,
      status: 201,
      app: {
        method: 'POST',
        path: `/v1/networks/${networkId}/votes/${voteId}/ballots`,
        // Each request is another voter's first ballot.
        headers: () => ({
          authorization: `Bearer ${memberToken(networkId, voters[appVoter++ % voters.length] as string)}`
        }),
        body: () => JSON.stringify({ ranking: ranking(appVoter) })
      },
      baseline: {
        method: 'POST',
        path: `/networks/${networkId}/votes/${baselineVoteId}/ballots`,
        body: () =>
          JSON.stringify({ memberId: voters[baselineVoter++ % voters.length], ranking: ranking(baselineVoter) })
      }
    }
  ]
}
