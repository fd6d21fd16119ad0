/**
 * Reads dates the way people write them in plans ("late April/early May", "May-September",
 * "Q3 2012") into the earliest and latest calendar day they can mean, so a timeline can be
 * shown as written and still sorted and filtered by time. Pure: no clock, no time zone.
 *
 * Forms, case-insensitive, each optionally followed by a year where it has none:
 * - `2012-05-14`, `14 May 2012`, `14th May`, `May 14, 2012`: that day;
 * - `2012-05`, `May 2012`, `May`: the month;
 * - `early May` (1st–10th), `mid May` (11th–20th), `late May` (21st–end); also `beginning of`,
 *   `start of`, `middle of`, `end of`, and `mid-May`;
 * - `2012`: the year; `early 2012` (Jan–Apr), `mid 2012` (May–Aug), `late 2012` (Sep–Dec);
 * - `Q1`…`Q4`, `H1`/`H2` (halves);
 * - seasons, meteorological and northern: spring Mar–May, summer Jun–Aug, autumn (or fall)
 *   Sep–Nov, winter Dec–Feb, where "winter 2012" starts in December 2012;
 * - a range of any two of these joined by `/`, `-`, `–`, `to`, `until`, `through`, or
 *   `between … and …`: from the first one's earliest day to the second one's latest.
 *   A side without a year takes the other side's, or the context year; an end that would
 *   come before its start moves into the following year ("November-February").
 * Numeric forms other than ISO (`14/05/2012`) are ambiguous between countries and not read.
 */

export type FuzzyDateResult =
  | { ok: true, earliest: string, latest: string }
  | { ok: false, error: 'unrecognised' | 'needs_year' | 'impossible', message: string }

interface Day { year: number, month: number, day: number }

/** Something that names a stretch of days once its year is known. */
interface Part {
  year?: number
  span(year: number): [Day, Day]
  /** Why the part cannot be in `year` (29 February outside a leap year). */
  impossibleIn?(year: number): string | undefined
}

type PartResult = Part | { impossible: string } | undefined

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']
/** Full names and three-letter abbreviations, and "sept". */
const MONTHS: Record<string, number> = Object.fromEntries([
  ...MONTH_NAMES.flatMap((name, index) => [[name, index + 1], [name.slice(0, 3), index + 1]]),
  ['sept', 9]
])
const MONTH = `(${Object.keys(MONTHS).join('|')})`
const YEAR = '(\\d{4})'
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?'

/** The days of a month each qualifier covers; `null` means the month's last day. */
const THIRDS: Record<string, [number, number | null]> = {
  early: [1, 10], 'beginning of': [1, 10], 'start of': [1, 10], mid: [11, 20], middle: [11, 20], 'middle of': [11, 20], late: [21, null], 'end of': [21, null]
}
const QUALIFIER = `(${Object.keys(THIRDS).join('|')})`
/** First and last month of the stretches of a year; month 14 is the next year's February. */
const YEAR_THIRDS: Record<string, [number, number]> = { early: [1, 4], mid: [5, 8], late: [9, 12] }
const SEASONS: Record<string, [number, number]> = {
  spring: [3, 5],
  summer: [6, 8],
  autumn: [9, 11],
  fall: [9, 11],
  winter: [12, 14]
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
const daysInMonth = (year: number, month: number) =>
  [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number

/** Months past 12 carry into the next year: seasons and ranges cross the year end. */
function monthDay (year: number, month: number, day: number | null): Day {
  const carried = { year: year + Math.floor((month - 1) / 12), month: ((month - 1) % 12) + 1 }
  return { ...carried, day: day ?? daysInMonth(carried.year, carried.month) }
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0')
const iso = (day: Day) => `${pad(day.year, 4)}-${pad(day.month)}-${pad(day.day)}`

const months = (first: number, last: number, year?: number): Part => ({
  year,
  span: (y) => [monthDay(y, first, 1), monthDay(y, last, null)]
})

function exactDay (day: number, month: number, year?: number): PartResult {
  if (month < 1 || month > 12) return { impossible: `there is no month ${month}` }
  const impossibleIn = (y: number) => day < 1 || day > daysInMonth(y, month) ? `${pad(y, 4)}-${pad(month)}-${pad(day)} is not a date` : undefined
  const impossible = year === undefined ? undefined : impossibleIn(year)
  if (impossible !== undefined) return { impossible }
  return {
    year,
    // Clamped only so that ranges can be compared before the year is known; impossibleIn refuses it after.
    span: (y) => {
      const only = { year: y, month, day: Math.max(1, Math.min(day, daysInMonth(y, month))) }
      return [only, only]
    },
    impossibleIn
  }
}

const optionalYear = (match: string | undefined) => match === undefined ? undefined : Number(match)
const matching = (pattern: string, text: string) => new RegExp(`^${pattern}$`).exec(text)

/** The single forms, tried in order; each returns undefined when its pattern does not match. */
const READERS: Array<(text: string) => PartResult> = [
  (text) => {
    const match = matching(`${YEAR}-(\\d{2})-(\\d{2})`, text)
    return match === null ? undefined : exactDay(Number(match[3]), Number(match[2]), Number(match[1]))
  },
  (text) => {
    const match = matching(`${YEAR}-(\\d{2})`, text)
    if (match === null) return undefined
    const month = Number(match[2])
    return month >= 1 && month <= 12 ? months(month, month, Number(match[1])) : { impossible: `there is no month ${month}` }
  },
  (text) => {
    const match = matching(YEAR, text)
    return match === null ? undefined : months(1, 12, Number(match[1]))
  },
  (text) => {
    const match = matching(`(early|mid|late) ${YEAR}`, text)
    if (match === null) return undefined
    const [first, last] = YEAR_THIRDS[match[1] as string] as [number, number]
    return months(first, last, Number(match[2]))
  },
  (text) => {
    const match = matching(`(?:${QUALIFIER} )?${MONTH},?(?: ${YEAR})?`, text)
    if (match === null) return undefined
    const month = MONTHS[match[2] as string] as number
    const year = optionalYear(match[3])
    if (match[1] === undefined) return months(month, month, year)
    const [first, last] = THIRDS[match[1]] as [number, number | null]
    return { year, span: (y) => [monthDay(y, month, first), monthDay(y, month, last)] }
  },
  (text) => {
    const match = matching(`${DAY}(?: of)? ${MONTH},?(?: ${YEAR})?`, text)
    return match === null
      ? undefined
      : exactDay(Number(match[1]), MONTHS[match[2] as string] as number, optionalYear(match[3]))
  },
  (text) => {
    const match = matching(`${MONTH} ${DAY},?(?: ${YEAR})?`, text)
    return match === null
      ? undefined
      : exactDay(Number(match[2]), MONTHS[match[1] as string] as number, optionalYear(match[3]))
  },
  (text) => {
    const match = matching(`(spring|summer|autumn|fall|winter)(?: ${YEAR})?`, text)
    if (match === null) return undefined
    const [first, last] = SEASONS[match[1] as string] as [number, number]
    return months(first, last, optionalYear(match[2]))
  },
  (text) => {
    const match = matching(`(?:(q[1-4]|h[12])(?: ${YEAR})?|${YEAR} (q[1-4]|h[12]))`, text)
    if (match === null) return undefined
    const [period, year] = match[1] === undefined ? [match[4] as string, match[3]] : [match[1], match[2]]
    const index = Number(period[1])
    const length = period[0] === 'q' ? 3 : 6
    return months((index - 1) * length + 1, index * length, optionalYear(year))
  }
]

function readPart (text: string): PartResult {
  for (const read of READERS) {
    const result = read(text)
    if (result !== undefined) return result
  }
  return undefined
}

const SEPARATOR = /\s*(?:\/|-|–|—|\bto\b|\buntil\b|\btill\b|\bthrough\b|\bthru\b)\s*/g

/** Every way to cut the text into two sides at a separator, first cut first. */
function * rangeCandidates (text: string): Generator<[string, string]> {
  const between = /^between (.+) and (.+)$/.exec(text)
  if (between !== null) yield [between[1] as string, between[2] as string]
  for (const match of text.matchAll(SEPARATOR)) {
    yield [text.slice(0, match.index), text.slice(match.index + match[0].length)]
  }
}

const before = (a: Day, b: Day) => iso(a) < iso(b)

/** Years for the two sides of a range: given ones kept, missing ones taken from the other side or the context. */
function rangeYears (from: Part, to: Part, contextYear: number | undefined): [number, number] | undefined {
  const startsBefore = (year: number) => before(to.span(year)[0], from.span(year)[0])
  if (from.year !== undefined && to.year !== undefined) return [from.year, to.year]
  if (from.year !== undefined) return [from.year, startsBefore(from.year) ? from.year + 1 : from.year]
  if (to.year !== undefined) return [startsBefore(to.year) ? to.year - 1 : to.year, to.year]
  if (contextYear === undefined) return undefined
  return [contextYear, startsBefore(contextYear) ? contextYear + 1 : contextYear]
}

function spanOf (from: Part, to: Part, contextYear: number | undefined): FuzzyDateResult {
  const years = rangeYears(from, to, contextYear)
  if (years === undefined) return { ok: false, error: 'needs_year', message: 'names no year, and none was given as context' }
  const [fromYear, toYear] = years
  const impossible = from.impossibleIn?.(fromYear) ?? to.impossibleIn?.(toYear)
  if (impossible !== undefined) return { ok: false, error: 'impossible', message: impossible }
  const earliest = from.span(fromYear)[0]
  const latest = to.span(toYear)[1]
  if (before(latest, earliest)) return { ok: false, error: 'impossible', message: `ends (${iso(latest)}) before it starts (${iso(earliest)})` }
  return { ok: true, earliest: iso(earliest), latest: iso(latest) }
}

const normalise = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ').replace(/\.$/, '')
  .replace(/^from /, '')
  .replace(/\b(early|mid|late)-(?=[a-z\d])/g, '$1 ')

/**
 * The earliest and latest day `text` can mean. `year` is the context for text without one
 * (the milestone's year, else its group's). Impossible dates (2012-02-30) are errors, not guesses.
 */
export function parseFuzzyDate (text: string, context: { year?: number | null } = {}): FuzzyDateResult {
  const normalised = normalise(text)
  const contextYear = context.year ?? undefined
  const single = readPart(normalised)
  if (single !== undefined) {
    return 'impossible' in single ? { ok: false, error: 'impossible', message: single.impossible } : spanOf(single, single, contextYear)
  }
  for (const [left, right] of rangeCandidates(normalised)) {
    const from = readPart(left)
    const to = readPart(right)
    if (from === undefined || to === undefined) continue
    if ('impossible' in from) return { ok: false, error: 'impossible', message: from.impossible }
    if ('impossible' in to) return { ok: false, error: 'impossible', message: to.impossible }
    return spanOf(from, to, contextYear)
  }
  return { ok: false, error: 'unrecognised', message: 'is not a date this service can read' }
}
