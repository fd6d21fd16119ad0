import { test } from 'tap'
import { parseFuzzyDate } from '../../../src/modules/issue-groups/fuzzy-date.js'

/** [text as written, context year, earliest, latest] */
const READABLE: Array<[string, number | undefined, string, string]> = [
  // The seed's own words (Pop Tanks, 2012).
  ['late April/Early May', 2012, '2012-04-21', '2012-05-10'],
  ['May-September', 2012, '2012-05-01', '2012-09-30'],
  ['late March', 2012, '2012-03-21', '2012-03-31'],
  ['April - July', 2012, '2012-04-01', '2012-07-31'],
  ['August - October', 2012, '2012-08-01', '2012-10-31'],
  ['8th Dec 2011', undefined, '2011-12-08', '2011-12-08'],
  // Exact days.
  ['2012-05-14', undefined, '2012-05-14', '2012-05-14'],
  ['2012-02-29', undefined, '2012-02-29', '2012-02-29'],
  ['14 May 2012', undefined, '2012-05-14', '2012-05-14'],
  ['14th of May', 2012, '2012-05-14', '2012-05-14'],
  ['May 14, 2012', undefined, '2012-05-14', '2012-05-14'],
  ['Sept 3rd', 2012, '2012-09-03', '2012-09-03'],
  ['29 February', 2012, '2012-02-29', '2012-02-29'],
  // Months and parts of months.
  ['2012-05', undefined, '2012-05-01', '2012-05-31'],
  ['2012-02', undefined, '2012-02-01', '2012-02-29'],
  ['2011-02', undefined, '2011-02-01', '2011-02-28'],
  ['May 2012', undefined, '2012-05-01', '2012-05-31'],
  ['May, 2012', undefined, '2012-05-01', '2012-05-31'],
  ['may', 2012, '2012-05-01', '2012-05-31'],
  ['early May', 2012, '2012-05-01', '2012-05-10'],
  ['mid May 2012', undefined, '2012-05-11', '2012-05-20'],
  ['mid-May', 2012, '2012-05-11', '2012-05-20'],
  ['late February', 2013, '2013-02-21', '2013-02-28'],
  ['beginning of June', 2012, '2012-06-01', '2012-06-10'],
  ['end of June 2012', undefined, '2012-06-21', '2012-06-30'],
  ['  Late   April. ', 2012, '2012-04-21', '2012-04-30'],
  // Years, seasons, quarters and halves.
  ['2012', undefined, '2012-01-01', '2012-12-31'],
  ['early 2012', undefined, '2012-01-01', '2012-04-30'],
  ['mid-2012', undefined, '2012-05-01', '2012-08-31'],
  ['late 2012', undefined, '2012-09-01', '2012-12-31'],
  ['Spring 2012', undefined, '2012-03-01', '2012-05-31'],
  ['summer', 2012, '2012-06-01', '2012-08-31'],
  ['Autumn 2012', undefined, '2012-09-01', '2012-11-30'],
  ['fall 2012', undefined, '2012-09-01', '2012-11-30'],
  ['winter 2011', undefined, '2011-12-01', '2012-02-29'],
  ['Q1 2012', undefined, '2012-01-01', '2012-03-31'],
  ['2012 Q4', undefined, '2012-10-01', '2012-12-31'],
  ['q3', 2012, '2012-07-01', '2012-09-30'],
  ['H2 2012', undefined, '2012-07-01', '2012-12-31'],
  // Ranges.
  ['May–September 2012', undefined, '2012-05-01', '2012-09-30'],
  ['May to September', 2012, '2012-05-01', '2012-09-30'],
  ['from May until July', 2012, '2012-05-01', '2012-07-31'],
  ['between May and July 2012', undefined, '2012-05-01', '2012-07-31'],
  ['2012-05-14 to 2012-06-01', undefined, '2012-05-14', '2012-06-01'],
  ['2012-05-14 - 2012-06-01', undefined, '2012-05-14', '2012-06-01'],
  ['2012-2013', undefined, '2012-01-01', '2013-12-31'],
  ['Q2-Q3 2012', undefined, '2012-04-01', '2012-09-30'],
  ['mid-April - mid-May', 2012, '2012-04-11', '2012-05-20'],
  ['November-February', 2012, '2012-11-01', '2013-02-28'],
  ['December 2012 - February', undefined, '2012-12-01', '2013-02-28'],
  ['December - February 2013', undefined, '2012-12-01', '2013-02-28'],
  ['late 2012/early 2013', undefined, '2012-09-01', '2013-04-30'],
  ['spring/summer', 2012, '2012-03-01', '2012-08-31'],
  ['late April/early May', 2013, '2013-04-21', '2013-05-10']
]

test('reads the forms people write', async (t) => {
  for (const [text, year, earliest, latest] of READABLE) {
    t.same(parseFuzzyDate(text, { year }), { ok: true, earliest, latest }, `${text}${year === undefined ? '' : ` (in ${year})`}`)
  }
})

test('a year in the text wins over the context', async (t) => {
  t.same(parseFuzzyDate('May 2013', { year: 2012 }), { ok: true, earliest: '2013-05-01', latest: '2013-05-31' })
})

/** [text, context year, error] */
const UNREADABLE: Array<[string, number | undefined, string]> = [
  ['2012-02-30', undefined, 'impossible'],
  ['2011-02-29', undefined, 'impossible'],
  ['2012-13', undefined, 'impossible'],
  ['2012-00-10', undefined, 'impossible'],
  ['31 April 2012', undefined, 'impossible'],
  ['30 February', 2012, 'impossible'],
  ['29 February', 2011, 'impossible'],
  ['0 May 2012', undefined, 'impossible'],
  ['2012-05-14 - 2012-02-30', undefined, 'impossible'],
  ['September 2012 - May 2012', undefined, 'impossible'],
  ['late April/early May', undefined, 'needs_year'],
  ['30 February', undefined, 'needs_year'],
  ['May', undefined, 'needs_year'],
  ['Q2', undefined, 'needs_year'],
  ['soon', 2012, 'unrecognised'],
  ['TBC', 2012, 'unrecognised'],
  ['', 2012, 'unrecognised'],
  ['14/05/2012', undefined, 'unrecognised'],
  ['late spring', 2012, 'unrecognised'],
  ['May - ', 2012, 'unrecognised'],
  ['Smarch 2012', undefined, 'unrecognised']
]

test('refuses what it cannot read, and impossible dates', async (t) => {
  for (const [text, year, error] of UNREADABLE) {
    const result = parseFuzzyDate(text, { year })
    t.equal(result.ok ? 'ok' : result.error, error, `"${text}"${year === undefined ? '' : ` (in ${year})`}`)
    if (!result.ok) t.ok(result.message.length > 0)
  }
})

test('an impossible day names itself', async (t) => {
  t.same(parseFuzzyDate('2012-02-30'), { ok: false, error: 'impossible', message: '2012-02-30 is not a date' })
  t.same(parseFuzzyDate('29 February', { year: 2011 }), { ok: false, error: 'impossible', message: '2011-02-29 is not a date' })
})
