/**
 * Shared shapes for vote counting. Everything a count returns is plain JSON data
 * (arrays, objects, strings, numbers, null) so the REST layer can send it unchanged.
 * Option ids are opaque strings, so per-option data is always a list of
 * `{ optionId, ... }` entries, never an object keyed by option id.
 */

export type CountingMethod = 'plurality' | 'approval' | 'score' | 'borda' | 'irv' | 'stv' | 'schulze'

/** Ballot for plurality and approval: the options voted for. */
export interface ChoiceBallot {
  readonly choices: readonly string[]
}

/** Ballot for borda, irv, stv and schulze: options in order of preference, most preferred first. */
export interface RankingBallot {
  readonly ranking: readonly string[]
}

/** Ballot for score: a whole score from 0 to maxScore for each option the voter rates. */
export interface ScoreBallot {
  readonly scores: Readonly<Record<string, number>>
}

export type Ballot = ChoiceBallot | RankingBallot | ScoreBallot

export interface VoteRules {
  readonly method: CountingMethod
  /** How many options win. irv always elects exactly one. */
  readonly seats: number
  /** plurality only: how many options a ballot may choose; defaults to 1. */
  readonly maxChoices?: number
  /** score only: the highest score a ballot may give; defaults to 5. */
  readonly maxScore?: number
  readonly optionIds: readonly string[]
}

/** A problem with a ballot or with the rules; `path` is a JSON pointer into the checked document. */
export interface ValidationIssue {
  readonly path: string
  readonly message: string
}

export type OptionStatus = 'elected' | 'not-elected' | 'excluded'

export interface TallyEntry {
  readonly optionId: string
  /**
   * The option's final count: ballots (plurality), approvals, score total, Borda points,
   * votes in the last round it took part in (irv, stv; fractional for stv, to 5 decimal
   * places; for an excluded option, what it held when excluded), or for schulze the
   * number of other options it beats on strongest paths.
   */
  readonly votes: number
  readonly status: OptionStatus
}

export interface OptionVotes {
  readonly optionId: string
  readonly votes: number
}

export interface Transfer {
  readonly kind: 'surplus' | 'exclusion'
  readonly from: string
  /** stv surplus only: the value a paper worth 1 carries on, truncated to 5 decimal places. */
  readonly transferValue: number | null
  /** The options that received votes, in option order, with what each received. */
  readonly to: OptionVotes[]
  /** Votes that had no further preference for a continuing option. */
  readonly exhausted: number
  /** stv surplus only: votes lost by truncating transfer values to 5 decimal places. */
  readonly truncationLoss: number
}

export interface Election {
  readonly optionId: string
  /**
   * majority: more than half of the continuing votes (irv);
   * quota: reached the Droop quota (stv);
   * remaining-seats: as many continuing options as unfilled seats (stv), elected without reaching the quota.
   */
  readonly reason: 'majority' | 'quota' | 'remaining-seats'
}

/** One stage of an irv or stv count. */
export interface Round {
  readonly round: number
  /**
   * Votes needed to be elected in this round: stv's Droop quota, or for irv a majority of this round's continuing
   * votes.
   */
  readonly quota: number
  /** Every option's votes at this stage, in option order; excluded options hold 0 once their ballots have moved on. */
  readonly counts: OptionVotes[]
  /** Ballots (or for stv, ballot value) with no continuing preference left, accumulated up to this stage. */
  readonly exhausted: number
  /** stv: value lost to truncation, accumulated up to this stage; always 0 for irv. */
  readonly truncationLoss: number
  readonly elected: Election[]
  readonly excluded: string[]
  /** The transfer made at the end of this stage; the next round's counts are its result. */
  readonly transfer: Transfer | null
}

/** schulze: matrices indexed like `optionIds`; row i, column j compares optionIds[i] with optionIds[j]. */
export interface PairwiseMatrices {
  readonly optionIds: string[]
  /** Ballots ranking i above j (a ranked option is above every unranked one). */
  readonly preferences: number[][]
  /** Strength of the strongest path from i to j, measured in winning votes. */
  readonly strongestPaths: number[][]
}

export type TieDecision = 'elect' | 'exclude' | 'transfer-surplus'

export type TieRule = 'earlier-round' | 'tie-break-order'

/** One application of the tie rule (see tie-break.ts). */
export interface TieBreak {
  /** The irv/stv round in which the tie arose; null for methods without rounds. */
  readonly round: number | null
  readonly decision: TieDecision
  readonly rule: TieRule
  /** The options the rule was applied to, in tie-break order. */
  readonly tied: string[]
  /** The count they were level on; null for schulze, where options tie on beat-paths rather than votes. */
  readonly votes: number | null
  /** earlier-round only: the round whose counts separated them. */
  readonly comparedRound: number | null
  /** The tied options the rule favoured: elected, kept in the count, or transferred first. */
  readonly favoured: string[]
  readonly explanation: string
}

export interface CountResult {
  readonly method: CountingMethod
  readonly seats: number
  /** Every ballot handed to the count. */
  readonly ballotsCast: number
  readonly validBallots: number
  /** Ballots failing validateBallot; set aside and reported, never counted. */
  readonly invalidBallots: number
  /** In order of election (irv, stv) or of final standing (other methods). Empty when there were no valid ballots. */
  readonly winners: string[]
  /** Every option, winners first, then by final standing. */
  readonly tally: TallyEntry[]
  /** Stages of the count for irv and stv; empty for the other methods. */
  readonly rounds: Round[]
  /** schulze only (null otherwise, and when there were no valid ballots). */
  readonly pairwise: PairwiseMatrices | null
  /** The tie-break order the count used, so anyone can check the tieBreaks. */
  readonly tieBreakOrder: string[]
  readonly tieBreaks: TieBreak[]
}

/** What a counting method decides; countVote adds the ballot accounting. */
export type MethodOutcome = Pick<CountResult, 'winners' | 'tally' | 'rounds' | 'pairwise' | 'tieBreaks'>
