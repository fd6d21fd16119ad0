import { drizzle } from 'drizzle-orm/node-postgres'
import type { Database } from '../../src/core/db/client.js'
import { answersOf } from '../../src/modules/questionnaires/questionnaires.queries.js'
import { networkWithAdmin, post, type BenchContext, type BenchModule } from '../context.js'

const RESPONSE_COUNT = { quick: 10_000, full: 100_000 }
const NETWORK = 'bench-questionnaires'

const choices = (count: number) => Array.from({ length: count }, (_, index) => ({ id: `c${index + 1}`, label: `Choice ${index + 1}` }))
/** One question of each kind, as the seed document's questionnaire on commissioning practices might ask them. */
const QUESTIONS = [
  { id: 'q1', kind: 'single_choice', prompt: 'Which delivery model do you use most?', choices: choices(5), allowOther: true },
  { id: 'q2', kind: 'multiple_choice', prompt: 'Which do you use at all?', choices: choices(5), maxSelections: 5 },
  { id: 'q3', kind: 'scale', prompt: 'How well does it work?', min: 1, max: 5 },
  { id: 'q4', kind: 'matrix', prompt: 'How well does it do on…', rows: choices(3), min: 1, max: 5 },
  { id: 'q5', kind: 'ranking', prompt: 'Rank the principles', choices: choices(5) },
  { id: 'q6', kind: 'number', prompt: 'How many services do you commission?', min: 0 },
  { id: 'q7', kind: 'date', prompt: 'When did you last review them?' },
  { id: 'q8', kind: 'free_text', prompt: 'Anything else?' }
]

let networkId = ''
let adminHeaders: Record<string, string> = {}
let questionnaireId = ''

/**
 * Stores the responses straight into the table, as the response route would have, each answering every question
 * from its row number (the free text one in ten, as optional questions are); no respondent, as after an anonymous
 * questionnaire closes.
 */
async function storeResponses (context: BenchContext, count: number) {
  await context.sql.query(`
    INSERT INTO questionnaire_responses (id, network_id, questionnaire_id, answers)
    SELECT gen_random_uuid(), $1, $2, jsonb_build_array(
             jsonb_build_object('questionId', 'q1', 'choiceId', 'c' || (1 + g % 5)),
             jsonb_build_object('questionId', 'q2', 'choiceIds', jsonb_build_array('c' || (1 + g % 2), 'c' || (3 + g % 3))),
             jsonb_build_object('questionId', 'q3', 'value', 1 + (g * 7) % 5),
             jsonb_build_object('questionId', 'q4', 'rows', jsonb_build_array(
               jsonb_build_object('rowId', 'c1', 'value', 1 + g % 5),
               jsonb_build_object('rowId', 'c2', 'value', 1 + (g / 3) % 5),
               jsonb_build_object('rowId', 'c3', 'value', 1 + (g / 7) % 5))),
             jsonb_build_object('questionId', 'q5', 'ranking', (ARRAY[
               '["c1","c2","c3","c4","c5"]', '["c5","c4","c3"]', '["c2","c1","c5","c3","c4"]', '["c3"]'
             ])[1 + g % 4]::jsonb),
             jsonb_build_object('questionId', 'q6', 'value', g % 1000),
             jsonb_build_object('questionId', 'q7', 'date', '2012-05-' || lpad((1 + g % 28)::text, 2, '0'))
           ) || CASE WHEN g % 10 = 0
                  THEN jsonb_build_array(jsonb_build_object('questionId', 'q8', 'text', 'What response ' || g || ' had to add.'))
                  ELSE '[]'::jsonb END
    FROM generate_series(1, $3::int) AS g`, [networkId, questionnaireId, count])
  await context.sql.query('ANALYZE questionnaire_responses')
}

export const questionnaireResultsBench: BenchModule = {
  name: 'questionnaire results',

  registerBaseline (baseline, pool) {
    const db = drizzle(pool) as unknown as Database
    // The read the results route does, alone.
    baseline.get<{ Params: { networkId: string, questionnaireId: string } }>(
      '/networks/:networkId/questionnaires/:questionnaireId/answers',
      async (request) => {
        const answers = await answersOf(db, request.params.networkId, request.params.questionnaireId)
        return { responses: answers.length }
      }
    )
  },

  async seed (context) {
    ({ networkId, adminHeaders } = await networkWithAdmin(context, NETWORK))
    const questionnaire = await post(context, `/v1/networks/${networkId}/questionnaires`, {
      title: 'Initial questionnaire in to current commissioning practices', questions: QUESTIONS
    }, adminHeaders)
    questionnaireId = questionnaire.id as string
    await storeResponses(context, context.size ?? (context.quick ? RESPONSE_COUNT.quick : RESPONSE_COUNT.full))
  },

  cases (context) {
    const count = (context.size ?? (context.quick ? RESPONSE_COUNT.quick : RESPONSE_COUNT.full)).toLocaleString('en')
    const fetchOk = async (url: string, init?: RequestInit) => {
      const response = await fetch(url, init)
      if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`)
      return response.json()
    }
    return [{
      kind: 'duration',
      name: `questionnaires: summarise ${count} responses`,
      goal: 0.6,
      growth: true,
      // The whole route as its managers read it (it is a draft): authorization, read, summary, JSON.
      app: () => fetchOk(
        `${context.appUrl}/v1/networks/${networkId}/questionnaires/${questionnaireId}/results`, { headers: adminHeaders }
      ),
      baseline: () => fetchOk(`${context.baselineUrl}/networks/${networkId}/questionnaires/${questionnaireId}/answers`)
    }]
  }
}
