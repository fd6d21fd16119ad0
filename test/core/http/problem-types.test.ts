import { readdir, readFile } from 'node:fs/promises'
import { test } from 'tap'
import { problemTypeDocuments } from '../../../src/core/http/problem-types.js'
import { buildTestApp } from '../../helper.js'

const DOCS = new URL('../../../docs/problems/', import.meta.url)

test('docs/problems/ is a page per problem type, as the table is', async (t) => {
  const generated = problemTypeDocuments()
  t.same((await readdir(DOCS)).sort(), [...generated.keys()].sort(), 'no page missing, none left over')
  for (const [file, text] of generated) {
    t.equal(await readFile(new URL(file, DOCS), 'utf8'), text, `${file}: run \`npm run docs\` and commit docs/problems`)
  }
})

test('every error response of the document shows an example of each problem type its status comes with', async (t) => {
  const app = await buildTestApp(t)
  await app.ready()
  type Content = Record<string, { examples?: Record<string, { $ref: string }> }>
  const document = app.swagger() as unknown as {
    paths: Record<string, Record<string, { responses: Record<string, { content?: Content }> }>>
    components: { examples: Record<string, { value: { status: number, type: string } }> }
  }
  let responses = 0
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        const problem = response.content?.['application/problem+json']
        if (problem === undefined) continue
        responses++
        const examples = Object.values(problem.examples ?? {})
        const values = examples.map((example) => document.components.examples[example.$ref.split('/').pop() as string]?.value)
        t.ok(examples.length > 0 && values.every((value) => value?.status === Number(status)),
          `${method.toUpperCase()} ${path} ${status}: examples of its own status`)
      }
    }
  }
  t.ok(responses > 500, `${responses} error responses`)
})
