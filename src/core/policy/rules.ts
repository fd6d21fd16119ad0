import type { Rule } from './policy.js'
import type { MemberRole } from './roles.js'

const MANAGERS: readonly MemberRole[] = ['staff', 'admin']

/*
 * The policy below the routes' roles and scopes (each route's `config.auth`, enforced by the auth plugin): which
 * fields a caller sees and what they may do to a resource, by role, relation and scope. One table, so that a rule
 * reads the same in every route that applies it; docs/POLICY.md is written from it (`npm run docs`).
 */
export const POLICY = {
  member: {
    seePersonalData: {
      summary: 'See a member\'s contact and consent fields (email, status, CRM id, consent…), in JSON and CSV',
      roles: MANAGERS,
      relations: ['self'],
      scopes: ['members:read', 'members:write']
    },
    exportData: { summary: 'Export a member\'s data (GDPR access)', roles: MANAGERS, relations: ['self'], scopes: ['members:read', 'members:write'] },
    writeStaffRecords: { summary: 'Create, change or remove staff and admin records', roles: ['admin'] },
    giveRoles: { summary: 'Give a role other than `member`', roles: ['admin'] },
    resetPasswords: { summary: 'Issue a password reset', roles: ['admin'] }
  },
  proposal: {
    manage: {
      summary: 'Edit any proposal, pitch for other members, make any change its life cycle allows',
      roles: MANAGERS
    },
    editOwn: { summary: 'Edit, submit or withdraw a proposal while it is a draft or submitted', roles: MANAGERS, relations: ['pitcher'] },
    seeDrafts: { summary: 'See draft proposals', roles: MANAGERS, relations: ['pitcher'], scopes: ['read'] }
  },
  issueGroup: {
    manage: { summary: 'Add other members to a group, give group roles, remove members', roles: MANAGERS },
    edit: {
      summary: 'Edit a group\'s outline, methodology, milestones, outputs and recommendations; feature or hide contributions',
      roles: MANAGERS,
      relations: ['chair']
    },
    leave: { summary: 'Take a member out of a group', roles: MANAGERS, relations: ['self'] },
    changeContribution: {
      summary: 'Change or remove a contribution (featuring or hiding one is `edit`)',
      roles: MANAGERS,
      relations: ['chair', 'author']
    }
  },
  caseStudy: {
    write: { summary: 'Write case studies (a chair: those of the groups they chair)', roles: MANAGERS, relations: ['chair'] },
    seeDrafts: { summary: 'See draft case studies (a chair: those of the groups they chair)', roles: MANAGERS, relations: ['chair'] }
  },
  questionnaire: {
    manage: {
      summary: 'Write, open, close and delete questionnaires, see their drafts, responses and results at any time (a chair: those of the groups they chair)',
      roles: MANAGERS,
      relations: ['chair']
    }
  },
  comment: {
    moderate: {
      summary: 'Hide and restore comments, see hidden ones in full, dismiss reports, read the moderation queue (a chair: in the threads of the groups they chair)',
      roles: MANAGERS,
      relations: ['chair']
    }
  },
  workshopRegistration: {
    manage: { summary: 'Register other members, and change or cancel anyone\'s registration', roles: MANAGERS },
    see: { summary: 'See a registration', roles: MANAGERS, relations: ['self'], scopes: ['read'] }
  }
} as const satisfies Record<string, Record<string, Rule>>

/** The table as markdown: docs/POLICY.md (`npm run docs`; a test keeps the two equal). */
export function policyDocument (): string {
  const list = (items: readonly string[] | undefined) => (items ?? []).map((item) => `\`${item}\``).join(', ') || '—'
  const rows = Object.entries(POLICY).flatMap(([resource, rules]) =>
    Object.entries(rules).map(([action, rule]: [string, Rule]) =>
      `| \`${resource}.${action}\` | ${rule.summary} | ${list(rule.roles)} | ${list(rule.relations)} | ${list(rule.scopes)} |`
    )
  )
  return [
    '# Policy',
    '',
    'Written from `src/core/policy/rules.ts` by `npm run docs`; do not edit by hand.',
    '',
    'Each route first declares who may call it at all (`config.auth`: roles and API key scopes per network, shown as',
    '`x-auth` in the OpenAPI document). The rules below decide the rest: which fields a caller sees and what they may do',
    'to one resource. Operators pass every rule. A member passes with one of the roles, or, whatever their role, with',
    'one of the relations to the resource (`self`: it is them or theirs; `pitcher`: they pitched the proposal; `chair`:',
    'they chair or co-chair its group; `author`: they added it). An API key passes with one of the scopes. Acts a member',
    'does in person (voting, endorsing, responding to a questionnaire, writing, editing, deleting and reporting',
    'comments) are no rule: their routes admit members only (`inPerson` in `x-auth`), and only that member does them.',
    '',
    '| Rule | What it allows | Member roles | Relations | API key scopes |',
    '|---|---|---|---|---|',
    ...rows,
    ''
  ].join('\n')
}
