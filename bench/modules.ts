import { caseStudiesBench } from './cases/case-studies.js'
import { commentsBench } from './cases/comments.js'
import { membersBench } from './cases/members.js'
import { notificationsBench } from './cases/notifications.js'
import { questionnaireResultsBench } from './cases/questionnaire-results.js'
import { voteCountingBench } from './cases/vote-counting.js'
import { votesBench } from './cases/votes.js'
import type { BenchModule } from './context.js'

/** Every resource's benchmark module, in the order they run. */
export const benchModules: BenchModule[] = [
  membersBench, votesBench, voteCountingBench, questionnaireResultsBench, caseStudiesBench, notificationsBench,
  commentsBench
]
