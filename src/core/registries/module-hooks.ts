/**
 * Functions a module provides to a module below it in the module order, which cannot import it without a cycle.
 * The core declares each hook and its type; the providing module fills it when it is imported (its index does),
 * the calling module calls it. A hook called before its module is loaded throws: the app always loads every module.
 */
import type { Executor } from '../db/client.js'
import type { EventInput } from '../events/outbox.js'

export interface Hook<Fn extends (...args: never[]) => unknown> {
  provide: (fn: Fn) => void
  call: (...args: Parameters<Fn>) => ReturnType<Fn>
}

function hook<Fn extends (...args: never[]) => unknown> (name: string): Hook<Fn> {
  let provided: Fn | undefined
  return {
    provide: (fn) => { provided = fn },
    call: (...args) => {
      if (provided === undefined) throw new Error(`No module provides ${name}`)
      return provided(...args) as ReturnType<Fn>
    }
  }
}

/** A vote with a proposal among its options. */
export interface VoteOnProposal {
  proposalId: string | null
  voteId: string
  status: 'draft' | 'open' | 'closed'
}

/** The statuses votes' closes give proposals, by proposal id, and when (the close's time). */
export type DecidedStatuses = ReadonlyMap<string, { status: 'selected' | 'not_selected', updatedAt: Date }>

/**
 * Votes build on proposals (their options are proposals, and closing one sets their statuses), yet the proposals
 * module settles due votes before it writes proposals, shows the statuses due votes decide, and refuses changes to a
 * proposal an open vote is about.
 */
export const proposalVotes = {
  /** Opens and closes the network's votes whose times have passed. */
  settleDue: hook<(db: Executor, ballotKey: string, networkId: string) => Promise<unknown>>('proposalVotes.settleDue'),
  /**
   * The statuses the network's votes due to close will give their proposals once settled, computed without writing
   * (the votes module's `dueProposalStatuses`): what reads of proposals show.
   */
  dueStatuses: hook<(db: Executor, ballotKey: string, networkId: string) => Promise<DecidedStatuses>>(
    'proposalVotes.dueStatuses'
  ),
  /** The votes that have these proposals as options; `unclosedOnly` skips closed votes. */
  on: hook<
    (
    db: Executor,
    networkId: string,
    proposalIds: readonly string[],
    unclosedOnly: boolean
    ) => Promise<VoteOnProposal[]>
      >('proposalVotes.on')
}

/** Issue groups build on workshops (a group's timeline lists its workshops), yet a workshop names its issue group. */
export const issueGroupExists =
  hook<(db: Executor, networkId: string, groupId: string) => Promise<boolean>>('issueGroupExists')

/**
 * Proposals build on workshops (a proposal names the breakout group that pitched it), yet deleting a breakout group
 * changes the proposals it pitched: this unlinks them, in the deletion's transaction, and returns their
 * `proposal.updated` events for the deletion to record.
 */
type UnlinkProposals = (tx: Executor, networkId: string, breakoutGroupId: string) => Promise<EventInput[]>
export const unlinkBreakoutGroupProposals = hook<UnlinkProposals>('unlinkBreakoutGroupProposals')
