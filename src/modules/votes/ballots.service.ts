import type { Executor } from '../../core/db/client.js'
import { Conflict, Forbidden, InputError, NotFound } from '../../core/http/errors.js'
import type { BallotContent } from './ballots.schemas.js'
import { validateBallot } from './counting/index.js'
import { hasVoted, isOnRoll, recordBallot, replaceBallot, type Sealing } from './ballots.queries.js'
import { hashReceipt, sealedLength, voteKeys } from './ballots.sealing.js'
import { voteRules } from './results.service.js'
import { settleDueVotes } from './votes.service.js'
import { lockVote, optionsOf } from './votes.queries.js'
import type { VoteRow } from './votes.table.js'

/**
 * Runs `write` while the vote is open and accepting ballots, under a share lock on the
 * vote so that it cannot close until the write commits. `assertValid` checks the ballot
 * against the vote's rules (422 naming each problem); `sealing` is there on a secret vote.
 */
async function whileOpen<T> (
  db: Executor,
  ballotKey: string,
  networkId: string,
  voteId: string,
  write: (
    tx: Executor, vote: VoteRow, assertValid: (content: BallotContent) => void, sealing: Sealing | undefined
  ) => Promise<T>
): Promise<T> {
  await settleDueVotes(db, ballotKey, { networkId, voteId })
  return db.transaction(async (tx) => {
    const vote = await lockVote(tx, networkId, voteId, 'share')
    if (vote === undefined) throw new NotFound(`Vote ${voteId} not found.`)
    if (vote.status !== 'open' || (vote.closesAt !== null && vote.closesAt <= new Date())) {
      throw new Conflict(vote.status === 'draft' ? 'The vote has not opened yet.' : 'The vote has closed.')
    }
    const rules = voteRules(vote, (await optionsOf(tx, networkId, [voteId])).get(voteId) ?? [])
    const sealing = vote.secret ? { keys: voteKeys(ballotKey, voteId), length: sealedLength(rules) } : undefined
    return write(
      tx,
      vote,
      (content) => {
        const issues = validateBallot(rules, content)
        if (issues.length > 0) throw new InputError(issues.map(({ path, message }) => ({ path: path || '/', message })))
      },
      sealing
    )
  })
}

/** Casts the member's one ballot; returns the receipt, which is not stored anywhere. */
export async function castBallot (
  db: Executor, ballotKey: string, networkId: string, voteId: string, memberId: string, content: BallotContent
) {
  return whileOpen(db, ballotKey, networkId, voteId, async (tx, _vote, assertValid, sealing) => {
    if (!(await isOnRoll(tx, networkId, voteId, memberId))) { throw new Forbidden("You are not on this vote's roll: its electorate was fixed when it opened.") }
    assertValid(content)
    const recorded = await recordBallot(tx, networkId, voteId, memberId, content, sealing)
    if (recorded === undefined) throw new Conflict('You have already voted in this vote.')
    return recorded
  })
}

/** Replaces the ballot whose receipt the voter holds, where the vote allows it. */
export async function changeBallot (
  db: Executor,
  ballotKey: string,
  networkId: string,
  voteId: string,
  memberId: string,
  receiptHash: string,
  receipt: string,
  content: BallotContent
): Promise<void> {
  if (hashReceipt(receipt) !== receiptHash) throw new Forbidden('The receipt does not match this ballot.')
  await whileOpen(db, ballotKey, networkId, voteId, async (tx, vote, assertValid, sealing) => {
    if (!vote.allowBallotChange) throw new Conflict('This vote does not allow changing a ballot once cast.')
    if (!(await hasVoted(tx, networkId, voteId, memberId))) { throw new Forbidden('Only voters change ballots, and you have not voted in this vote.') }
    assertValid(content)
    if (
      !(await replaceBallot(
        tx, networkId, voteId, receiptHash, content, sealing === undefined ? { voterId: memberId } : { sealing }
      ))
    ) {
      throw new NotFound('No ballot of yours has this receipt.')
    }
  })
}
