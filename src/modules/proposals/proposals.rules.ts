import { Conflict, Forbidden } from '../../core/http/errors.js'
import { allows } from '../../core/policy/policy.js'
import { POLICY } from '../../core/policy/rules.js'
import type { Principal } from '../../core/principals/auth.js'
import type { ProposalStatus } from './proposals.table.js'

/** The proposal life cycle: every status change must be one of these. */
export const PROPOSAL_TRANSITIONS: Readonly<Record<ProposalStatus, readonly ProposalStatus[]>> = {
  draft: ['submitted', 'withdrawn'],
  submitted: ['draft', 'shortlisted', 'parked', 'withdrawn'],
  shortlisted: ['submitted', 'parked', 'withdrawn', 'selected', 'not_selected'],
  parked: ['submitted', 'shortlisted', 'withdrawn'],
  not_selected: ['shortlisted', 'parked'],
  selected: [],
  withdrawn: ['draft']
}

/** The changes pitchers make to their own proposal; shortlisting, parking and selecting are for staff and admins. */
const PITCHER_TRANSITIONS: Readonly<Partial<Record<ProposalStatus, readonly ProposalStatus[]>>> = {
  draft: ['submitted', 'withdrawn'],
  submitted: ['draft', 'withdrawn'],
  shortlisted: ['withdrawn'],
  parked: ['withdrawn'],
  withdrawn: ['draft']
}

/** Statuses in which pitchers still edit the text of their proposal. */
const PITCHER_EDITABLE: readonly ProposalStatus[] = ['draft', 'submitted']

/** Statuses in which members can endorse a proposal. */
export const ENDORSABLE: readonly ProposalStatus[] = ['submitted', 'shortlisted', 'parked']

/** Staff, admins and operators manage proposals (`POLICY.proposal`); plain members the ones they pitched. */
export const managesProposals = (principal: Principal | null) => allows(POLICY.proposal.manage, principal)

/**
 * Whose drafts the caller sees besides everyone's published proposals: undefined when they see every draft
 * (`POLICY.proposal.seeDrafts`), else the member whose pitched drafts they see (themself).
 */
export const draftViewer = (principal: Principal | null): string | undefined =>
  allows(POLICY.proposal.seeDrafts, principal) ? undefined : principal?.kind === 'member' ? principal.id : NO_MEMBER

// An id no member has: a caller outside the rule and not a member sees no draft.
const NO_MEMBER = '00000000-0000-0000-0000-000000000000'

export function assertTransition (from: ProposalStatus, to: ProposalStatus, byManager: boolean): void {
  if (from === to) return
  if (!PROPOSAL_TRANSITIONS[from].includes(to)) {
    throw new Conflict(`A ${from} proposal cannot become ${to}; from ${from} it can become ${PROPOSAL_TRANSITIONS[from].join(', ') || 'nothing else'}.`)
  }
  if (!byManager && !(PITCHER_TRANSITIONS[from] ?? []).includes(to)) {
    throw new Forbidden(`Only staff and admins make a ${from} proposal ${to}.`)
  }
}

/** Pitchers edit their proposal's text only while it is a draft or submitted. */
export function assertPitcherMayEdit (status: ProposalStatus, changesText: boolean): void {
  if (changesText && !PITCHER_EDITABLE.includes(status)) {
    throw new Forbidden(`Only staff and admins edit a ${status} proposal.`)
  }
}
