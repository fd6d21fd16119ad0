/**
 * Functions a module provides to a module below it in the module order, which cannot import it without a cycle.
 * The core declares each hook and its type; the providing module fills it when it is imported (its index does),
 * the calling module calls it. A hook called before its module is loaded throws: the app always loads every module.
 */
import type { Executor } from '../db/client.js'

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

/**
 * Votes build on proposals (their options are proposals, and closing one sets their statuses), yet the proposals
 * module settles due votes before it reads proposals and refuses changes to a proposal an open vote is about.
 */
export const proposalVotes = {
  /** Opens and closes the network's votes whose times have passed. */
  settleDue: hook<(db: Executor, ballotKey: string, networkId: string) => Promise<unknown>>('proposalVotes.settleDue'),
  /**
   * Runs `read` on the state the network's due votes leave proposals in once settled, writing nothing (the votes
   * module's `readSettled`).
   */
  readSettled:
    hook<
      (db: Executor, ballotKey: string, networkId: string, read: (db: Executor) => Promise<unknown>) => Promise<unknown>
        >('proposalVotes.readSettled'),
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
