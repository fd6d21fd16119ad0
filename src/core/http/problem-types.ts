import { STATUS_CODES } from 'node:http'
/**
 * Every problem `type` the API answers with (`urn:pop-tanks:problem:<name>`), what it means and how a client gets past
 * it. The error handler can only name a type from this table; docs/problems/ is written from it (`npm run docs`, a
 * test keeps the two equal), and the OpenAPI document's error responses carry each type's example.
 */
export interface ProblemTypeDescription {
  /** A line: the example's summary and the docs page's heading. */
  summary: string
  /** The statuses it comes with; the first is the default type of problems with that status. */
  statuses: readonly number[]
  /** What happened, for a reader of the docs. */
  means: string
  /** What the client can do about it. */
  fix: string
  example: { detail: string, instance: string, errors?: Array<{ path: string, message: string }> }
}

export const PROBLEM_TYPES = {
  validation: {
    summary: 'An input fails validation',
    statuses: [400, 422],
    means: 'The request does not fit the operation: with 400, the body, query string or path fails the operation\'s schema (a ' +
      'missing or unknown field, a wrong type, a value out of bounds); with 422, it fits the schema but breaks a rule the schema ' +
      'cannot say (a vote\'s options must be distinct, a workshop must end after it starts).',
    fix: 'Read `errors`: one entry per invalid input, its `path` a JSON pointer into what you sent and its `message` what is wrong ' +
      'with it. Correct those inputs; sending the same request again fails the same way. In a bulk request (the member sync), a bad ' +
      'record is rejected on its own in the per-record result, and only a malformed envelope is a 400.',
    example: {
      detail: 'The body is invalid: /email must match format "email"',
      instance: '/v1/networks/nlgn-innovation/members',
      errors: [{ path: '/email', message: 'must match format "email"' }]
    }
  },
  'bad-request': {
    summary: 'The request is malformed',
    statuses: [400],
    means: 'The request is malformed in a way that is not about one input: a body that is not JSON, a `cursor` the list did not ' +
      'give out (or one from another query), a header the operation cannot read.',
    fix: 'Send well-formed JSON; start a list again without `cursor`, and follow only the `nextCursor` of the same query.',
    example: { detail: 'The cursor is not one this list gave out; start again without it', instance: '/v1/networks/nlgn-innovation/members' }
  },
  unauthorized: {
    summary: 'No valid token or API key',
    statuses: [401],
    means: 'No credential came with the request, or its token or API key is not valid: malformed, expired, revoked, or ended by a ' +
      'password change or the member\'s removal. `WWW-Authenticate` says `error="invalid_token"` when one was sent and refused.',
    fix: 'Get a new token from `POST /v1/auth/token` (a member logs in with their network) and send it as `Authorization: Bearer ' +
      '<token>`, or use a live API key the same way.',
    example: { detail: 'The token is invalid or has expired', instance: '/v1/me' }
  },
  forbidden: {
    summary: 'The caller may not do this',
    statuses: [403],
    means: 'The caller is known but may not do this: their role in the network, the API key\'s scopes or network, or a field ' +
      'they may not set (a member cannot make themselves an admin). `detail` names what was missing.',
    fix: 'Act as a caller who may: docs/POLICY.md lists who may do what to which resource and field. An API key needs the scope ' +
      'the operation names in the OpenAPI document.',
    example: { detail: 'Only admins and staff may do this', instance: '/v1/networks/nlgn-innovation/members' }
  },
  'not-found': {
    summary: 'No such resource in a network the caller sees',
    statuses: [404],
    means: 'No such resource, or none the caller can see: a resource of another network answers 404, never 403, so its existence ' +
      'is not told. Also an unknown path.',
    fix: 'Check the ids and the network in the path; a list shows what exists. A deleted member is in `GET …/members/deleted`.',
    example: { detail: 'Member 3f2b8c1e-5a7d-4e9b-9c21-7d4f0a6b1e53 not found', instance: '/v1/networks/nlgn-innovation/members/3f2b8c1e-5a7d-4e9b-9c21-7d4f0a6b1e53' }
  },
  'method-not-allowed': {
    summary: 'The path does not take this method',
    statuses: [405],
    means: 'The path exists but not with this method.',
    fix: 'Use one of the methods in the `Allow` header.',
    example: { detail: 'PUT is not allowed here; use GET, PATCH or DELETE', instance: '/v1/networks/nlgn-innovation' }
  },
  'not-acceptable': {
    summary: 'Accept names nothing the operation serves',
    statuses: [406],
    means: 'The `Accept` header names no media type the operation serves.',
    fix: 'Ask for a type `detail` names, or leave `Accept` out (JSON): the lists of members, of a group\'s members and of a ' +
      'vote\'s ballots also serve `text/csv`, the calendar feeds only `text/calendar`; every body is UTF-8.',
    example: {
      detail: 'This operation serves application/json and text/csv; the Accept header names none of them.',
      instance: '/v1/networks/nlgn-innovation/members'
    }
  },
  conflict: {
    summary: 'The request conflicts with what is stored',
    statuses: [409],
    means: 'The request conflicts with what is stored: a unique value already taken (`errors` names the field), a reference to ' +
      'something that does not exist, a change the resource\'s state refuses (a closed vote, the network\'s last admin), or the ' +
      'repeat of an `Idempotency-Key` whose response carried a secret, which is never stored to be replayed.',
    fix: 'Read `detail`: choose another value, read the resource\'s current state and act on it, or repeat with a new ' +
      '`Idempotency-Key`.',
    example: {
      detail: 'A resource with the same unique value already exists.',
      instance: '/v1/networks/nlgn-innovation/members',
      errors: [{ path: '/email', message: 'is already taken' }]
    }
  },
  'precondition-failed': {
    summary: 'If-Match is not the current ETag',
    statuses: [412],
    means: 'The `If-Match` sent is not the resource\'s current `ETag`: someone changed it since you read it.',
    fix: 'Read the resource again, apply your change to what it is now, and send it with the new `ETag`.',
    example: {
      detail: 'The resource has changed since you read it: If-Match does not match its current ETag',
      instance: '/v1/networks/nlgn-innovation/members/3f2b8c1e-5a7d-4e9b-9c21-7d4f0a6b1e53'
    }
  },
  'payload-too-large': {
    summary: 'The body is too large',
    statuses: [413],
    means: 'The body is larger than the service reads (1 MiB; the member sync takes more).',
    fix: 'Send less: split a bulk request into batches.',
    example: { detail: 'Request body is too large', instance: '/v1/networks/nlgn-innovation/members/sync' }
  },
  'uri-too-long': {
    summary: 'A path parameter is too long',
    statuses: [414],
    means: 'A path parameter is longer than any id or slug can be.',
    fix: 'Check the path: ids are UUIDs and slugs at most 63 characters.',
    example: { detail: 'URI Too Long', instance: '/v1/networks/aaaaaaaa…' }
  },
  'unsupported-media-type': {
    summary: 'The body is not JSON',
    statuses: [415],
    means: 'The body is not JSON: the API reads `application/json` only.',
    fix: 'Send the body as JSON with `Content-Type: application/json`.',
    example: { detail: 'Unsupported Media Type: text/plain', instance: '/v1/networks' }
  },
  'unprocessable-entity': {
    summary: 'The request cannot be done as sent',
    statuses: [422],
    means: 'The request is well formed but cannot be done as sent, e.g. an `Idempotency-Key` already used with another body.',
    fix: 'Use a new `Idempotency-Key` for a new request; repeat a request only with exactly the body it had.',
    example: { detail: 'This Idempotency-Key was used with another request', instance: '/v1/networks' }
  },
  'too-many-requests': {
    summary: 'A rate limit was reached',
    statuses: [429],
    means: 'A rate limit was reached: writes, expensive reads (CSV exports, search), login attempts per address, or failed logins ' +
      'per account. `RateLimit-Policy` names the limit and its quota, `RateLimit` what remains.',
    fix: 'Wait the seconds in `Retry-After`, then retry; spread bulk work out or use the bulk operations.',
    example: { detail: 'Rate limit exceeded, retry in 60 seconds', instance: '/v1/auth/token' }
  },
  internal: {
    summary: 'An unexpected error',
    statuses: [500],
    means: 'An unexpected error in the service. Nothing about it is in the answer; the server log has it under the request id.',
    fix: 'Retry later; if it persists, report it with the `requestId`.',
    example: { detail: 'Internal Server Error', instance: '/v1/networks' }
  },
  unavailable: {
    summary: 'The service cannot answer now',
    statuses: [503],
    means: 'The service cannot answer now: its database is unreachable, overloaded or slow, or the request lost a race with a ' +
      'concurrent one and was rolled back whole.',
    fix: 'Retry after the seconds in `Retry-After` (with an `Idempotency-Key` on a `POST`, a retry cannot do it twice).',
    example: { detail: 'The service cannot reach its database right now; retry later.', instance: '/v1/networks' }
  }
} as const satisfies Record<string, ProblemTypeDescription>

export type ProblemTypeName = keyof typeof PROBLEM_TYPES

export const PROBLEM_TYPE_NAMES = Object.keys(PROBLEM_TYPES) as ProblemTypeName[]

/** The type of a problem with this status that names no type of its own; validation failures name theirs. */
export const DEFAULT_PROBLEM_TYPES = new Map<number, ProblemTypeName>(
  PROBLEM_TYPE_NAMES.filter((name) => name !== 'validation').map((name) => [PROBLEM_TYPES[name].statuses[0] as number, name])
)

/** The `type` URI of a problem, from its short name. */
export const problemType = (name: ProblemTypeName) => `urn:pop-tanks:problem:${name}`

/** A problem of this type as the API would answer it, from its example. */
export const exampleProblem = (name: ProblemTypeName, status = PROBLEM_TYPES[name].statuses[0] as number) => ({
  type: problemType(name),
  title: STATUS_CODES[status] ?? 'Error',
  status,
  ...PROBLEM_TYPES[name].example,
  requestId: 'req-7f3a9c2e'
})

const GENERATED = 'Written from `src/core/http/problem-types.ts` by `npm run docs`; do not edit by hand.'

/** docs/problems/: a page per problem type and an index, by file name (a test keeps the committed files equal). */
export function problemTypeDocuments (): Map<string, string> {
  const pages = new Map<string, string>()
  for (const name of PROBLEM_TYPE_NAMES) {
    const { summary, statuses, means, fix } = PROBLEM_TYPES[name]
    const status = statuses[0] as number
    pages.set(`${name}.md`, [
      `# \`${problemType(name)}\`: ${summary}`,
      '',
      GENERATED,
      '',
      `**Status:** ${statuses.map((code) => `${code} ${STATUS_CODES[code] ?? ''}`).join(', ')}`,
      '',
      '## What it means',
      '',
      means,
      '',
      '## What to do',
      '',
      fix,
      '',
      '## Example',
      '',
      '```http',
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
      'Content-Type: application/problem+json',
      '',
      JSON.stringify(exampleProblem(name), null, 2),
      '```',
      ''
    ].join('\n'))
  }
  pages.set('README.md', [
    '# Problem types',
    '',
    GENERATED,
    '',
    'Every 4xx and 5xx answer is `application/problem+json` (RFC 9457): `type` names the problem, `title` is the status\'s ' +
      'name, `detail` says what went wrong with this request, `instance` is the path, `requestId` finds the request in the ' +
      'server logs, and `errors` lists each invalid input (JSON pointer and message) on validation failures. Branch on `type`, ' +
      'never on `detail`, which is for people and may change.',
    '',
    '| `type` | Status | |',
    '|---|---|---|',
    ...PROBLEM_TYPE_NAMES.map((name) =>
      `| [\`${problemType(name)}\`](${name}.md) | ${PROBLEM_TYPES[name].statuses.join(', ')} | ${PROBLEM_TYPES[name].summary} |`),
    ''
  ].join('\n'))
  return pages
}
