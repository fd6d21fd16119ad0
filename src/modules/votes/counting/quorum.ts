/** A vote's quorum, as the ballots it needs: the larger of its minimum count and its minimum turnout of the roll. */
export interface Quorum {
  minBallots?: number | null
  minTurnoutPercent?: number | null
}

/** The ballots a vote needs to decide anything; a vote that has fewer is not counted. */
export const requiredBallots = (quorum: Quorum, electorateSize: number): number =>
  Math.max(quorum.minBallots ?? 0, Math.ceil(((quorum.minTurnoutPercent ?? 0) * electorateSize) / 100))

/** What a count decided: nothing when the quorum was missed or no ballot was valid. */
export const countOutcome = (quorumMet: boolean, validBallots: number) =>
  !quorumMet ? 'quorum_not_met' as const : validBallots === 0 ? 'no_valid_ballots' as const : 'decided' as const
