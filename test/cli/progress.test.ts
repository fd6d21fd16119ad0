import { test } from 'tap'
import { progress } from '../../src/cli/progress.js'

const recorder = (isTTY: boolean) => {
  const written: string[] = []
  return { written, stream: { isTTY, write: (chunk: string) => { written.push(chunk); return true } } }
}

test('plain lines off a terminal: every tenth of a known total', async (t) => {
  const { written, stream } = recorder(false)
  const bar = progress('Importing', 25_000, stream)
  for (let done = 0; done < 25_000; done += 500) bar.advance(500)
  bar.stop()
  t.equal(written.length, 11, 'the first step, then one line per tenth')
  t.same(written.slice(-2), ['Importing: 22500/25000\n', 'Importing: 25000/25000\n'])
})

test('a running count when the total is not known', async (t) => {
  const plain = recorder(false)
  const lines = progress('Exported lines', null, plain.stream)
  for (let done = 0; done < 25_000; done += 1000) lines.advance(1000)
  lines.stop()
  t.same(plain.written, ['Exported lines: 10000\n', 'Exported lines: 20000\n', 'Exported lines: 25000 in all\n'])

  const terminal = recorder(true)
  const counter = progress('Exported lines', null, terminal.stream)
  counter.advance(3)
  counter.advance(4)
  counter.stop()
  t.same(terminal.written, ['\rExported lines: 3', '\rExported lines: 7', '\rExported lines: 7\n'], 'rewritten in place on a terminal')
})
