import type { Executor } from '../../core/db/client.js'
import { Conflict, Forbidden, InputError, NotFound } from '../../core/http/errors.js'
import type { BallotContent } from './ballots.schemas.js'
import { validateBallot, type VoteRules } from './counting/index.js'
import { castInOneStatement, hasVoted, newBallot, replaceBallot, type Sealing } from './ballots.queries.js'
import { hashReceipt, sealedLength, voteKeys } from './ballots.sealing.js'
import { voteRules } from './results.service.js'
import { settleDueVotes } from './votes.service.js'
import { lockVote, optionsOf } from './votes.queries.js'
import type { VoteRow } from './votes.table.js'

/** What casting needs of a vote: its rules and whether it is secret. They never change once the vote is open. */
interface CastingRules { rules: VoteRules, secret: boolean }

/*
 * The casting rules of open votes, in process. An entry is made only from an open vote, whose method, seats, options
 * and secrecy can no longer change (only CHANGEABLE_WHILE_OPEN fields do, none of them a rule), so it is never stale;
 * whether the vote is still open is decided by the casting statement itself, under the vote's lock.
 */
const castingRules = new Map<string, CastingRules>()
const CASTING_RULES_KEPT = 1_000

function remember (voteId: string, rules: CastingRules) {
  castingRules.set(voteId, rules)
  if (castingRules.size > CASTING_RULES_KEPT) castingRules.delete(castingRules.keys().next().value as string)
}

function assertValid (rules: VoteRules, content: BallotContent): void {
  const issues = validateBallot(rules, content)
  if (issues.length > 0) throw new InputError(issues.map(({ path, message }) => ({ path: path || '/', message })))
}

/**
 * Runs `write` while the vote is open and accepting ballots, under a share lock on the
 * vote so that it cannot close until the write commits; `sealing` is there on a secret vote.
 */
async function whileOpen<T> (
  db: Executor,
  ballotKey: string,
  networkId: string,
  voteId: string,
  write: (tx: Executor, vote: VoteRow, rules: VoteRules, sealing: Sealing | undefined) => Promise<T>
): Promise<T> {
  await settleDueVotes(db, ballotKey, { networkId, voteId })
  return db.transaction(async (tx) => {
    const vote = await lockVote(tx, networkId, voteId, 'share')
    if (vote === undefined) throw new NotFound(`Vote ${voteId} not found.`)
    if (vote.status !== 'open' || (vote.closesAt !== null && vote.closesAt <= new Date())) {
      throw new Conflict(vote.status === 'draft' ? 'The vote has not opened yet.' : 'The vote has closed.')
    }
    const rules = voteRules(vote, (await optionsOf(tx, networkId, [voteId])).get(voteId) ?? [])
    remember(voteId, { rules, secret: vote.secret })
    return write(tx, vote, rules, vote.secret ? sealingOf(ballotKey, voteId, rules) : undefined)
  })
}

const sealingOf = (ballotKey: string, voteId: string, rules: VoteRules): Sealing =>
  ({ keys: voteKeys(ballotKey, voteId), length: sealedLength(rules) })

/**
 * Casts the member's one ballot; returns the receipt, which is not stored anywhere. Once the vote's rules are known
 * in this process this is one statement (`castInOneStatement`); the first ballot of a vote here, and any ballot the
 * statement finds the vote not open to (not opened yet, due to close, closed, unknown), take the way that settles
 * due votes and reads the vote under its lock, which also says why.
 */
export async function castBallot (
  db: Executor, ballotKey: string, networkId: string, voteId: string, memberId: string, content: BallotContent
): Promise<{ receipt: string, receiptHash: string }> {
  const cast = async (tx: Executor, { rules, secret }: CastingRules) => {
    assertValid(rules, content)
    const sealing = secret ? sealingOf(ballotKey, voteId, rules) : undefined
    const { receipt, receiptHash, stored } = newBallot(content, sealing)
    const outcome = await castInOneStatement(tx, networkId, voteId, memberId, stored)
    if (!outcome.open) return undefined
    if (!outcome.onRoll) throw new Forbidden("You are not on this vote's roll: its electorate was fixed when it opened.")
    if (!outcome.cast) throw new Conflict('You have already voted in this vote.')
    return { receipt, receiptHash }
  }
  const known = castingRules.get(voteId)
  const done = known === undefined ? undefined : await cast(db, known)
  if (done !== undefined) return done
  return whileOpen(db, ballotKey, networkId, voteId, async (tx, vote, rules) => {
    const outcome = await cast(tx, { rules, secret: vote.secret })
    // Found open under the lock by this process's clock, but past its closing time by the database's.
    if (outcome === undefined) throw new Conflict('The vote has closed.')
    return outcome
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
  await whileOpen(db, ballotKey, networkId, voteId, async (tx, vote, rules, sealing) => {
    if (!vote.allowBallotChange) throw new Conflict('This vote does not allow changing a ballot once cast.')
    if (!(await hasVoted(tx, networkId, voteId, memberId))) { throw new Forbidden('Only voters change ballots, and you have not voted in this vote.') }
    assertValid(rules, content)
    if (
      !(await replaceBallot(
        tx, networkId, voteId, receiptHash, content, sealing === undefined ? { voterId: memberId } : { sealing }
      ))
    ) {
      throw new NotFound('No ballot of yours has this receipt.')
    }
  })
}
