import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { followEvents } from '../../core/events/followers.js'
import { describeEventPayloads } from '../../core/events/payloads.js'
import { registerMemberData } from '../../core/registries/member-data.js'
import commentsRoutes from './comments.routes.js'
import { Comment, CommentMute, CommentReport, commentSchemas, CommentSettings } from './comments.schemas.js'
import { followResources } from './comments.service.js'
import { commentsMemberData } from './member-data.js'
import moderationRoutes from './moderation.routes.js'

export { parentTitles } from './comments.queries.js'
export { comments } from './comments.table.js'

registerMemberData(commentsMemberData)
followEvents(followResources)
describeEventPayloads({
  comment: Comment,
  comment_report: CommentReport,
  comment_mute: CommentMute,
  comment_settings: CommentSettings
})

/**
 * Threads of comments on the resources other modules register as commentable (issue #20, part 1): replies, edits,
 * deletion, mentions; moderation by reports, hiding, a queue and mutes. A module above every one whose resources it
 * threads: they tell it, through the core's registry, who sees each resource.
 */
async function commentsModule (app: FastifyInstance) {
  for (const schema of commentSchemas) app.addSchema(schema)
  await app.register(commentsRoutes)
  await app.register(moderationRoutes)
}

export default fp(commentsModule, { name: 'comments-module', dependencies: ['database', 'auth'] })
