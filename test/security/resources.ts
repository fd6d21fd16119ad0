import type { App } from '../../src/app.js'
import type { SeededNetwork } from '../helper.js'

/** A path parameter's value that names nothing: the request still reaches validation and the lookup. */
export const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000'

/**
 * One resource of each kind in the network, by the name of the path parameter that names it, so a
 * request built from the OpenAPI document reaches its handler rather than stopping at a 404.
 */
export async function seedResources (app: App, network: SeededNetwork): Promise<Record<string, string>> {
  const base = `/v1/networks/${network.id}`
  const create = async (
    url: string, payload: Record<string, unknown> | undefined, headers = network.as.operator
  ): Promise<string> => {
    const response = await app.inject({
      method: 'POST',
      url: `${base}${url}`,
      headers,
      ...(payload === undefined ? {} : { payload })
    })
    if (response.statusCode !== 201) throw new Error(`could not create ${url}: ${response.statusCode} ${response.body}`)
    return response.json().id
  }
  const groupId = await create('/issue-groups', { title: 'Reducing dependency', year: 2012 })
  const workshopId = await create('/workshops', { title: 'Roundtable', kind: 'roundtable', startsAt: '2040-04-30T09:30:00Z', endsAt: '2040-04-30T12:00:00Z' })
  const voteId = await create('/votes', { title: 'Choosing', method: 'plurality', options: [{ label: 'One' }, { label: 'Two' }] })
  // Closed, so its ballots can be listed.
  for (const step of ['open', 'close']) {
    const response = await app.inject({ method: 'POST', url: `${base}/votes/${voteId}/${step}`, headers: network.as.operator })
    if (response.statusCode !== 200) throw new Error(`could not ${step} the vote: ${response.body}`)
  }
  // Switched on and showing everything, so the public routes reach their queries.
  const page = await app.inject({
    method: 'PATCH', url: `${base}/public-page`, headers: network.as.operator, payload: { enabled: true, outputs: true, caseStudies: true }
  })
  if (page.statusCode !== 200) throw new Error(`could not switch the public page on: ${page.body}`)
  const webhookId = await create('/webhooks', { url: 'https://hooks.example.org/pop-tanks', eventTypes: ['member.*'] })
  const questionnaireId = await create('/questionnaires', { title: 'Practices', questions: [{ kind: 'free_text', prompt: 'Why?' }] })
  const frameworks = `/issue-groups/${groupId}/evaluation-frameworks`
  const framework = await app.inject({
    method: 'POST',
    url: `${base}${frameworks}`,
    headers: network.as.operator,
    payload: { title: 'Delivery models', principles: [{ name: 'Accountable' }], options: [{ name: 'Shared service' }] }
  })
  if (framework.statusCode !== 201) throw new Error(`could not create a framework: ${framework.body}`)
  const { id: frameworkId, principles: [{ id: principleId }], options: [{ id: optionId }] } = framework.json()
  const commentId = await create(`/issue-groups/${groupId}/comments`, { body: 'A comment.' }, network.as.member)
  return {
    networkId: network.id,
    slug: network.slug,
    memberId: network.ids.member,
    apiKeyId: await create('/api-keys', { name: 'security suite', scopes: ['read'] }),
    groupId,
    stepId: await create(`/issue-groups/${groupId}/methodology-steps`, { kind: 'workshop', title: 'Workshop' }),
    milestoneId: await create(`/issue-groups/${groupId}/milestones`, { title: 'Meet-up', when: 'late March', year: 2012 }),
    contributionId: await create(`/issue-groups/${groupId}/contributions`, { title: 'A report', summary: 'What we found.' }),
    outputId: await create(`/issue-groups/${groupId}/outputs`, { title: 'A report', kind: 'report' }),
    workshopId,
    registrationId: await create(`/workshops/${workshopId}/registrations`, undefined, network.as.member),
    breakoutGroupId: await create(`/workshops/${workshopId}/breakout-groups`, { name: 'Group 1' }),
    caseStudyId: await create('/case-studies', { title: 'Shared services', summary: 'Two councils share one team.', sector: 'public' }),
    proposalId: await create('/proposals', { title: 'Commissioning' }, network.as.member),
    voteId,
    questionnaireId,
    invitationId: await create(`/questionnaires/${questionnaireId}/invitations`, { label: 'A commissioner' }),
    frameworkId,
    principleId,
    optionId,
    gapId: await create(`${frameworks}/${frameworkId as string}/gaps`, { optionId, kind: 'skills', description: 'Few have done it.' }),
    commentId,
    reportId: await create(`/comments/${commentId}/reports`, { reason: 'Off topic.' }, network.as.staff),
    webhookId,
    receiptHash: '0'.repeat(64),
    deliveryId: UNKNOWN_ID,
    feedToken: 'no-such-feed-token'
  }
}

/** An OpenAPI path with its parameters filled in from `values`, any of them replaced by `override`. */
export function fillPath (path: string, values: Record<string, string>, override: Record<string, string> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_match, name: string) => override[name] ?? encodeURIComponent(values[name] ?? UNKNOWN_ID))
}
