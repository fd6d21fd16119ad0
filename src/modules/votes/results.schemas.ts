import { Type, type Static } from 'typebox'
import { named, Nullable, ref } from '../../core/http/schema.js'
import { VoteMethod, VoteOption, voteExample } from './votes.schemas.js'

/** The tie rule of counting/tie-break.ts, written for API consumers. */
export const TIE_RULE = `**Ties.** When options have equal standing and that decides who is elected, who is excluded, or whose surplus is transferred first, the tie is settled by:

1. *Earlier rounds*, for round-based counts (\`irv\`, \`stv\`). Look back through the earlier rounds, most recent first, to the latest round in which the tied options did not all have the same number of votes. When choosing whom to exclude, only the options with the fewest votes in that round stay in the tie; when choosing whose surplus to transfer first, only those with the most. If several options are still tied, keep looking further back among just those.
2. *The tie-break order*, when earlier rounds do not separate the options or the method has no rounds. The option that comes first in the vote's \`tieBreakOrder\` is elected (or has its surplus transferred first); when excluding, the option that comes last in it is excluded. In \`plurality\`, \`approval\`, \`score\` and \`borda\`, options level on the last winning total share the remaining seats in tie-break order.

The tie-break order is fixed when the vote is created, before any ballot, and published with the vote: the option ids sorted by the lowercase hexadecimal SHA-256 digest of the UTF-8 text \`<voteId>:<optionId>\` (digests compared as plain strings). Anyone can recompute it.

Every use of rule 1 or 2 is listed in \`tieBreaks\`. In \`irv\` and \`stv\` that includes every tie for exclusion or for the order of surpluses, even where the outcome would have been the same. Options whose order decides nothing are listed in tie-break order without a record.

For \`schulze\`, a tie means the strongest paths leave open which options fill the seats. The Schulze ranking is then built by taking, at each place, the unbeaten option that comes first in the tie-break order, and the top \`seats\` win.

Rule 1 follows rules 49(2) and 51(2) of the Scottish Local Government Elections Order 2007; rule 2 stands in for that Order's drawing of lots.`

/** The round-based rules of counting/irv.ts and counting/stv.ts, written for API consumers. */
export const ROUND_RULES = `**IRV.** Each round counts every ballot for its highest-ranked continuing option. An option with more than half of the votes still held by continuing options (exhausted ballots no longer count towards the majority) is elected; otherwise the option with the fewest votes is excluded, one per round, and its ballots move to their next continuing preference.

**STV** follows the counting rules of the Scottish Local Government Elections Order 2007 (SSI 2007/42, schedule 1, rules 45–52): the weighted inclusive Gregory method with values truncated to five decimal places.
- Quota (rule 46): floor(valid ballots / (seats + 1)) + 1, the Droop quota.
- At each stage every continuing option with at least the quota is elected (rule 47), in descending order of votes.
- When as many options are continuing as seats remain unfilled, they are all elected and nothing more is transferred (rule 52); the count also ends as soon as every seat is filled.
- Otherwise, if an elected option has votes above the quota, the largest such surplus is transferred (rules 48, 49): every ballot the option holds moves to its next continuing preference, a ballot of value v now worth v × surplus / total, truncated to five decimal places; the option keeps exactly the quota. Value lost to truncation is reported in \`truncationLoss\`, not redistributed.
- Otherwise the continuing option with the fewest votes is excluded (rule 50) and its ballots move on at the value they carry.
- Arithmetic is exact: votes are integers in hundred-thousandths of a ballot.`

const OptionId = Type.String({ description: 'An option id of the vote.' })
const namedEnum = <Values extends string[]>(name: string, values: [...Values], description: string) =>
  Type.Enum(values, named(name, description))

export const TallyStatus = namedEnum('TallyStatus', ['elected', 'not-elected', 'excluded'], 'Where the option ended: elected, not elected, or excluded during the count (irv, stv).')
export const ElectionReason = namedEnum('ElectionReason', ['majority', 'quota', 'remaining-seats'], '`majority` (irv), `quota` (stv), or `remaining-seats`: as many continuing options as unfilled seats (stv).')
export const TransferKind = namedEnum('TransferKind', ['surplus', 'exclusion'], '`surplus`: an elected option\'s votes beyond the quota (stv); `exclusion`: an excluded option\'s votes.')
export const TieBreakDecision = namedEnum('TieBreakDecision', ['elect', 'exclude', 'transfer-surplus'], 'What the tie decided: whom to elect, whom to exclude, or whose surplus to transfer first.')
export const TieBreakRule = namedEnum('TieBreakRule', ['earlier-round', 'tie-break-order'], 'The rule that settled the tie: an earlier round, or the vote\'s `tieBreakOrder`.')
export const VoteOutcome = namedEnum('VoteOutcome', ['decided', 'quorum_not_met', 'no_valid_ballots'],
  '`decided`: `winners` won. `quorum_not_met`: turnout was below the quorum, nothing was decided and no count was made (`winners`, `tally` and `rounds` are empty; the ballots are still published). `no_valid_ballots`: nobody voted.')

export const OptionVotes = Type.Object({ optionId: OptionId, votes: Type.Number() }, {
  ...named('OptionVotes', 'An option\'s votes at one stage of an irv or stv count, or received in a transfer.'), additionalProperties: false
})

export const RoundElection = Type.Object({
  optionId: OptionId,
  reason: ref(ElectionReason)
}, { ...named('RoundElection', 'An option elected in a round of an irv or stv count, and why.'), additionalProperties: false })

export const VoteTransfer = Type.Object({
  kind: ref(TransferKind),
  from: OptionId,
  transferValue: Nullable(Type.Number({ description: 'stv surplus only: the value a paper worth 1 carries on, truncated to 5 decimal places.' })),
  to: Type.Array(ref(OptionVotes), { description: 'The options that received votes, in option order.' }),
  exhausted: Type.Number({ description: 'Votes with no further preference for a continuing option.' }),
  truncationLoss: Type.Number()
}, { ...named('VoteTransfer', 'The votes moved at the end of a stage of an irv or stv count: an elected option\'s surplus or an excluded option\'s votes.'), additionalProperties: false })

export const TallyEntry = Type.Object({
  optionId: OptionId,
  votes: Type.Number({
    description: 'The option\'s final count: ballots (plurality), approvals, score total, Borda points, votes in the last round it took part in (irv, stv; fractional for stv, to 5 decimal places; for an excluded option, what it held when excluded), or for schulze the number of other options it beats on strongest paths.'
  }),
  status: ref(TallyStatus)
}, { ...named('TallyEntry', 'An option\'s final count under the vote\'s method.'), additionalProperties: false })

export const CountRound = Type.Object({
  round: Type.Integer({ minimum: 1 }),
  quota: Type.Number({ description: 'Votes needed to be elected in this round: stv\'s Droop quota, or for irv a majority of this round\'s continuing votes.' }),
  counts: Type.Array(ref(OptionVotes), { description: 'Every option\'s votes at this stage, in option order; excluded options hold 0 once their ballots have moved on.' }),
  exhausted: Type.Number({ description: 'Ballots (for stv, ballot value) with no continuing preference left, accumulated up to this stage.' }),
  truncationLoss: Type.Number({ description: 'stv: value lost to truncation, accumulated up to this stage; always 0 for irv.' }),
  elected: Type.Array(ref(RoundElection)),
  excluded: Type.Array(OptionId),
  transfer: Type.Union([ref(VoteTransfer), Type.Null()], { description: 'The transfer made at the end of this stage; the next round\'s counts are its result.' })
}, { ...named('CountRound', 'One stage of an irv or stv count.'), additionalProperties: false })

export const TieBreak = Type.Object({
  round: Nullable(Type.Integer({ description: 'The irv/stv round in which the tie arose; null for methods without rounds.' })),
  decision: ref(TieBreakDecision),
  rule: ref(TieBreakRule),
  tied: Type.Array(OptionId, { description: 'The options the rule was applied to, in tie-break order.' }),
  votes: Nullable(Type.Number({ description: 'The count they were level on; null for schulze.' })),
  comparedRound: Nullable(Type.Integer({ description: '`earlier-round` only: the round whose counts separated them.' })),
  favoured: Type.Array(OptionId, { description: 'The tied options the rule favoured: elected, kept in the count, or transferred first.' }),
  explanation: Type.String()
}, { ...named('TieBreak', 'One application of the tie rule.'), additionalProperties: false })

export const QuorumOutcome = Type.Object({
  minBallots: Nullable(Type.Integer()),
  minTurnoutPercent: Nullable(Type.Integer()),
  requiredBallots: Type.Integer({ minimum: 0, description: 'The ballots the quorum needed, given the electorate.' }),
  met: Type.Boolean()
}, { ...named('QuorumOutcome', 'The vote\'s quorum and whether the turnout met it.'), additionalProperties: false })

export const PairwiseMatrices = Type.Object({
  optionIds: Type.Array(OptionId),
  preferences: Type.Array(Type.Array(Type.Number()), { description: 'Row i, column j: ballots ranking optionIds[i] above optionIds[j] (a ranked option is above every unranked one).' }),
  strongestPaths: Type.Array(Type.Array(Type.Number()), { description: 'Strength of the strongest path from i to j, in winning votes.' })
}, { ...named('PairwiseMatrices', 'The matrices behind a schulze ranking, rows and columns in the order of `optionIds`.'), additionalProperties: false })

export const VoteResult = Type.Object({
  voteId: Type.String({ format: 'uuid' }),
  method: ref(VoteMethod),
  seats: Type.Integer({ minimum: 1 }),
  final: Type.Boolean({ description: 'True once the vote has closed; false for a provisional count of an open vote that shows results while open.' }),
  countedAt: Type.String({ format: 'date-time' }),
  outcome: ref(VoteOutcome),
  electorateSize: Type.Integer({ minimum: 0 }),
  ballotsCast: Type.Integer({ minimum: 0 }),
  validBallots: Type.Integer({ minimum: 0 }),
  invalidBallots: Type.Integer({ minimum: 0, description: 'Ballots set aside by the count; always 0 here, since ballots are checked when cast.' }),
  turnoutPercent: Type.Number({ minimum: 0, maximum: 100, description: 'Ballots cast as a percentage of the electorate, to 2 decimal places.' }),
  quorum: Nullable(ref(QuorumOutcome)),
  options: Type.Array(ref(VoteOption), { description: 'The options, in ballot order, so the result stands on its own.' }),
  winners: Type.Array(OptionId, {
    description: 'In order of election (irv, stv) or of final standing (other methods). A decided count fills every seat, even where that takes an option few or no ballots supported (level options are then separated by the tie rule); empty when nothing was decided.'
  }),
  tally: Type.Array(ref(TallyEntry), { description: 'Every option, winners first, then by final standing.' }),
  rounds: Type.Array(ref(CountRound), { description: 'The working of irv and stv, stage by stage; empty for the other methods.' }),
  pairwise: Type.Union([ref(PairwiseMatrices), Type.Null()], { description: 'schulze only: the matrices behind the ranking.' }),
  tieBreakOrder: Type.Array(OptionId),
  tieBreaks: Type.Array(ref(TieBreak), { description: 'Every time the tie rule was used; empty when no tie mattered.' }),
  issueGroupIds: Type.Array(Type.String({ format: 'uuid' }), { description: 'Issue groups created for the winners when the vote closed (with `createIssueGroups`).' })
}, {
  ...named('VoteResult', `The count of a vote, stored when it closes. Anyone can recount it from the published ballots with the same rules.\n\n${TIE_RULE}\n\n${ROUND_RULES}`),
  additionalProperties: false,
  examples: [{
    voteId: voteExample.id,
    method: 'plurality',
    seats: 2,
    final: true,
    countedAt: '2012-01-27T17:00:00.000Z',
    outcome: 'decided',
    electorateSize: 14,
    ballotsCast: 12,
    validBallots: 12,
    invalidBallots: 0,
    turnoutPercent: 85.71,
    quorum: { minBallots: null, minTurnoutPercent: 50, requiredBallots: 7, met: true },
    options: voteExample.options,
    winners: ['0190a5a4-3c1e-7f00-8000-000000000001', '0190a5a4-3c1e-7f00-8000-000000000002'],
    tally: [
      { optionId: '0190a5a4-3c1e-7f00-8000-000000000001', votes: 5, status: 'elected' },
      { optionId: '0190a5a4-3c1e-7f00-8000-000000000002', votes: 4, status: 'elected' },
      { optionId: '0190a5a4-3c1e-7f00-8000-000000000003', votes: 3, status: 'not-elected' }
    ],
    rounds: [],
    pairwise: null,
    tieBreakOrder: voteExample.tieBreakOrder,
    tieBreaks: [],
    issueGroupIds: ['e5a9c4b2-7d1f-4e3a-b6c8-9f2d1a7e5b04', 'a8d2f6c4-3b7e-4f1a-9c5d-6e2b8f4a1c79']
  }]
})
export type VoteResult = Static<typeof VoteResult>

export const resultSchemas = [
  TallyStatus, ElectionReason, TransferKind, TieBreakDecision, TieBreakRule, VoteOutcome, TallyEntry,
  OptionVotes, RoundElection, VoteTransfer, CountRound, TieBreak, QuorumOutcome, PairwiseMatrices, VoteResult
]
