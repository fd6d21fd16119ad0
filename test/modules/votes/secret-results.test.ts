import { test } from 'tap'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { voteClient } from './helpers.js'

/**
 * Results shown while a secret vote is open change with each ballot: whoever watches them learns each voter's choice.
 */
test('a secret vote cannot show its results while open, whichever field is set first', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const client = voteClient(app, nlgn)
  const options = [{ label: 'A' }, { label: 'B' }]
  const refusal = [{ path: '/resultsVisibleWhileOpen', message: 'a secret vote cannot show results while it is open: each change would tell who voted what' }]
  const create = (fields: Record<string, unknown>) => app.inject({ method: 'POST', url: client.url, headers: nlgn.as.staff, payload: { title: 'T', method: 'plurality', options, ...fields } })
  const patch = async (voteId: string, fields: Record<string, unknown>) => {
    const current = await app.inject({ url: `${client.url}/${voteId}`, headers: nlgn.as.staff })
    return app.inject({ method: 'PATCH', url: `${client.url}/${voteId}`, headers: { ...nlgn.as.staff, 'if-match': current.headers.etag as string }, payload: fields })
  }

  for (const fields of [{ resultsVisibleWhileOpen: true }, { secret: true, resultsVisibleWhileOpen: true }]) {
    const refused = await create(fields)
    t.equal(refused.statusCode, 422, `create ${JSON.stringify(fields)}`)
    t.same(refused.json().errors, refusal)
  }
  t.equal((await create({ secret: false, resultsVisibleWhileOpen: true })).statusCode, 201, 'an open-ballot vote may')

  const secret = (await create({})).json()
  t.equal((await patch(secret.id, { resultsVisibleWhileOpen: true })).statusCode, 422, 'showing results on a secret vote')
  const shown = (await create({ secret: false, resultsVisibleWhileOpen: true })).json()
  const made = await patch(shown.id, { secret: true })
  t.equal(made.statusCode, 422, 'making a vote that shows results secret')
  t.same(made.json().errors, refusal)
  t.equal((await patch(shown.id, { secret: true, resultsVisibleWhileOpen: false })).statusCode, 200, 'both at once, consistently')
})
