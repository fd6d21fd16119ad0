import { test } from 'tap'
import { neutraliseFormula, prefersCsv } from '../../src/lib/csv.js'

test('cells that start a formula are neutralised', async (t) => {
  for (const [cell, expected] of [
    ['=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'],
    ['+44 20 7469 2653', '\'+44 20 7469 2653'],
    ['-1', '\'-1'],
    ['@SUM(A1)', '\'@SUM(A1)'],
    ['\tcmd', '\'\tcmd'],
    ['\rcmd', '\'\rcmd'],
    ['Ann Griffiths', 'Ann Griffiths'],
    ['a=b', 'a=b'],
    ['', '']
  ]) t.equal(neutraliseFormula(cell as string), expected, JSON.stringify(cell))
})

test('Accept chooses CSV only when it prefers it to JSON', async (t) => {
  const cases: Array<[string | undefined, boolean]> = [
    ['text/csv', true],
    ['text/csv, application/json;q=0.5', true],
    ['TEXT/CSV; charset=utf-8', true],
    ['text/*', true],
    ['application/json, text/csv', false],
    ['application/json;q=0.2, text/csv;q=0.1', false],
    ['text/csv;q=0, */*', false],
    ['*/*', false],
    ['application/json', false],
    ['text/html', false],
    ['text/csv;q=nonsense', false],
    [undefined, false]
  ]
  for (const [accept, csv] of cases) t.equal(prefersCsv(accept), csv, String(accept))
})
