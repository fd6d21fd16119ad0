import { sql } from 'drizzle-orm'
import { test } from 'tap'
import type { App } from '../../src/app.js'
import { describeLogins, seedDemoData, SEED_RECORDS } from '../../src/cli/seed/load.js'
import { BALLOTS, DEMO_ADMIN, DEMO_OPERATOR, NETWORK, PUBLISHED_WINNERS } from '../../src/cli/seed/pop-tanks-2012.js'
import { bearer, buildTestApp, captureLogs, tokenFor } from '../helper.js'

const silent = { advance: () => {}, stop: () => {} }

/** The number of rows in every table of the schema, migrations' bookkeeping aside. */
async function rowCounts (app: App): Promise<Record<string, number>> {
  const tables = await app.db.execute(sql`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`) as unknown as { rows: Array<{ tablename: string }> }
  const counts: Record<string, number> = {}
  for (const { tablename } of tables.rows) {
    const result = await app.db.execute(sql`SELECT count(*)::int AS n FROM ${sql.identifier(tablename)}`) as unknown as { rows: Array<{ n: number }> }
    counts[tablename] = result.rows[0]?.n ?? 0
  }
  return counts
}

test('the demo data, loaded twice', async (t) => {
  const logs = captureLogs()
  const app = await buildTestApp(t, { logLevel: 'info' }, { logStream: logs.stream })
  // As the server and the CLI do: the app is ready, and ADMIN_EMAIL's operator exists, before the seed starts.
  await app.ready()
  const booted = logs.lines.length
  const first = await seedDemoData(app, silent)
  t.same(first, {
    created: SEED_RECORDS,
    existing: 0,
    // The test app has its operator already: the seed creates only the network's demo admin.
    logins: [{ role: 'admin', network: NETWORK.slug, ...DEMO_ADMIN }]
  }, 'everything is created the first time, and the logins it made are listed')
  t.same(logs.lines.slice(booted).map((line) => line.msg), [`demo data loaded: ${SEED_RECORDS} records created, 0 already there`],
    'one line in the log, not two per request the seed makes')
  t.notMatch(JSON.stringify(logs.lines), DEMO_ADMIN.password, 'and no password in it')
  const afterFirst = await rowCounts(app)
  t.equal(afterFirst.members, 19)
  t.ok((afterFirst.events ?? 0) > 0, 'the writes are recorded as events, as API writes are')

  const second = await seedDemoData(app, silent)
  t.same(second, { created: 0, existing: SEED_RECORDS, logins: [] }, 'everything is found the second time')
  t.same(await rowCounts(app), afterFirst, 'no table has a row more or less, the audit log included')

  // What a newcomer sees, as the walkthrough's admin.
  const as = bearer(await tokenFor(app, { network: NETWORK.slug, ...DEMO_ADMIN }))
  const get = async (path: string) => (await app.inject({ url: `/v1/networks/${NETWORK.slug}${path}`, headers: as })).json()

  const [vote] = (await get('/votes')).data
  t.match(vote, { method: 'plurality', seats: 2, status: 'closed', electorateSize: 14, ballotsCast: 14, electorate: { kind: 'workshop' } })
  const results = await get(`/votes/${vote.id}/results`)
  const label = (optionId: string) => vote.options.find((option: { id: string }) => option.id === optionId).label
  t.same(results.winners.map(label), PUBLISHED_WINNERS, 'the count elects the published two')
  t.same(Object.fromEntries(results.tally.map((entry: { optionId: string, votes: number }) => [label(entry.optionId), entry.votes])), BALLOTS, 'the ballots chosen')

  const proposals = (await get('/proposals?limit=200')).data
  const byStatus = (status: string) =>
    proposals.filter((proposal: { status: string }) => proposal.status === status)
      .map((proposal: { title: string }) => proposal.title)
  t.same(byStatus('selected'), PUBLISHED_WINNERS)
  t.equal(byStatus('not_selected').length, 4)
  t.equal(byStatus('parked').length, 8)
  t.match(proposals.find((proposal: { title: string }) => proposal.title === 'Market shaping and market making'), { question: null, subQuestions: { length: 3 } })

  const [session] = (await get('/workshops?kind=agenda_setting')).data
  t.match(session, { title: 'Pop Tank, first session', startsAt: '2011-12-08T14:00:00.000Z', registeredCount: 14 })

  const groups = (await get('/issue-groups')).data
  t.same(groups.map((group: { number: number, title: string, status: string, chairs: Array<{ fullName: string }> }) =>
    [group.number, group.title, group.status, group.chairs.map((chair) => chair.fullName)]), [
    [1, 'Reducing dependency', 'active', ['Ann Griffiths', 'Claire Webb']],
    [2, 'Creating a desirable and effective commissioning landscape', 'active', ['John Nicholson']]
  ])
  t.match(groups[0].staffContact, { fullName: 'Jenna Collins', jobTitle: 'Networks Manager', phone: '020 7469 2653' })
  const timeline = (await get(`/issue-groups/${groups[0].id}/timeline`)).data
  t.same(timeline.map((entry: { type: string, when: string }) => [entry.type, entry.when]), [
    ['milestone', 'late April/Early May'], ['workshop', '2012-05-01'], ['milestone', 'May-September']
  ], 'fuzzy dates as written, beside the planned workshop')
  const forums = (await get('/case-studies?q=forums')).data
  t.match(forums, [{ title: 'Customer forums in place of a helpline', sector: 'private', issueGroupId: groups[0].id, status: 'published' }])
  const recommendations = (await get(`/issue-groups/${groups[1].id}/recommendations`)).data
  t.match(recommendations, [
    { status: 'proposed', audiences: ['councils', 'commissioners'], reviewOn: '2013-03-31', text: /^Evaluate every potential delivery model/ },
    { status: 'proposed', audiences: ['councils', 'central_government', 'providers'], text: /skills/ }
  ], 'Pop Tank 2 makes two illustrative recommendations')
  const [questionnaire] = (await get(`/questionnaires?groupId=${groups[1].id}`)).data
  t.match(questionnaire, { title: 'Initial questionnaire in to current commissioning practices', status: 'closed', responseCount: 5, questions: { length: 7 } })
  const [questionnaireStep] = (await get(`/issue-groups/${groups[1].id}/methodology-steps`)).data.filter((step: { kind: string }) => step.kind === 'questionnaire')
  t.equal(questionnaire.methodologyStepId, questionnaireStep.id, 'it is the questionnaire step of Pop Tank 2\'s methodology')
  const answered = await get(`/questionnaires/${questionnaire.id}/results`)
  t.match(answered, { responses: 5, final: true, questions: [{ questionId: 'skills', choices: [{ id: 'yes', count: 1 }, { id: 'partly', count: 3, percent: 60 }, { id: 'no', count: 1 }] }] },
    'Pop Tank 2\'s questionnaire is answered and closed, its results out')
})

test('on an empty database the seed creates an operator too, and says how to log in', async (t) => {
  const app = await buildTestApp(t, { admin: undefined })
  await app.ready()
  const summary = await seedDemoData(app, silent)
  t.same(summary.logins, [
    { role: 'operator', ...DEMO_OPERATOR },
    { role: 'admin', network: NETWORK.slug, ...DEMO_ADMIN }
  ])
  t.same(describeLogins(summary.logins), [
    `operator: ${DEMO_OPERATOR.email}, password ${DEMO_OPERATOR.password}`,
    `${NETWORK.slug} admin: ${DEMO_ADMIN.email}, password ${DEMO_ADMIN.password}`
  ])
  await tokenFor(app, DEMO_OPERATOR)
  await tokenFor(app, { network: NETWORK.slug, ...DEMO_ADMIN })
})
