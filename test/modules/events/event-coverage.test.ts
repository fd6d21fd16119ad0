import { and, eq, inArray } from 'drizzle-orm'
import type { LightMyRequestResponse } from 'fastify'
import { test } from 'tap'
import type { EventType } from '../../../src/core/events/event-types.js'
import { votes } from '../../../src/modules/votes/votes.table.js'
import { workshopReports } from '../../../src/modules/workshop-reports/workshop-reports.table.js'
import { notifications } from '../../../src/modules/notifications/notifications.table.js'
import { evaluationAssessments } from '../../../src/modules/evaluation-frameworks/evaluation-frameworks.table.js'
import { sweepDueVotes } from '../../../src/modules/votes/jobs/vote-sweeper.js'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { inDays } from '../fixtures.js'

interface Entry { id: string, eventType: EventType, resourceId: string, actor: { kind: string } }
interface Expected { type: EventType, resourceId: string, actorKind?: string }
interface Operation { method: string, path: string, operationId: string, pattern: RegExp }

/**
 * The writes in a network that record no event, each with the reason. Every other write the app
 * serves must be made below and leave exactly its events: the last test fails on one that is not.
 */
const NO_EVENT: Record<string, string> = {
  deleteNetwork: 'the network\'s audit log and webhooks go with it: nobody is left to tell',
  inviteMember: 'an invitation is a one-time credential, never shown in the log; accepting it records member.updated',
  castBallot: 'ballots are secret: an event would tie a member to the moment they voted; the vote\'s results are its record',
  changeBallotByReceipt: 'ballots are secret, as for castBallot',
  changeBallot: 'ballots are secret, as for castBallot',
  checkBallot: 'it only reads: a voter checks that their receipt was counted',
  rotateCalendarFeed: 'a member\'s private feed URL is a credential of their own, not network data',
  deleteCalendarFeed: 'a member\'s private feed URL is a credential of their own, not network data',
  retryWebhookDelivery: 'it re-queues a delivery of an event already recorded; the delivery log shows the attempts'
}

/** The non-GET operations under /v1/networks/{networkId}, from the app's own OpenAPI document. */
function networkWrites (document: { paths: Record<string, Record<string, { operationId?: string }>> }): Operation[] {
  const operations: Operation[] = []
  for (const [path, methods] of Object.entries(document.paths)) {
    if (!path.startsWith('/v1/networks/{networkId}')) continue
    for (const [method, operation] of Object.entries(methods)) {
      if (['get', 'head', 'options', 'parameters'].includes(method) || operation.operationId === undefined) continue
      const pattern = new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`)
      operations.push({ method: method.toUpperCase(), path, operationId: operation.operationId, pattern })
    }
  }
  // A literal segment (members/sync) wins over a parameter (members/{memberId}).
  return operations.sort((a, b) => a.path.split('{').length - b.path.split('{').length)
}

/**
 * Every kind of write, made through the API, leaves exactly the events it should in the audit
 * log; a write that fails leaves none. The steps run in order: later ones use what earlier made.
 */
test('every write records its event, and only a write that succeeds', async (t) => {
  const app = await buildTestApp(t)
  const net = await seedNetwork(app, 'events')
  const base = `/v1/networks/${net.id}`
  const { admin, staff, member } = net.as
  const operations = networkWrites(app.swagger() as unknown as Parameters<typeof networkWrites>[0])
  /** The operations a write below made successfully. */
  const exercised = new Set<string>()
  const exercise = (method: string, url: string) => {
    const path = `${base}${url}`.split('?')[0] as string
    const operation = operations.find((operation) => operation.method === method && operation.pattern.test(path))
    if (operation !== undefined) exercised.add(operation.operationId)
  }

  const call = async (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'GET', url: string, headers: Record<string, string>, payload?: object, etag?: string) =>
    app.inject({ method, url: `${base}${url}`, headers: etag === undefined ? headers : { ...headers, 'if-match': etag }, ...(payload === undefined ? {} : { payload }) })
  /** Makes the write, insists on its status, and returns its body (with its ETag as `etag`). */
  const write = async (status: number, ...args: Parameters<typeof call>) => {
    const response: LightMyRequestResponse = await call(...args)
    t.equal(response.statusCode, status, `${args[0]} ${args[1]}: ${response.body}`)
    if (response.statusCode === status) exercise(args[0], args[1])
    return { ...(response.body === '' ? {} : response.json()), etag: response.headers.etag as string }
  }
  const newest = async (limit: number) => {
    const response = await call('GET', `/audit-log?limit=${limit}`, admin)
    t.equal(response.statusCode, 200)
    return response.json().data as Entry[]
  }
  const since = async (marker: string | undefined) => {
    const entries = await newest(100)
    const end = entries.findIndex((entry) => entry.id === marker)
    return end === -1 ? entries : entries.slice(0, end)
  }
  const STALE = '"999"'

  const made: Record<string, { id: string, etag: string, [field: string]: unknown }> = {}
  const keep = (name: string, body: { id?: string; etag: string }, id = body.id as string) => {
    made[name] = { ...body, id }
    return id
  }
  // A report's id is not in its view (it is the workshop's): read it where the event names it.
  const reportId = async () => (await app.db.select({ id: workshopReports.id }).from(workshopReports)
    .where(eq(workshopReports.workshopId, made.heldWorkshop?.id as string)))[0]?.id as string
  const frameworks = (id?: string) => `/issue-groups/${made.group?.id}/evaluation-frameworks${id === undefined ? '' : `/${id}`}`
  const optionOf = () => (made.framework?.options as Array<{ id: string }>)[0]?.id as string
  const cell = () => `${frameworks(made.framework?.id)}/assessments/${(made.framework?.principles as Array<{ id: string }>)[0]?.id}/${optionOf()}`
  // An assessment's id is not in its view (the cell names it): read it where the event names it.
  const assessmentId = async () => (await app.db.select({ id: evaluationAssessments.id }).from(evaluationAssessments)
    .where(eq(evaluationAssessments.frameworkId, made.framework?.id as string)))[0]?.id as string
  const membership = (memberId: string) => `${made.group?.id}/${memberId}`

  /** A comment on each kind of resource that has a thread, each made with its resource; then one comment's life. */
  const thread = (url: string) => `${url}/comments`
  const commentOn = async (type: Expected['type'], url: string, body: object): Promise<Expected[]> => {
    const resource = await write(201, 'POST', url, staff, body)
    const comment = await write(201, 'POST', thread(`${url}/${resource.id as string}`), staff, { body: 'A comment.' })
    return [{ type, resourceId: resource.id as string }, { type: 'comment.created', resourceId: comment.id as string }]
  }
  const commentWrites = (): Array<{ does: string, act: () => Promise<Expected[]> }> => [
    { does: 'form a group to comment in', act: async () => [{ type: 'issue_group.created', resourceId: keep('debated', await write(201, 'POST', '/issue-groups', admin, { title: 'Debated' })) }] },
    { does: 'comment on an issue group', act: async () => [{ type: 'comment.created', resourceId: keep('comment', await write(201, 'POST', thread(`/issue-groups/${made.debated?.id}`), member, { body: 'Welcome.' })) }] },
    { does: 'comment on a contribution', act: async () => commentOn('contribution.created', `/issue-groups/${made.debated?.id}/contributions`, { title: 'Paper', summary: 'Read it.' }) },
    { does: 'comment on an output', act: async () => commentOn('issue_group_output.created', `/issue-groups/${made.debated?.id}/outputs`, { title: 'Report', kind: 'report' }) },
    { does: 'comment on a framework', act: async () => commentOn('evaluation_framework.created', `/issue-groups/${made.debated?.id}/evaluation-frameworks`, { title: 'Models' }) },
    { does: 'comment on a proposal', act: async () => commentOn('proposal.created', '/proposals', { title: 'Debate', pitchedBy: [net.ids.member], status: 'shortlisted' }) },
    { does: 'comment on a case study', act: async () => commentOn('case_study.created', '/case-studies', { title: 'Ealing', summary: 'A case.', sector: 'public' }) },
    { does: 'comment on a workshop', act: async () => commentOn('workshop.created', '/workshops', { title: 'Debate', kind: 'roundtable', startsAt: inDays(9), endsAt: inDays(9, 2) }) },
    { does: 'comment on a questionnaire', act: async () => commentOn('questionnaire.created', '/questionnaires', { title: 'Views', questions: [{ kind: 'scale', prompt: 'How?' }] }) },
    { does: 'edit a comment', act: async () => [{ type: 'comment.updated', resourceId: keep('comment', await write(200, 'PATCH', `/comments/${made.comment?.id}`, member, { body: 'Welcome all.' }, made.comment?.etag)) }] },
    { does: 'report a comment', act: async () => [{ type: 'comment_report.created', resourceId: keep('commentReport', await write(201, 'POST', `/comments/${made.comment?.id}/reports`, staff, { reason: 'Curt.' })) }] },
    { does: 'dismiss a report', act: async () => [{ type: 'comment_report.updated', resourceId: keep('commentReport', await write(200, 'PATCH', `/comment-reports/${made.commentReport?.id}`, admin, { status: 'dismissed' })) }] },
    {
      does: 'hide a reported comment',
      act: async () => {
        const report = await write(201, 'POST', `/comments/${made.comment?.id}/reports`, staff, { reason: 'Still curt.' })
        const hidden = await write(200, 'POST', `/comments/${made.comment?.id}/hide`, admin, { reason: 'Curt.' })
        keep('comment', hidden)
        return [{ type: 'comment_report.created', resourceId: report.id as string }, { type: 'comment.hidden', resourceId: hidden.id as string }, { type: 'comment_report.updated', resourceId: report.id as string }]
      }
    },
    { does: 'restore a comment', act: async () => [{ type: 'comment.restored', resourceId: keep('comment', await write(200, 'POST', `/comments/${made.comment?.id}/restore`, admin, { reason: 'On appeal.' })) }] },
    { does: 'delete a comment', act: async () => [{ type: 'comment.deleted', resourceId: (await write(204, 'DELETE', `/comments/${made.comment?.id}`, member), made.comment?.id as string) }] },
    { does: 'mute a member', act: async () => [{ type: 'comment_mute.created', resourceId: (await write(201, 'PUT', `/comment-mutes/${net.ids.member}`, staff, { until: inDays(3), reason: 'Curt.' }), net.ids.member) }] },
    { does: 'change a mute', act: async () => [{ type: 'comment_mute.updated', resourceId: (await write(200, 'PUT', `/comment-mutes/${net.ids.member}`, staff, { until: inDays(4), reason: 'Curt.' }), net.ids.member) }] },
    { does: 'lift a mute', act: async () => [{ type: 'comment_mute.deleted', resourceId: (await write(204, 'DELETE', `/comment-mutes/${net.ids.member}`, staff), net.ids.member) }] },
    { does: 'change the comment settings', act: async () => [{ type: 'comment_settings.updated', resourceId: (await write(200, 'PATCH', '/comment-settings', admin, { erasure: 'remove_text' }), net.id) }] }
  ]

  const writes: Array<{ does: string, act: () => Promise<Expected[]> }> = [
    { does: 'choose what the network publishes', act: async () => [{ type: 'public_page.updated', resourceId: (await write(200, 'PATCH', '/public-page', admin, { enabled: true }), net.id) }] },
    { does: 'create an issue group', act: async () => [{ type: 'issue_group.created', resourceId: keep('group', await write(201, 'POST', '/issue-groups', admin, { title: 'Dependency' })) }] },
    { does: 'update an issue group', act: async () => [{ type: 'issue_group.updated', resourceId: keep('group', await write(200, 'PATCH', `/issue-groups/${made.group?.id}`, staff, { question: 'Why?' }, made.group?.etag)) }] },
    ...(['methodology step', 'milestone', 'output', 'recommendation'] as const).flatMap((what) => {
      const parts: Record<typeof what, { path: string, type: string, body: object, change: object }> = {
        'methodology step': { path: 'methodology-steps', type: 'methodology_step', body: { kind: 'workshop', title: 'Workshop' }, change: { title: 'Roundtable' } },
        milestone: { path: 'milestones', type: 'milestone', body: { title: 'Meet-up', when: 'late March', year: 2012 }, change: { title: 'Spring meet-up' } },
        output: { path: 'outputs', type: 'issue_group_output', body: { title: 'A report', kind: 'report' }, change: { status: 'published' } },
        recommendation: { path: 'recommendations', type: 'recommendation', body: { text: 'Share back offices' }, change: { status: 'accepted' } }
      }
      const { path, type, body, change } = parts[what]
      const url = () => `/issue-groups/${made.group?.id}/${path}`
      return [
        { does: `add a ${what}`, act: async () => [{ type: `${type}.created` as EventType, resourceId: keep(what, await write(201, 'POST', url(), staff, body)) }] },
        { does: `update a ${what}`, act: async () => [{ type: `${type}.updated` as EventType, resourceId: keep(what, await write(200, 'PATCH', `${url()}/${made[what]?.id}`, staff, change, made[what]?.etag)) }] },
        ...(what === 'recommendation'
          ? [{ does: 'add a recommendation\'s progress note', act: async () => [{ type: 'recommendation.updated' as EventType, resourceId: keep(what, await write(200, 'POST', `${url()}/${made[what]?.id}/progress`, staff, { on: '2013-01-15', note: 'Begun' })) }] }]
          : []),
        { does: `remove a ${what}`, act: async () => [{ type: `${type}.deleted` as EventType, resourceId: (await write(204, 'DELETE', `${url()}/${made[what]?.id}`, staff), made[what]?.id as string) }] }
      ]
    }),
    {
      does: 'contribute to an issue group',
      act: async () => [{ type: 'contribution.created', resourceId: keep('contribution', await write(201, 'POST', `/issue-groups/${made.group?.id}/contributions`, member, { title: 'A report', summary: 'What we found.' })) }]
    },
    {
      does: 'change a contribution',
      act: async () => [{
        type: 'contribution.updated',
        resourceId: keep('contribution', await write(200, 'PATCH', `/issue-groups/${made.group?.id}/contributions/${made.contribution?.id}`, member, { summary: 'What we found out.' }, made.contribution?.etag))
      }]
    },
    {
      does: 'remove a contribution',
      act: async () => [{ type: 'contribution.deleted', resourceId: (await write(204, 'DELETE', `/issue-groups/${made.group?.id}/contributions/${made.contribution?.id}`, staff), made.contribution?.id as string) }]
    },
    { does: 'join an issue group', act: async () => [{ type: 'issue_group_member.created', resourceId: keep('joined', await write(201, 'POST', `/issue-groups/${made.group?.id}/members`, member, {}), membership(net.ids.member)) }] },
    { does: 'add someone to an issue group', act: async () => [{ type: 'issue_group_member.created', resourceId: keep('added', await write(201, 'POST', `/issue-groups/${made.group?.id}/members`, staff, { memberId: net.ids.staff, role: 'chair' }), membership(net.ids.staff)) }] },
    {
      does: 'change a role in an issue group',
      act: async () => [{ type: 'issue_group_member.updated', resourceId: keep('joined', await write(200, 'PATCH', `/issue-groups/${made.group?.id}/members/${net.ids.member}`, staff, { role: 'co_chair' }, made.joined?.etag), membership(net.ids.member)) }]
    },
    { does: 'leave an issue group', act: async () => [{ type: 'issue_group_member.deleted', resourceId: (await write(204, 'DELETE', `/issue-groups/${made.group?.id}/members/${net.ids.member}`, member, undefined, made.joined?.etag), membership(net.ids.member)) }] },
    { does: 'remove someone from an issue group', act: async () => [{ type: 'issue_group_member.deleted', resourceId: (await write(204, 'DELETE', `/issue-groups/${made.group?.id}/members/${net.ids.staff}`, staff), membership(net.ids.staff)) }] },
    {
      does: 'add an evaluation framework',
      act: async () => [{ type: 'evaluation_framework.created', resourceId: keep('framework', await write(201, 'POST', frameworks(), staff, { title: 'Models', principles: [{ name: 'Accountable' }], options: [{ name: 'Shared' }] })) }]
    },
    { does: 'change an evaluation framework', act: async () => [{ type: 'evaluation_framework.updated', resourceId: keep('framework', await write(200, 'PATCH', frameworks(made.framework?.id), staff, { title: 'Delivery models' }, made.framework?.etag)) }] },
    { does: 'score a cell of a framework', act: async () => [{ type: 'evaluation_assessment.created', resourceId: (await write(201, 'PUT', cell(), staff, { score: 3 }), await assessmentId()) }] },
    { does: 'rescore a cell of a framework', act: async () => [{ type: 'evaluation_assessment.updated', resourceId: (await write(200, 'PUT', cell(), staff, { score: 4 }), await assessmentId()) }] },
    { does: 'clear a cell of a framework', act: async () => { const id = await assessmentId(); return [{ type: 'evaluation_assessment.deleted', resourceId: (await write(204, 'DELETE', cell(), staff), id) }] } },
    {
      // A group of its own: the closed vote keeps its group from being deleted.
      does: 'fill a principle\'s cells from a vote of the group',
      act: async () => {
        const group = await write(201, 'POST', '/issue-groups', admin, { title: 'Voted' })
        await write(201, 'POST', `/issue-groups/${group.id}/members`, member, {})
        const framework = await write(201, 'POST', `/issue-groups/${group.id}/evaluation-frameworks`, staff, { title: 'Voted', principles: [{ name: 'P' }], options: [{ name: 'O' }] })
        const electorate = { kind: 'issue_group', issueGroupId: group.id }
        const vote = await write(201, 'POST', '/votes', staff, { title: 'Accountable?', method: 'score', electorate, options: [{ label: 'O' }, { label: 'Other' }] })
        await write(200, 'POST', `/votes/${vote.id}/open`, staff)
        await write(201, 'POST', `/votes/${vote.id}/ballots`, member, { scores: { [vote.options[0].id]: 4 } })
        await write(200, 'POST', `/votes/${vote.id}/close`, staff)
        const { data: [assessment] } = await write(200, 'POST', `/issue-groups/${group.id}/evaluation-frameworks/${framework.id}/assessments/from-vote`, staff, {
          voteId: vote.id,
          principleId: framework.principles[0].id,
          options: [{ voteOptionId: vote.options[0].id, optionId: framework.options[0].id }]
        })
        const [cell] = await app.db.select({ id: evaluationAssessments.id }).from(evaluationAssessments)
          .where(and(
            eq(evaluationAssessments.frameworkId, framework.id), eq(evaluationAssessments.optionId, assessment.optionId)
          ))
        return [
          { type: 'issue_group.created', resourceId: group.id },
          { type: 'issue_group_member.created', resourceId: `${group.id}/${net.ids.member}` },
          { type: 'evaluation_framework.created', resourceId: framework.id },
          ...(['vote.created', 'vote.opened', 'vote.closed', 'vote.results_published'] as const).map((type) => ({ type, resourceId: vote.id })),
          { type: 'evaluation_assessment.created', resourceId: cell?.id as string }
        ]
      }
    },
    { does: 'record a gap of an option', act: async () => [{ type: 'evaluation_gap.created', resourceId: keep('gap', await write(201, 'POST', `${frameworks(made.framework?.id)}/gaps`, staff, { optionId: optionOf(), kind: 'skills', description: 'Few have done it.' })) }] },
    { does: 'track a gap', act: async () => [{ type: 'evaluation_gap.updated', resourceId: keep('gap', await write(200, 'PATCH', `${frameworks(made.framework?.id)}/gaps/${made.gap?.id}`, staff, { status: 'in_progress' })) }] },
    { does: 'remove a gap', act: async () => [{ type: 'evaluation_gap.deleted', resourceId: (await write(204, 'DELETE', `${frameworks(made.framework?.id)}/gaps/${made.gap?.id}`, staff), made.gap?.id as string) }] },
    { does: 'remove an evaluation framework', act: async () => [{ type: 'evaluation_framework.deleted', resourceId: (await write(204, 'DELETE', frameworks(made.framework?.id), staff), made.framework?.id as string) }] },
    { does: 'delete an issue group', act: async () => [{ type: 'issue_group.deleted', resourceId: (await write(204, 'DELETE', `/issue-groups/${made.group?.id}`, admin), made.group?.id as string) }] },

    { does: 'pitch a proposal', act: async () => [{ type: 'proposal.created', resourceId: keep('proposal', await write(201, 'POST', '/proposals', member, { title: 'Commissioning', status: 'submitted' })) }] },
    { does: 'shortlist a proposal', act: async () => [{ type: 'proposal.updated', resourceId: keep('proposal', await write(200, 'PATCH', `/proposals/${made.proposal?.id}`, staff, { status: 'shortlisted' }, made.proposal?.etag)) }] },
    {
      does: 'endorse a proposal',
      act: async () => [{ type: 'endorsement.created', resourceId: (await write(201, 'POST', `/proposals/${made.proposal?.id}/endorsements`, staff), `${made.proposal?.id}/${net.ids.staff}`) }]
    },
    {
      does: 'withdraw an endorsement',
      act: async () => [{ type: 'endorsement.deleted', resourceId: (await write(204, 'DELETE', `/proposals/${made.proposal?.id}/endorsements/${net.ids.staff}`, staff), `${made.proposal?.id}/${net.ids.staff}`) }]
    },
    { does: 'delete a proposal', act: async () => [{ type: 'proposal.deleted', resourceId: (await write(204, 'DELETE', `/proposals/${made.proposal?.id}`, staff), made.proposal?.id as string) }] },

    { does: 'create a vote', act: async () => [{ type: 'vote.created', resourceId: keep('vote', await write(201, 'POST', '/votes', staff, { title: 'Venue', method: 'plurality', options: [{ label: 'London' }, { label: 'Leeds' }] })) }] },
    { does: 'update a vote', act: async () => [{ type: 'vote.updated', resourceId: keep('vote', await write(200, 'PATCH', `/votes/${made.vote?.id}`, staff, { title: 'Meet-up venue' }, made.vote?.etag)) }] },
    { does: 'open a vote', act: async () => [{ type: 'vote.opened', resourceId: keep('vote', await write(200, 'POST', `/votes/${made.vote?.id}/open`, staff)) }] },
    {
      does: 'close a vote, which publishes its results',
      act: async () => {
        const id = keep('vote', await write(200, 'POST', `/votes/${made.vote?.id}/close`, staff))
        return [{ type: 'vote.closed', resourceId: id }, { type: 'vote.results_published', resourceId: id }]
      }
    },
    {
      does: 'open a vote on time, with nobody asking',
      act: async () => {
        const id = keep('timed', await write(201, 'POST', '/votes', staff, { title: 'Timed', method: 'plurality', options: [{ label: 'Yes' }, { label: 'No' }] }))
        await app.db.update(votes).set({ opensAt: new Date(Date.now() - 60_000) }).where(eq(votes.id, id))
        t.match(await write(200, 'GET', `/votes/${id}`, member), { status: 'open' }, 'a read shows it open, and writes nothing')
        await sweepDueVotes(app.db, app.config.ballotKey)
        return [{ type: 'vote.created', resourceId: id }, { type: 'vote.opened', resourceId: id, actorKind: 'system' }]
      }
    },
    {
      does: 'close a vote on proposals, which decides them and forms the winner\'s group',
      act: async () => {
        const pitch = async (title: string) => write(201, 'POST', '/proposals', staff, { title, pitchedBy: [net.ids.member], status: 'shortlisted' })
        const [won, lost] = [await pitch('Won'), await pitch('Lost')]
        const vote = await write(201, 'POST', '/votes', staff, { title: 'Pop Tanks', method: 'plurality', createIssueGroups: true, options: [{ proposalId: won.id }, { proposalId: lost.id }] })
        await write(200, 'POST', `/votes/${vote.id}/open`, staff)
        await write(201, 'POST', `/votes/${vote.id}/ballots`, member, { choices: [vote.options[0].id] })
        await write(200, 'POST', `/votes/${vote.id}/close`, staff)
        const { issueGroupIds } = await write(200, 'GET', `/votes/${vote.id}/results`, staff)
        t.equal(issueGroupIds.length, 1, 'the winner got a group')
        return [
          ...[won, lost].flatMap(({ id }): Expected[] => [{ type: 'proposal.created', resourceId: id }, { type: 'proposal.updated', resourceId: id }]),
          ...(['vote.created', 'vote.opened', 'vote.closed', 'vote.results_published'] as const).map((type) => ({ type, resourceId: vote.id })),
          { type: 'issue_group.created', resourceId: issueGroupIds[0] }
        ]
      }
    },
    {
      does: 'delete a vote',
      act: async () => {
        const id = keep('draft', await write(201, 'POST', '/votes', staff, { title: 'Mistake', method: 'plurality', options: [{ label: 'A' }, { label: 'B' }] }))
        await write(204, 'DELETE', `/votes/${id}`, staff)
        return [{ type: 'vote.created', resourceId: id }, { type: 'vote.deleted', resourceId: id }]
      }
    },

    {
      does: 'schedule a workshop',
      act: async () => [{ type: 'workshop.created', resourceId: keep('workshop', await write(201, 'POST', '/workshops', staff, { title: 'Roundtable', kind: 'roundtable', startsAt: inDays(10), endsAt: inDays(10, 2), capacity: 1 })) }]
    },
    { does: 'update a workshop', act: async () => [{ type: 'workshop.updated', resourceId: keep('workshop', await write(200, 'PATCH', `/workshops/${made.workshop?.id}`, staff, { venue: 'Westminster' }, made.workshop?.etag)) }] },
    { does: 'register for a workshop', act: async () => [{ type: 'workshop_registration.created', resourceId: keep('place', await write(201, 'POST', `/workshops/${made.workshop?.id}/registrations`, member, {})) }] },
    {
      does: 'join a waiting list',
      act: async () => [{ type: 'workshop_registration.created', resourceId: keep('waiting', await write(201, 'POST', `/workshops/${made.workshop?.id}/registrations`, staff, { memberId: net.ids.admin })) }]
    },
    {
      does: 'cancel a place, which promotes the first in line',
      act: async () => {
        await write(204, 'DELETE', `/workshops/${made.workshop?.id}/registrations/${made.place?.id}`, member, undefined, made.place?.etag)
        return [{ type: 'workshop_registration.updated', resourceId: made.place?.id as string }, { type: 'workshop_registration.updated', resourceId: made.waiting?.id as string }]
      }
    },
    {
      does: 'record attendance',
      act: async () => [{ type: 'workshop_registration.updated', resourceId: keep('waiting', await write(200, 'PATCH', `/workshops/${made.workshop?.id}/registrations/${made.waiting?.id}`, staff, { status: 'attended' })) }]
    },
    { does: 'add a breakout group', act: async () => [{ type: 'workshop_breakout_group.created', resourceId: keep('breakout', await write(201, 'POST', `/workshops/${made.workshop?.id}/breakout-groups`, staff, { name: 'Group 1' })) }] },
    { does: 'change a breakout group', act: async () => [{ type: 'workshop_breakout_group.updated', resourceId: keep('breakout', await write(200, 'PATCH', `/workshops/${made.workshop?.id}/breakout-groups/${made.breakout?.id}`, staff, { notes: 'Two issues.' }, made.breakout?.etag)) }] },
    { does: 'remove a breakout group', act: async () => [{ type: 'workshop_breakout_group.deleted', resourceId: (await write(204, 'DELETE', `/workshops/${made.workshop?.id}/breakout-groups/${made.breakout?.id}`, staff), made.breakout?.id as string) }] },
    { does: 'hold a workshop', act: async () => [{ type: 'workshop.created', resourceId: keep('heldWorkshop', await write(201, 'POST', '/workshops', staff, { title: 'Held', kind: 'roundtable', startsAt: inDays(-2), endsAt: inDays(-2, 2) })) }] },
    { does: 'write a workshop\'s report', act: async () => [{ type: 'workshop_report.created', resourceId: (await write(201, 'PUT', `/workshops/${made.heldWorkshop?.id}/report`, staff, { summary: 'Three themes.' }), await reportId()) }] },
    { does: 'replace a workshop\'s report', act: async () => [{ type: 'workshop_report.updated', resourceId: (await write(200, 'PUT', `/workshops/${made.heldWorkshop?.id}/report`, staff, { summary: 'Four themes.' }), await reportId()) }] },
    { does: 'delete a workshop\'s report', act: async () => { const id = await reportId(); return [{ type: 'workshop_report.deleted', resourceId: (await write(204, 'DELETE', `/workshops/${made.heldWorkshop?.id}/report`, staff), id) }] } },
    { does: 'delete a workshop', act: async () => [{ type: 'workshop.deleted', resourceId: (await write(204, 'DELETE', `/workshops/${made.workshop?.id}`, staff), made.workshop?.id as string) }] },

    { does: 'add a case study', act: async () => [{ type: 'case_study.created', resourceId: keep('caseStudy', await write(201, 'POST', '/case-studies', staff, { title: 'Somerset', summary: 'Shared services.', sector: 'public' })) }] },
    { does: 'publish a case study', act: async () => [{ type: 'case_study.updated', resourceId: keep('caseStudy', await write(200, 'PATCH', `/case-studies/${made.caseStudy?.id}`, staff, { status: 'published' }, made.caseStudy?.etag)) }] },
    { does: 'delete a case study', act: async () => [{ type: 'case_study.deleted', resourceId: (await write(204, 'DELETE', `/case-studies/${made.caseStudy?.id}`, staff), made.caseStudy?.id as string) }] },
    {
      does: 'draft a questionnaire',
      act: async () => [{ type: 'questionnaire.created', resourceId: keep('questionnaire', await write(201, 'POST', '/questionnaires', staff, { title: 'Practices', questions: [{ kind: 'scale', prompt: 'How well?' }] })) }]
    },
    { does: 'open a questionnaire', act: async () => [{ type: 'questionnaire.updated', resourceId: keep('questionnaire', await write(200, 'PATCH', `/questionnaires/${made.questionnaire?.id}`, staff, { status: 'open' }, made.questionnaire?.etag)) }] },
    {
      does: 'respond to a questionnaire',
      act: async () => [{ type: 'questionnaire_response.created', resourceId: keep('questionnaireResponse', await write(201, 'PUT', `/questionnaires/${made.questionnaire?.id}/responses/me`, member, { answers: [{ questionId: 'q1', value: 3 }] })) }]
    },
    {
      does: 'change a response to a questionnaire',
      act: async () => [{ type: 'questionnaire_response.updated', resourceId: keep('questionnaireResponse', await write(200, 'PUT', `/questionnaires/${made.questionnaire?.id}/responses/me`, member, { answers: [{ questionId: 'q1', value: 4 }] }, made.questionnaireResponse?.etag)) }]
    },
    {
      does: 'invite someone outside the network to a questionnaire',
      act: async () => [{ type: 'questionnaire_invitation.created', resourceId: keep('invitation', await write(201, 'POST', `/questionnaires/${made.questionnaire?.id}/invitations`, staff, { label: 'A commissioner' })) }]
    },
    {
      does: 'respond with an invitation',
      act: async () => {
        const response = await app.inject({ method: 'POST', url: '/v1/questionnaire-invitations/responses', payload: { network: net.slug, token: made.invitation?.token, answers: [{ questionId: 'q1', value: 2 }] } })
        t.equal(response.statusCode, 201, response.body)
        const [row] = (await call('GET', `/questionnaires/${made.questionnaire?.id}/responses?limit=100`, staff)).json().data.filter((one: { invitationId: string | null }) => one.invitationId !== null)
        return [{ type: 'questionnaire_response.created', resourceId: row.id, actorKind: 'system' }]
      }
    },
    { does: 'withdraw an invitation to a questionnaire', act: async () => [{ type: 'questionnaire_invitation.deleted', resourceId: (await write(204, 'DELETE', `/questionnaires/${made.questionnaire?.id}/invitations/${made.invitation?.id}`, staff), made.invitation?.id as string) }] },
    { does: 'delete a questionnaire', act: async () => [{ type: 'questionnaire.deleted', resourceId: (await write(204, 'DELETE', `/questionnaires/${made.questionnaire?.id}`, staff), made.questionnaire?.id as string) }] },

    ...commentWrites(),
    { does: 'rename the network', act: async () => [{ type: 'network.updated', resourceId: (await write(200, 'PATCH', '', admin, { name: 'Events network' }), net.id) }] },
    {
      does: 'add a member',
      act: async () => [{ type: 'member.created', resourceId: keep('newcomer', await write(201, 'POST', '/members', admin, { email: 'newcomer@events.example.org', fullName: 'Newcomer', role: 'member' })) }]
    },
    { does: 'update a member', act: async () => [{ type: 'member.updated', resourceId: keep('newcomer', await write(200, 'PATCH', `/members/${made.newcomer?.id}`, admin, { jobTitle: 'Clerk' }, made.newcomer?.etag)) }] },
    { does: 'invite a member', act: async () => { await write(201, 'POST', `/members/${made.newcomer?.id}/invitations`, admin, {}); return [] } },
    { does: 'issue a password reset', act: async () => [{ type: 'member.password_reset_issued', resourceId: (await write(201, 'POST', `/members/${made.newcomer?.id}/password-resets`, admin, {}), made.newcomer?.id as string) }] },
    { does: 'erase a member', act: async () => [{ type: 'member.erased', resourceId: (await write(200, 'POST', `/members/${made.newcomer?.id}/erasure`, admin), made.newcomer?.id as string) }] },
    { does: 'remove a member', act: async () => [{ type: 'member.deleted', resourceId: (await write(204, 'DELETE', `/members/${made.newcomer?.id}`, admin), made.newcomer?.id as string) }] },
    {
      does: 'sync members from the CRM',
      act: async () => {
        const { results } = await write(200, 'POST', '/members/sync', admin, { members: [{ crmId: 'CRM-1', email: 'synced@events.example.org', fullName: 'Synced', status: 'active' }] })
        return [{ type: 'member.created', resourceId: results[0].memberId }]
      }
    },
    { does: 'create an API key', act: async () => [{ type: 'api_key.created', resourceId: keep('apiKey', await write(201, 'POST', '/api-keys', admin, { name: 'events', scopes: ['read'] })) }] },
    { does: 'revoke an API key', act: async () => [{ type: 'api_key.revoked', resourceId: (await write(204, 'DELETE', `/api-keys/${made.apiKey?.id}`, admin), made.apiKey?.id as string) }] },
    {
      does: 'subscribe a webhook',
      act: async () => [{ type: 'webhook.created', resourceId: keep('webhook', await write(201, 'POST', '/webhooks', admin, { url: 'https://hooks.example.org/events', eventTypes: ['case_study.*'] })) }]
    },
    { does: 'ping a webhook', act: async () => [{ type: 'webhook.ping', resourceId: (await write(202, 'POST', `/webhooks/${made.webhook?.id}/ping`, admin), made.webhook?.id as string) }] },
    { does: 'change a webhook', act: async () => [{ type: 'webhook.updated', resourceId: keep('webhook', await write(200, 'PATCH', `/webhooks/${made.webhook?.id}`, admin, { enabled: false }, made.webhook?.etag)) }] },
    { does: 'rotate a webhook\'s secret', act: async () => [{ type: 'webhook.secret_rotated', resourceId: keep('webhook', await write(200, 'POST', `/webhooks/${made.webhook?.id}/rotate-secret`, admin)) }] },
    { does: 'delete a webhook', act: async () => [{ type: 'webhook.deleted', resourceId: (await write(204, 'DELETE', `/webhooks/${made.webhook?.id}`, admin), made.webhook?.id as string) }] },
    { does: 'get a calendar feed', act: async () => { await write(201, 'POST', '/calendar-feed', member); return [] } },
    { does: 'revoke a calendar feed', act: async () => { await write(204, 'DELETE', '/calendar-feed', member); return [] } }
  ]

  for (const { does, act } of writes) {
    const [marker] = await newest(1)
    const expected = await act()
    const all = await since(marker?.id)
    // What a write tells members follows from its events (test/modules/notifications): each such event is a
    // notification made by this write; the write's own events are compared exactly.
    const told = all.filter((entry) => entry.eventType === 'notification.created').map((entry) => entry.resourceId)
    const made = told.length === 0
      ? []
      : await app.db.select({ id: notifications.id }).from(notifications).where(inArray(notifications.id, told))
    t.equal(made.length, told.length, `${does}: every notification.created names a notification`)
    const recorded = all.filter((entry) => entry.eventType !== 'notification.created')
    t.same(
      recorded.map((entry) => `${entry.eventType} ${entry.resourceId}`).sort(),
      expected.map((event) => `${event.type} ${event.resourceId}`).sort(),
      `${does}: exactly its events`
    )
    for (const event of expected) {
      const entry = recorded.find((entry) => entry.eventType === event.type && entry.resourceId === event.resourceId)
      t.equal(entry?.actor.kind, event.actorKind ?? 'member', `${does}: ${event.type} by ${event.actorKind ?? 'member'}`)
    }
  }

  const group = keep('group', await write(201, 'POST', '/issue-groups', admin, { title: 'Kept' }))
  const caseStudy = keep('caseStudy', await write(201, 'POST', '/case-studies', staff, { title: 'Kept', summary: 'Kept.', sector: 'public' }))
  const failures: Array<{ does: string, status: number, args: Parameters<typeof call> }> = [
    { does: 'update a changed issue group', status: 412, args: ['PATCH', `/issue-groups/${group}`, staff, { question: 'Late?' }, STALE] },
    { does: 'add a stranger to an issue group', status: 422, args: ['POST', `/issue-groups/${group}/members`, staff, { memberId: net.id }] },
    { does: 'pitch for someone who is not a member', status: 422, args: ['POST', '/proposals', staff, { title: 'Ghost', pitchedBy: [net.id] }] },
    { does: 'delete a closed vote', status: 409, args: ['DELETE', `/votes/${made.vote?.id}`, staff] },
    { does: 'open a vote that is open', status: 409, args: ['POST', `/votes/${made.timed?.id}/open`, staff] },
    { does: 'schedule a workshop that ends before it starts', status: 422, args: ['POST', '/workshops', staff, { title: 'Backwards', kind: 'roundtable', startsAt: inDays(3), endsAt: inDays(2) }] },
    { does: 'delete a changed case study', status: 412, args: ['DELETE', `/case-studies/${caseStudy}`, staff, undefined, STALE] }
  ]
  for (const { does, status, args } of failures) {
    const [marker] = await newest(1)
    const response = await call(...args)
    t.equal(response.statusCode, status, `${does}: ${response.statusCode} ${response.body}`)
    t.same(await since(marker?.id), [], `${does}: no event`)
  }

  t.test('every write in a network is made above, or listed as recording no event', async (t) => {
    const ids = new Set(operations.map((operation) => operation.operationId))
    t.same(Object.keys(NO_EVENT).filter((id) => !ids.has(id)), [], 'NO_EVENT names only operations the app serves')
    for (const { method, path, operationId } of operations) {
      t.ok(exercised.has(operationId) || operationId in NO_EVENT, `${method} ${path} (${operationId}): made above with its events, or in NO_EVENT with a reason`)
    }
  })
})
