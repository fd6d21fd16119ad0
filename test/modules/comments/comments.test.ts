import { and, eq, inArray } from 'drizzle-orm'
import { test } from 'tap'
import { events } from '../../../src/core/events/events.table.js'
import { commentReports, comments } from '../../../src/modules/comments/comments.table.js'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { addPerson, seedGroup } from '../issue-groups/fixtures.js'

type Headers = Record<string, string>
interface Comment {
  id: string,
  threadId: string,
  inReplyToId: string | null,
  authorId: string | null,
  body: string | null
  status: string,
  mentions: string[],
  editedAt: string | null,
  moderation: { action: string, reason: string, moderatorId: string | null } | null
}

test('comments', async (t) => {
  const app = await buildTestApp(t)
  const net = await seedNetwork(app, 'debate')
  const { staff, admin, member, operator } = net.as
  const api = `/v1/networks/${net.id}`
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, headers: Headers, payload?: object, extra: Headers = {}) =>
    app.inject({ method, url: `${api}${url}`, headers: { ...headers, ...extra }, ...(payload === undefined ? {} : { payload }) })
  const made = async (url: string, payload: object | undefined, headers: Headers = staff, status = 201) => {
    const response = await call('POST', url, headers, payload)
    if (response.statusCode !== status) throw new Error(`${url}: ${response.statusCode} ${response.body}`)
    return response.json()
  }
  const thread = async (url: string, headers: Headers, query = '') => {
    const response = await call('GET', `${url}/comments?limit=200${query}`, headers)
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`)
    return response.json().data as Comment[]
  }
  const ann = await addPerson(app, net, 'Ann Griffiths')
  const bob = await addPerson(app, net, 'Bob Fisher')
  const proposal = await made('/proposals', { title: 'Commissioning', status: 'shortlisted', pitchedBy: [ann.id] })
  const onProposal = `/proposals/${proposal.id as string}`

  t.test('a thread: comments, replies in thread order, pages', async (t) => {
    const first = await made(`${onProposal}/comments`, { body: 'Rules differ by council.' }, ann.headers)
    t.match(first, { parentType: 'proposal', parentId: proposal.id, threadId: first.id, inReplyToId: null, authorId: ann.id, authorName: 'Ann Griffiths', status: 'visible', editedAt: null })
    const second = await made(`${onProposal}/comments`, { body: 'A second thread.' }, bob.headers)
    const reply = await made(`${onProposal}/comments`, { body: 'Map them first?', inReplyToId: first.id }, bob.headers)
    t.match(reply, { threadId: first.id, inReplyToId: first.id })
    const replyToReply = await made(`${onProposal}/comments`, { body: 'Region by region.', inReplyToId: reply.id }, ann.headers)
    t.match(replyToReply, { threadId: first.id, inReplyToId: reply.id }, 'threads are one level deep: a reply to a reply stays in the thread')
    t.same((await thread(onProposal, member)).map((one) => one.id), [first.id, reply.id, replyToReply.id, second.id], 'each thread\'s first comment, then its replies')
    const page1 = await call('GET', `${onProposal}/comments?limit=2`, member)
    const page2 = await call('GET', `${onProposal}/comments?limit=2&cursor=${page1.json().nextCursor as string}`, member)
    const paged = [...page1.json().data, ...page2.json().data] as Comment[]
    t.same(paged.map((one) => one.id), [first.id, reply.id, replyToReply.id, second.id])
    t.same((await thread(onProposal, member, `&threadId=${second.id as string}`)).map((one) => one.id), [second.id])
    const got = await call('GET', `/comments/${first.id as string}`, member)
    t.equal(got.statusCode, 200)
    t.match(got.headers.etag, /^"1\./)
    t.equal((await call('GET', `${onProposal}/comments?cursor=bad`, member)).statusCode, 400)
  })

  t.test('input: 400 for malformed, 422 for references that do not hold', async (t) => {
    const post = (payload: object, headers: Headers = ann.headers) => call('POST', `${onProposal}/comments`, headers, payload)
    t.equal((await post({})).statusCode, 400)
    t.equal((await post({ body: '   ' })).statusCode, 400, 'a body of blanks')
    t.equal((await post({ body: 'x'.repeat(10_001) })).statusCode, 400)
    t.equal((await post({ body: 'x', inReplyToId: 'nope' })).statusCode, 400)
    const stray = await post({ body: 'x', inReplyToId: '0193b7c2-4e5a-7d1f-9b3c-6a2e8f4d1cb0' })
    t.equal(stray.statusCode, 422)
    t.match(stray.json().errors, [{ path: '/inReplyToId', message: /is not a comment of this proposal's thread/ }])
    const other = await seedNetwork(app, 'elsewhere')
    const mention = await post({ body: 'x', mentions: [bob.id, other.ids.member] })
    t.equal(mention.statusCode, 422)
    t.same(mention.json().errors, [{ path: '/mentions/1', message: 'is not an active member of the network' }])
    t.equal((await post({ body: 'x' }, operator)).statusCode, 403, 'only members write comments')
  })

  t.test('edits and deletion by the author; a placeholder where replies hang', async (t) => {
    const root = await made(`${onProposal}/comments`, { body: 'To be edited.' }, ann.headers)
    const edit = (headers: Headers, payload: object, extra: Headers = {}) => call('PATCH', `/comments/${root.id as string}`, headers, payload, extra)
    t.equal((await edit(bob.headers, { body: 'Not mine.' })).statusCode, 403)
    t.equal((await edit(staff, { body: 'Staff do not edit members\' words.' })).statusCode, 403)
    t.equal((await edit(ann.headers, { body: 'Stale.' }, { 'if-match': '"9.x"' })).statusCode, 412)
    const edited = await edit(ann.headers, { body: 'Edited.' })
    t.equal(edited.statusCode, 200)
    t.match(edited.json(), { body: 'Edited.', editedAt: String })
    const reply = await made(`${onProposal}/comments`, { body: 'A reply.', inReplyToId: root.id }, bob.headers)
    t.equal((await call('DELETE', `/comments/${root.id as string}`, bob.headers)).statusCode, 403)
    t.equal((await call('DELETE', `/comments/${root.id as string}`, ann.headers)).statusCode, 204)
    const placeholder = (await call('GET', `/comments/${root.id as string}`, member)).json()
    t.match(placeholder, { status: 'deleted', body: null, authorId: null, authorName: null })
    t.equal((await edit(ann.headers, { body: 'Back.' })).statusCode, 409, 'a deleted comment is not edited')
    const late = await call('POST', `${onProposal}/comments`, ann.headers, { body: 'x', inReplyToId: root.id })
    t.match(late.json().errors, [{ path: '/inReplyToId', message: 'is deleted' }])
    const dropped = await call('DELETE', `/comments/${reply.id as string}`, bob.headers)
    t.equal(dropped.statusCode, 204, dropped.body)
    t.equal((await call('GET', `/comments/${reply.id as string}`, member)).statusCode, 404, 'a comment no reply hangs from goes')
    t.equal((await call('GET', `/comments/${root.id as string}`, member)).statusCode, 404, 'and so does the placeholder it was the last reply of')
    const recorded = await app.db.select({ type: events.type }).from(events)
      .where(and(eq(events.networkId, net.id), eq(events.resourceId, root.id as string)))
    t.same(recorded.map((event) => event.type), ['comment.created', 'comment.updated', 'comment.deleted', 'comment.deleted'])
  })

  t.test('a chain of placeholders goes with its last reply', async (t) => {
    const root = await made(`${onProposal}/comments`, { body: 'Root.' }, ann.headers)
    const middle = await made(`${onProposal}/comments`, { body: 'Middle.', inReplyToId: root.id }, ann.headers)
    const last = await made(`${onProposal}/comments`, { body: 'Last.', inReplyToId: middle.id }, bob.headers)
    for (const comment of [root, middle]) t.equal((await call('DELETE', `/comments/${comment.id as string}`, ann.headers)).statusCode, 204)
    t.match((await call('GET', `/comments/${middle.id as string}`, ann.headers)).json(), { status: 'deleted' })
    t.equal((await call('DELETE', `/comments/${last.id as string}`, bob.headers)).statusCode, 204)
    for (const comment of [root, middle, last]) t.equal((await call('GET', `/comments/${comment.id as string}`, ann.headers)).statusCode, 404)
  })

  t.test('visibility follows the resource', async (t) => {
    const draft = await made('/proposals', { title: 'Draft idea' }, ann.headers)
    const onDraft = `/proposals/${draft.id as string}`
    const comment = await made(`${onDraft}/comments`, { body: 'A note to self.' }, ann.headers)
    t.equal((await call('GET', `${onDraft}/comments`, bob.headers)).statusCode, 404, 'a draft\'s thread is its readers\'')
    t.equal((await call('GET', `/comments/${comment.id as string}`, bob.headers)).statusCode, 404)
    t.equal((await call('POST', `/comments/${comment.id as string}/reports`, bob.headers, { reason: 'x' })).statusCode, 404)
    t.equal((await thread(onDraft, staff)).length, 1, 'staff read drafts')
    const mention = await call('POST', `${onDraft}/comments`, ann.headers, { body: 'x', mentions: [bob.id] })
    t.match(mention.json().errors, [{ path: '/mentions', message: /not every member reads/ }], 'no mentions where not every member reads')

    const group = await seedGroup(app, net, { title: 'Dependency', status: 'active' })
    const hidden = await made(`/issue-groups/${group.id}/contributions`, { title: 'Private notes', summary: 'x' }, group.chair.headers)
    t.equal((await call('PATCH', `/issue-groups/${group.id}/contributions/${hidden.id as string}`, group.chair.headers, { visibility: 'hidden' })).statusCode, 200)
    const onHidden = `/issue-groups/${group.id}/contributions/${hidden.id as string}`
    await made(`${onHidden}/comments`, { body: 'Chair\'s note.' }, group.chair.headers)
    t.equal((await call('GET', `${onHidden}/comments`, bob.headers)).statusCode, 404)
    t.equal((await thread(onHidden, group.coChair.headers)).length, 1)
    const elsewhere = await seedGroup(app, net, { title: 'Elsewhere', status: 'active' })
    t.equal((await call('GET', `/issue-groups/${elsewhere.id}/contributions/${hidden.id as string}/comments`, staff)).statusCode, 404, 'a part is found in its own group only')
  })

  t.test('frozen threads, and the settings that freeze them', async (t) => {
    const withdrawn = await made('/proposals', { title: 'Withdrawn', status: 'submitted', pitchedBy: [ann.id] })
    const onWithdrawn = `/proposals/${withdrawn.id as string}`
    const early = await made(`${onWithdrawn}/comments`, { body: 'Before.' }, ann.headers)
    t.equal((await call('PATCH', onWithdrawn, staff, { status: 'withdrawn' })).statusCode, 200)
    t.equal((await call('POST', `${onWithdrawn}/comments`, ann.headers, { body: 'After.' })).statusCode, 409)
    t.equal((await call('PATCH', `/comments/${early.id as string}`, ann.headers, { body: 'Edit.' })).statusCode, 409)
    t.equal((await thread(onWithdrawn, bob.headers)).length, 1, 'still read')
    t.equal((await call('PATCH', '/comment-settings', staff, { freezeClosed: false })).statusCode, 403, 'admins choose')
    const changed = await call('PATCH', '/comment-settings', admin, { freezeClosed: false })
    t.same(changed.json(), { erasure: 'keep_text', freezeClosed: false })
    t.equal((await call('POST', `${onWithdrawn}/comments`, ann.headers, { body: 'After.' })).statusCode, 201)
    t.same((await call('GET', '/comment-settings', member)).json(), { erasure: 'keep_text', freezeClosed: false })
    await call('PATCH', '/comment-settings', admin, { freezeClosed: true })
  })

  t.test('moderation: reports, hiding, the queue, restoring', async (t) => {
    const group = await seedGroup(app, net, { title: 'Moderated', status: 'active' })
    const onGroup = `/issue-groups/${group.id}`
    const rude = await made(`${onGroup}/comments`, { body: 'Something rude.' }, bob.headers)
    const report = await made(`/comments/${rude.id as string}/reports`, { reason: 'Rude.' }, ann.headers)
    t.match(report, { commentId: rude.id, reporterId: ann.id, status: 'open' })
    t.equal((await call('POST', `/comments/${rude.id as string}/reports`, ann.headers, { reason: 'Again.' })).statusCode, 409, 'one open report each')
    await made(`/comments/${rude.id as string}/reports`, { reason: 'Rude too.' }, group.groupMember.headers)
    t.equal((await call('GET', '/comment-reports', member)).statusCode, 403, 'a member who moderates nothing')
    const chairQueue = (await call('GET', '/comment-reports', group.chair.headers)).json().data
    t.same(chairQueue.map((entry: { report: { id: string } }) => entry.report.id).slice(0, 1), [report.id])
    t.match(chairQueue[0], { comment: { id: rude.id, body: 'Something rude.' }, parentTitle: 'Moderated' })
    const otherChair = await seedGroup(app, net, { title: 'Other', status: 'active' })
    t.same((await call('GET', '/comment-reports', otherChair.chair.headers)).json().data, [], 'a chair sees their groups\' threads only')
    t.equal((await call('POST', `/comments/${rude.id as string}/hide`, otherChair.chair.headers, { reason: 'x' })).statusCode, 403)
    t.equal((await call('POST', `/comments/${rude.id as string}/hide`, ann.headers, { reason: 'x' })).statusCode, 403)
    const hidden = await call('POST', `/comments/${rude.id as string}/hide`, group.chair.headers, { reason: 'Personal remarks.' })
    t.equal(hidden.statusCode, 200, hidden.body)
    t.match(hidden.json(), { status: 'hidden', body: 'Something rude.', moderation: { action: 'hidden', reason: 'Personal remarks.', moderatorId: group.chair.id } })
    t.match((await call('GET', `/comments/${rude.id as string}`, ann.headers)).json(), { status: 'hidden', body: null, moderation: { reason: 'Personal remarks.', moderatorId: null } })
    t.match((await call('GET', `/comments/${rude.id as string}`, staff)).json(), { body: 'Something rude.' }, 'moderators read it in full')
    t.equal((await call('POST', `/comments/${rude.id as string}/hide`, staff, { reason: 'x' })).statusCode, 409)
    t.match((await call('GET', `/comment-reports/${report.id as string}`, ann.headers)).json(), { status: 'upheld', resolution: 'Personal remarks.' }, 'the reporter sees the outcome')
    t.same((await call('GET', '/comment-reports', staff)).json().data, [], 'hiding upheld every open report')
    t.equal((await call('PATCH', `/comments/${rude.id as string}`, bob.headers, { body: 'Softer.' })).statusCode, 409, 'not edited while hidden')
    const restored = await call('POST', `/comments/${rude.id as string}/restore`, staff, { reason: 'On appeal.' })
    t.match(restored.json(), { status: 'visible', moderation: { action: 'restored', reason: 'On appeal.' } })
    const another = await made(`/comments/${rude.id as string}/reports`, { reason: 'Still rude.' }, ann.headers)
    t.equal((await call('PATCH', `/comment-reports/${another.id as string}`, ann.headers, { status: 'dismissed' })).statusCode, 403)
    const dismissed = await call('PATCH', `/comment-reports/${another.id as string}`, group.coChair.headers, { status: 'dismissed', resolution: 'Fair.' })
    t.match(dismissed.json(), { status: 'dismissed', resolvedBy: group.coChair.id, resolution: 'Fair.' })
    t.equal((await call('PATCH', `/comment-reports/${another.id as string}`, staff, { status: 'dismissed' })).statusCode, 409)
    const types = await app.db.select({ type: events.type }).from(events)
      .where(and(eq(events.networkId, net.id), eq(events.resourceId, rude.id as string)))
    t.same(types.map((event) => event.type), ['comment.created', 'comment.hidden', 'comment.restored'], 'every moderation is audited')
  })

  t.test('mutes', async (t) => {
    const muted = await addPerson(app, net, 'Muted Member')
    const later = new Date(Date.now() + 86_400_000).toISOString()
    t.equal((await call('PUT', `/comment-mutes/${muted.id}`, ann.headers, { until: later, reason: 'x' })).statusCode, 403)
    const past = await call('PUT', `/comment-mutes/${muted.id}`, staff, { until: '2000-01-01T00:00:00Z', reason: 'x' })
    t.equal(past.statusCode, 422)
    const put = await call('PUT', `/comment-mutes/${muted.id}`, staff, { until: later, reason: 'Repeated remarks.' })
    t.equal(put.statusCode, 201)
    t.match(put.json(), { memberId: muted.id, reason: 'Repeated remarks.', mutedBy: net.ids.staff })
    const refused = await call('POST', `${onProposal}/comments`, muted.headers, { body: 'Hello?' })
    t.equal(refused.statusCode, 403)
    t.match(refused.json().detail, /muted .* until/)
    t.equal((await call('GET', `${onProposal}/comments`, muted.headers)).statusCode, 200, 'they still read')
    t.equal((await call('PUT', `/comment-mutes/${muted.id}`, staff, { until: later, reason: 'Changed.' }, { 'if-match': '"7.x"' })).statusCode, 412)
    t.equal((await call('PUT', `/comment-mutes/${muted.id}`, staff, { until: later, reason: 'Changed.' })).statusCode, 200)
    t.equal((await call('GET', '/comment-mutes', staff)).json().data.length, 1)
    t.equal((await call('DELETE', `/comment-mutes/${muted.id}`, staff)).statusCode, 204)
    t.equal((await call('POST', `${onProposal}/comments`, muted.headers, { body: 'Hello again.' })).statusCode, 201)
  })

  t.test('counts for a page of a list: what each resource\'s thread holds, for resources the caller reads', async (t) => {
    const listed = await made('/proposals', { title: 'Counted', status: 'shortlisted', pitchedBy: [ann.id] })
    const silent = await made('/proposals', { title: 'Silent', status: 'shortlisted', pitchedBy: [ann.id] })
    const draft = await made('/proposals', { title: 'Unseen draft' }, ann.headers)
    for (const body of ['One.', 'Two.']) await made(`/proposals/${listed.id as string}/comments`, { body }, bob.headers)
    await made(`/proposals/${draft.id as string}/comments`, { body: 'Private.' }, ann.headers)
    const counts = async (query: string, headers: Headers = bob.headers) => call('GET', `/comment-counts?${query}`, headers)
    const ids = [listed.id, silent.id, draft.id].join(',')
    const counted = await counts(`parentType=proposal&parentIds=${ids}`)
    t.equal(counted.statusCode, 200, counted.body)
    t.match(counted.json().data, [
      { parentId: listed.id, count: 2, lastCommentAt: String }, { parentId: silent.id, count: 0, lastCommentAt: null }
    ])
    t.equal(counted.json().data.length, 2, 'a draft the caller does not read is left out')
    t.equal((await counts(`parentType=proposal&parentIds=${ids}`, ann.headers)).json().data.length, 3, 'its pitcher reads it')
    t.equal((await counts('parentType=proposal&parentIds=nope')).statusCode, 400)
    t.equal((await counts(`parentType=contribution&parentIds=${listed.id as string}`)).statusCode, 400, 'parts of a group need it')
    t.equal((await counts(`parentType=proposal&parentIds=${listed.id as string}&groupId=${listed.id as string}`)).statusCode, 400)
    const group = await seedGroup(app, net, { title: 'Counting', status: 'active' })
    const paper = await made(`/issue-groups/${group.id}/contributions`, { title: 'Paper', summary: 'x' }, group.chair.headers)
    await made(`/issue-groups/${group.id}/contributions/${paper.id as string}/comments`, { body: 'Read.' }, bob.headers)
    const parts = await counts(`parentType=contribution&parentIds=${paper.id as string}&groupId=${group.id}`)
    t.match(parts.json().data, [{ parentId: paper.id, count: 1 }])
    const elsewhere = await seedGroup(app, net, { title: 'Elsewhere counted', status: 'active' })
    t.same((await counts(`parentType=contribution&parentIds=${paper.id as string}&groupId=${elsewhere.id}`)).json().data, [], 'in its own group only')
  })

  t.test('mentions, replies and hidden comments are notified', async (t) => {
    const kinds = async (headers: Headers) => {
      const response = await app.inject({ method: 'GET', url: '/v1/me/notifications?limit=100', headers })
      return (response.json().data as Array<{ kind: string, title: string, subject: { type: string } }>)
        .map((one) => `${one.kind} ${one.subject.type} ${one.title}`)
    }
    const carol = await addPerson(app, net, 'Carol Mention')
    const dan = await addPerson(app, net, 'Dan Reply')
    const root = await made(`${onProposal}/comments`, { body: 'Who knows the rules?' }, dan.headers)
    const reply = await made(`${onProposal}/comments`, { body: 'Carol does.', inReplyToId: root.id, mentions: [carol.id] }, ann.headers)
    t.same(await kinds(carol.headers), ['mention comment Commissioning'])
    t.same(await kinds(dan.headers), ['reply comment Commissioning'])
    await made(`${onProposal}/comments`, { body: 'Dan, see above.', inReplyToId: root.id, mentions: [dan.id] }, ann.headers)
    t.same(await kinds(dan.headers), ['mention comment Commissioning', 'reply comment Commissioning'], 'mentioned in a reply: one notification')
    const edited = await call('PATCH', `/comments/${reply.id as string}`, ann.headers, { mentions: [carol.id, dan.id] })
    t.equal(edited.statusCode, 200)
    t.equal((await kinds(carol.headers)).length, 1, 'an edit tells only those newly mentioned')
    t.equal((await kinds(dan.headers)).length, 3)
    t.equal((await call('PATCH', `/comments/${reply.id as string}`, ann.headers, { body: 'Carol and Dan do.' })).statusCode, 200)
    t.equal((await kinds(carol.headers)).length, 1, 'an edit of the text alone tells no one again')
    await made(`/comments/${reply.id as string}/hide`, { reason: 'Off topic.' }, staff, 200)
    t.same((await kinds(ann.headers)).slice(0, 1), ['comment_hidden comment Commissioning'])
    t.same(await kinds(net.as.member), [], 'no one else')
  })

  t.test('a resource\'s thread goes with it', async (t) => {
    const group = await seedGroup(app, net, { title: 'Short-lived', status: 'active' })
    const output = await made(`/issue-groups/${group.id}/outputs`, { title: 'Report', kind: 'report', status: 'published' }, group.chair.headers)
    const onOutput = await made(`/issue-groups/${group.id}/outputs/${output.id as string}/comments`, { body: 'Read it.' }, ann.headers)
    const onGroup = await made(`/issue-groups/${group.id}/comments`, { body: 'Welcome.' }, ann.headers)
    t.equal((await call('DELETE', `/issue-groups/${group.id}`, admin)).statusCode, 204)
    t.equal((await call('GET', `/comments/${onOutput.id as string}`, staff)).statusCode, 404)
    t.equal((await call('GET', `/comments/${onGroup.id as string}`, staff)).statusCode, 404)
  })

  t.test('a resource moved to another group takes its threads to that group\'s moderators', async (t) => {
    const first = await seedGroup(app, net, { title: 'First home', status: 'active' })
    const second = await seedGroup(app, net, { title: 'Second home', status: 'active' })
    const study = await made('/case-studies', { title: 'Moving study', summary: 'x', sector: 'public', issueGroupId: first.id, status: 'published' })
    const comment = await made(`/case-studies/${study.id as string}/comments`, { body: 'On the move.' }, bob.headers)
    const report = await made(`/comments/${comment.id as string}/reports`, { reason: 'Check.' }, ann.headers)
    const queued = async (headers: Headers) => (await call('GET', '/comment-reports', headers)).json().data
      .map((entry: { report: { id: string } }) => entry.report.id) as string[]
    t.ok((await queued(first.chair.headers)).includes(report.id))
    t.equal((await call('PATCH', `/case-studies/${study.id as string}`, staff, { issueGroupId: second.id })).statusCode, 200)
    t.notOk((await queued(first.chair.headers)).includes(report.id), 'not the former group\'s chair')
    t.ok((await queued(second.chair.headers)).includes(report.id), 'the new group\'s chair')
    t.equal((await call('POST', `/comments/${comment.id as string}/hide`, first.chair.headers, { reason: 'x' })).statusCode, 403)
    t.equal((await call('PATCH', `/case-studies/${study.id as string}`, staff, { status: 'draft' })).statusCode, 200)
    t.equal((await call('POST', `/comments/${comment.id as string}/hide`, second.chair.headers, { reason: 'Done.' })).statusCode, 200)
    const told = (await app.inject({ method: 'GET', url: '/v1/me/notifications', headers: bob.headers })).json().data
    t.match(told[0], { kind: 'comment_hidden', title: '' }, 'a draft\'s title is not told to who may not read it')
    t.equal((await call('PATCH', `/case-studies/${study.id as string}`, staff, { status: 'published' })).statusCode, 200)
    t.equal((await call('DELETE', `/comments/${comment.id as string}`, bob.headers)).statusCode, 409, 'a hidden comment stays for the record')
    const seen = (await call('GET', `/comment-reports/${report.id as string}`, ann.headers)).json()
    t.match(seen, { status: 'upheld', resolvedBy: null }, 'the reporter is not told which moderator')
  })

  t.test('erasure removes the author everywhere, and the text where the network chose so', async (t) => {
    for (const erasure of ['keep_text', 'remove_text'] as const) {
      t.equal((await call('PATCH', '/comment-settings', admin, { erasure })).statusCode, 200)
      const leaving = await addPerson(app, net, `Leaving ${erasure}`)
      const gone = await made(`${onProposal}/comments`, { body: `Gone ${erasure}.` }, leaving.headers)
      t.equal((await call('DELETE', `/comments/${gone.id as string}`, leaving.headers)).statusCode, 204)
      const kept = await call('POST', `${onProposal}/comments`, leaving.headers, { body: `Kept ${erasure}.` }, { 'idempotency-key': `erase-${erasure}` })
      const keptId = kept.json().id as string
      const report = await made(`/comments/${keptId}/reports`, { reason: `Reason ${erasure}.` }, leaving.headers)
      const exported = (await call('GET', `/members/${leaving.id}/data-export`, admin)).json()
      t.same(exported.comments.map((one: Comment) => one.body), [`Kept ${erasure}.`])
      t.same(exported.commentReports.map((one: { id: string }) => one.id), [report.id])
      t.equal((await call('POST', `/members/${leaving.id}/erasure`, admin)).statusCode, 200)
      const after = (await call('GET', `/comments/${keptId}`, staff)).json()
      t.match(after, erasure === 'keep_text'
        ? { authorId: null, body: `Kept ${erasure}.`, status: 'visible' }
        : { authorId: null, body: null, status: 'deleted' })
      const copies = await app.db.select({ payload: events.payload, changes: events.changes, actorId: events.actorId })
        .from(events)
        .where(and(eq(events.networkId, net.id), inArray(events.resourceType, ['comment', 'comment_report'])))
      const text = JSON.stringify(copies)
      t.notOk(text.includes(leaving.id), `${erasure}: no copy names the author, as author or actor`)
      t.equal(text.includes(`Gone ${erasure}.`), erasure === 'keep_text', `${erasure}: a deleted comment's copies too`)
      t.equal(text.includes(`Kept ${erasure}.`), erasure === 'keep_text', `${erasure}: the kept comment's text as chosen`)
      const replay = await call('POST', `${onProposal}/comments`, leaving.headers, { body: `Kept ${erasure}.` }, { 'idempotency-key': `erase-${erasure}` })
      t.equal(replay.statusCode, 401, 'no stored response is replayed: the member can no longer call')
    }
    await call('PATCH', '/comment-settings', admin, { erasure: 'keep_text' })
  })

  t.test('races: one open report per member; a reply racing its comment\'s deletion', async (t) => {
    const target = await made(`${onProposal}/comments`, { body: 'Contested.' }, bob.headers)
    const reports = await Promise.all([1, 2, 3].map(() => call('POST', `/comments/${target.id as string}/reports`, ann.headers, { reason: 'Twice?' })))
    t.same(reports.map((response) => response.statusCode).sort(), [201, 409, 409])
    const root = await made(`${onProposal}/comments`, { body: 'Going.' }, ann.headers)
    const [reply, deletion] = await Promise.all([
      call('POST', `${onProposal}/comments`, bob.headers, { body: 'Wait!', inReplyToId: root.id }),
      call('DELETE', `/comments/${root.id as string}`, ann.headers)
    ])
    t.equal(deletion.statusCode, 204)
    const after = await call('GET', `/comments/${root.id as string}`, staff)
    if (reply.statusCode === 201) {
      t.match(after.json(), { status: 'deleted' }, 'the reply landed first: the comment stays as a placeholder')
    } else {
      t.equal(reply.statusCode, 422, 'the deletion landed first: nothing to reply to')
      t.equal(after.statusCode, 404)
    }
    const doomed = await made('/proposals', { title: 'Doomed', pitchedBy: [ann.id], status: 'submitted' })
    const [comment, removal] = await Promise.all([
      call('POST', `/proposals/${doomed.id as string}/comments`, bob.headers, { body: 'Last words.' }),
      call('DELETE', `/proposals/${doomed.id as string}`, staff)
    ])
    t.equal(removal.statusCode, 204)
    t.ok([201, 404].includes(comment.statusCode), `the comment: ${comment.statusCode}`)
    const left = await app.db.select({ id: comments.id }).from(comments)
      .where(and(eq(comments.networkId, net.id), eq(comments.parentId, doomed.id as string)))
    t.same(left, [], 'no comment outlives its resource')
    const contested = await made(`${onProposal}/comments`, { body: 'Contested again.' }, bob.headers)
    const [reported, hid] = await Promise.all([
      call('POST', `/comments/${contested.id as string}/reports`, ann.headers, { reason: 'Late.' }),
      call('POST', `/comments/${contested.id as string}/hide`, staff, { reason: 'Now.' })
    ])
    t.equal(hid.statusCode, 200)
    t.ok([201, 409].includes(reported.statusCode))
    const open = await app.db.select({ id: commentReports.id }).from(commentReports)
      .where(and(eq(commentReports.commentId, contested.id as string), eq(commentReports.status, 'open')))
    t.same(open, [], 'no report stays open on a hidden comment')
  })
})
