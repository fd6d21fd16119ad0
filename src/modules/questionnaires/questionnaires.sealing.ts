/*
 * Anonymous responses while their questionnaire is open (see questionnaires.table.ts): sealed with the questionnaire's
 * keys (core/secrets/sealing.ts), under the lookup of the hash of a receipt only the respondent holds, and padded to
 * the length of the fullest response the questions allow, so the size of a sealed response says nothing of it.
 */
import { sha256Hex } from '../../core/secrets/hash.js'
import { seal, sealingKeys, unseal, type SealingKeys } from '../../core/secrets/sealing.js'
import type { Answer, Question } from './questionnaires.schemas.js'

export { lookupOf, newReceipt, shuffled } from '../../core/secrets/sealing.js'
export const hashReceipt = sha256Hex

/** The longest sealed response an anonymous questionnaire may have: its questions must allow no longer one. */
export const MAX_SEALED_BYTES = 512 * 1024

export const questionnaireKeys = (ballotKey: string, questionnaireId: string): SealingKeys =>
  sealingKeys(ballotKey, questionnaireId, 'anonymous questionnaire response')

export interface OpenedResponse { receiptHash: string, answers: Answer[] }

const plaintext = (response: OpenedResponse) =>
  Buffer.from(JSON.stringify({ receiptHash: response.receiptHash, answers: response.answers }), 'utf8')

/** Text JSON writes at its longest: every character escaped as `\u00XX`. */
const longest = (length: number) => '\u0001'.repeat(length)
/** A number as long as JSON writes one. */
const LONGEST_NUMBER = -1.2345678901234567e+300
const longestId = (items: ReadonlyArray<{ id: string }> | undefined) =>
  (items ?? []).reduce((id, item) => item.id.length > id.length ? item.id : id, '')

/** An answer to `question` at its longest: every field its kind has, each at its longest. */
function fullestAnswer (question: Question): Answer {
  const ids = (question.choices ?? []).map((choice) => choice.id)
  switch (question.kind) {
    case 'single_choice':
      return { questionId: question.id, choiceId: longestId(question.choices), other: longest(1000) }
    case 'multiple_choice':
      return { questionId: question.id, choiceIds: ids, other: longest(1000) }
    case 'ranking':
      return { questionId: question.id, ranking: ids }
    case 'free_text':
      return { questionId: question.id, text: longest(question.maxLength ?? 2000) }
    case 'matrix':
      return {
        questionId: question.id,
        rows: (question.rows ?? []).map((row) => ({ rowId: row.id, value: LONGEST_NUMBER }))
      }
    case 'date':
      return { questionId: question.id, date: '2012-12-31' }
    default:
      return { questionId: question.id, value: LONGEST_NUMBER }
  }
}

/** The length every sealed response of the questionnaire is padded to: that of its fullest possible response. */
export const sealedLength = (questions: readonly Question[]): number =>
  plaintext({ receiptHash: '0'.repeat(64), answers: questions.map(fullestAnswer) }).length

export const sealResponse = (keys: SealingKeys, length: number, lookup: string, response: OpenedResponse): string =>
  seal(keys, length, lookup, plaintext(response))

export const unsealResponse = (keys: SealingKeys, lookup: string, stored: string): OpenedResponse =>
  JSON.parse(unseal(keys, lookup, stored)) as OpenedResponse
