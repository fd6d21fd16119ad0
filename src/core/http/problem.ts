import { Type, type Static } from 'typebox'
import { ref } from './schema.js'

export const InvalidInput = Type.Object({
  path: Type.String({ description: 'JSON pointer to the offending input, e.g. `/email`.' }),
  message: Type.String()
}, { $id: 'InvalidInput', title: 'InvalidInput', description: 'One invalid input of a request that failed validation.', additionalProperties: false })

/** RFC 9457 problem details: the body of every 4xx and 5xx response. */
export const Problem = Type.Object({
  type: Type.String({ description: 'A URI reference that identifies the problem type.', examples: ['urn:pop-tanks:problem:not-found'] }),
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

/** The `type` URI of a problem, from its short name. */
export const problemType = (name: string) => `urn:pop-tanks:problem:${name}`

/** A documented problem response, for statuses an operation adds to the ones documented for every route. */
export const problemResponse = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: Type.Ref('Problem') } }
})
