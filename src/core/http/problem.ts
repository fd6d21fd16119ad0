import { Type, type Static } from 'typebox'
import { exampleProblem, PROBLEM_TYPE_NAMES, PROBLEM_TYPES } from './problem-types.js'
import { ref } from './schema.js'

export const InvalidInput = Type.Object({
  path: Type.String({ description: 'JSON pointer to the offending input, e.g. `/email`.' }),
  message: Type.String()
}, { $id: 'InvalidInput', title: 'InvalidInput', description: 'One invalid input of a request that failed validation.', additionalProperties: false })

/** RFC 9457 problem details: the body of every 4xx and 5xx response. */
export const Problem = Type.Object({
  type: Type.String({ description: 'The problem type, `urn:pop-tanks:problem:<name>`: branch on it (never on `detail`). Each is explained, with what to do, in the docs (docs/problems/<name>.md).', examples: ['urn:pop-tanks:problem:not-found'] }),
  title: Type.String({ description: 'A short, human-readable summary of the problem type.' }),
  status: Type.Integer({ description: 'The HTTP status code.', minimum: 400, maximum: 599 }),
  detail: Type.Optional(Type.String({ description: 'What went wrong with this request.' })),
  instance: Type.Optional(Type.String({ description: 'The request path.' })),
  requestId: Type.Optional(Type.String({ description: 'Quote it when reporting a problem; it is in the server logs.' })),
  errors: Type.Optional(Type.Array(ref(InvalidInput), { description: 'Present on validation failures: one entry per invalid input.' }))
}, {
  $id: 'Problem',
  title: 'Problem',
  description: 'Problem details (RFC 9457), served as `application/problem+json`.',
  additionalProperties: false,
  examples: [{
    type: 'urn:pop-tanks:problem:validation',
    title: 'Bad Request',
    status: 400,
    detail: 'The body is invalid: /email must match format "email"',
    instance: '/v1/networks/nlgn-innovation/members',
    requestId: 'req-7f3a9c2e',
    errors: [{ path: '/email', message: 'must match format "email"' }]
  }]
})
export type Problem = Static<typeof Problem>

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

export { problemType } from './problem-types.js'

const problemTypesOf = (status: number) =>
  PROBLEM_TYPE_NAMES.filter((name) => (PROBLEM_TYPES[name].statuses as readonly number[]).includes(status))

/**
 * The OpenAPI document's examples of problems: one per problem type and status it comes with, named
 * `<type>-<status>` under `components.examples`.
 */
export const problemExampleComponents = (): Record<string, { summary: string, value: Problem }> => Object.fromEntries(
  PROBLEM_TYPE_NAMES.flatMap((name) => PROBLEM_TYPES[name].statuses.map((status) =>
    [`${name}-${status}`, { summary: PROBLEM_TYPES[name].summary, value: exampleProblem(name, status) }]))
)

/** An error response's `examples`: a reference to the example of each problem type its status comes with. */
export const problemExampleRefs = (status: number): Record<string, { $ref: string }> =>
  Object.fromEntries(problemTypesOf(status).map((name) => [name, { $ref: `#/components/examples/${name}-${status}` }]))

/** A documented problem response, for statuses an operation adds to the ones documented for every route. */
export const problemResponse = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: Type.Ref('Problem') } }
})
