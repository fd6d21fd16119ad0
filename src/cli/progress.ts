import { SingleBar, Presets } from 'cli-progress'

export interface Progress {
  advance: (by: number) => void
  stop: () => void
}

/** A bar on a terminal; on anything else (CI logs, pipes) a plain line every 10%. */
export function progress (label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY === true) {
    const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total} ({percentage}%)`, stream }, Presets.shades_classic)
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
