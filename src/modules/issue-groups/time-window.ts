import { InputError } from '../../core/http/errors.js'
import { parseFuzzyDate } from './fuzzy-date.js'

/** A time window as stored: the words, the year they were read in, and the days behind them. */
export interface TimeWindow {
  when: string | null
  year: number | null
  earliest: string | null
  latest: string | null
}

const HINTS = {
  needs_year: 'give `year`, set the group\'s year, or give `earliest` and `latest`',
  unrecognised: 'give `earliest` and `latest`'
}

/**
 * The window to store from what the caller sent (`input`), what is stored now (`current`, on
 * update) and the group's year. New words (or a new year) are read again; `earliest` and
 * `latest` given by the caller win over what the words say. Fails with 422 on impossible dates,
 * on words that cannot be read without explicit days, and on a window that ends before it starts.
 */
export function resolveWindow (
  input: Partial<TimeWindow>, current: TimeWindow | undefined, groupYear: number | null
): TimeWindow {
  const when = input.when !== undefined ? input.when : (current?.when ?? null)
  const year = input.year !== undefined ? input.year : (current?.year ?? null)
  const reread = current === undefined || input.when !== undefined || input.year !== undefined
  let earliest = input.earliest !== undefined ? input.earliest : reread ? null : current.earliest
  let latest = input.latest !== undefined ? input.latest : reread ? null : current.latest

  if (reread && when !== null) {
    const parsed = parseFuzzyDate(when, { year: year ?? groupYear })
    if (parsed.ok) {
      earliest ??= parsed.earliest
      latest ??= parsed.latest
    } else if (parsed.error === 'impossible' || earliest === null || latest === null) {
      const hint = parsed.error === 'impossible' ? '' : `: ${HINTS[parsed.error]}`
      throw new InputError([{ path: '/when', message: `${parsed.message}${hint}` }])
    }
  }
  if (when === null && (earliest !== null || latest !== null)) {
    throw new InputError([
      { path: '/when', message: 'is required with `earliest` and `latest`: say in words when it is' }
    ])
  }
  if ((earliest === null) !== (latest === null)) {
    throw new InputError([
      { path: earliest === null ? '/earliest' : '/latest', message: 'is required with the other end of the window' }
    ])
  }
  if (earliest !== null && latest !== null && latest < earliest) {
    throw new InputError([{ path: '/latest', message: `is before earliest (${earliest})` }])
  }
  return { when, year, earliest, latest }
}
