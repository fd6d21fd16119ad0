/**
 * Reads the TAP log of a test run and prints what a refused CI run needs within the kept tail of its log:
 * the slowest test files, and for each failing file the first failures with the first lines of their
 * diagnostics. Usage: tsx scripts/test-summary.ts <tap log>
 */
import { createReadStream } from 'node:fs'
import { Parser, type Result } from 'tap-parser'
import { stringify } from 'tap-yaml'

const SLOWEST = 10
const FAILURES_PER_FILE = 5
const DIAGNOSTIC_LINES = 8

const log = process.argv[2]
if (log === undefined) {
  console.error('usage: tsx scripts/test-summary.ts <tap log>')
  process.exit(2)
}

const files: Result[] = []
const failures: Result[] = []
const parser = new Parser()
parser.on('assert', (result: Result) => { files.push(result) })
parser.on('fail', (result: Result) => { failures.push(result) })
await new Promise((resolve) => {
  parser.on('complete', resolve)
  createReadStream(log).pipe(parser)
})

const seconds = (milliseconds: number | null) => `${((milliseconds ?? 0) / 1000).toFixed(1).padStart(6)} s`

console.log(`Slowest test files (of ${files.length}):`)
for (const file of [...files].sort((a, b) => (b.time ?? 0) - (a.time ?? 0)).slice(0, SLOWEST)) {
  console.log(`${seconds(file.time)}  ${file.name}`)
}

const failedFiles = files.filter((file) => !file.ok)
if (failedFiles.length > 0) {
  console.log(`\nFailing test files (${failedFiles.length}):`)
  for (const file of failedFiles) {
    console.log(`  ${file.name}`)
    // A failing file reports its failed assertions first and then itself; list the assertions.
    const own = failures.filter((failure) => failure !== file && failure.fullname.startsWith(file.name))
    for (const failure of own.slice(0, FAILURES_PER_FILE)) {
      console.log(`    not ok - ${failure.fullname.slice(file.name.length).replace(/^ > /, '') || failure.name}`)
      if (failure.diag !== null && failure.diag !== undefined) {
        const lines = stringify(failure.diag).split('\n').filter((line: string) => line.trim() !== '')
        for (const line of lines.slice(0, DIAGNOSTIC_LINES)) console.log(`        ${line}`)
      }
    }
    if (own.length > FAILURES_PER_FILE) console.log(`    … and ${own.length - FAILURES_PER_FILE} more`)
  }
}
