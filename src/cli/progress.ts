import { SingleBar, Presets } from 'cli-progress'

export interface Progress {
  advance: (by: number) => void
  stop: () => void
}

/** Where progress goes: a terminal gets a bar, anything else plain lines. */
export type ProgressStream = Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean }

/** Without a known total, how often a plain line reports the count. */
const COUNT_STEP = 10_000

/**
 * A bar on a terminal; on anything else (CI logs, pipes) a plain line every 10%. With no total
 * known in advance (a streamed export), a running count instead: in place on a terminal, a line
 * every 10,000 otherwise, and the final count when it stops.
 */
export function progress (label: string, total: number | null, stream: ProgressStream = process.stderr): Progress {
  if (total === null) return counter(label, stream)
  if (stream.isTTY === true) {
    const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total} ({percentage}%)`, stream: stream as NodeJS.WriteStream }, Presets.shades_classic)
    bar.start(total, 0)
    return { advance: (by) => bar.increment(by), stop: () => bar.stop() }
  }
  let done = 0
  let reported = -1
  return {
    advance (by) {
      done += by
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10)
      if (tenth !== reported) {
        reported = tenth
        stream.write(`${label}: ${done}/${total}\n`)
      }
    },
    stop () {}
  }
}

function counter (label: string, stream: ProgressStream): Progress {
  let done = 0
  let step = 0
  const terminal = stream.isTTY === true
  return {
    advance (by) {
      done += by
      if (terminal) stream.write(`\r${label}: ${done}`)
      else if (Math.floor(done / COUNT_STEP) !== step) {
        step = Math.floor(done / COUNT_STEP)
        stream.write(`${label}: ${done}\n`)
      }
    },
    stop () {
      stream.write(terminal ? `\r${label}: ${done}\n` : `${label}: ${done} in all\n`)
    }
  }
}
