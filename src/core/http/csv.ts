import { PassThrough, Readable, Transform, pipeline, type Duplex } from 'node:stream'
import { stringify } from 'csv-stringify'
import type { FastifyReply } from 'fastify'

export const CSV_MEDIA_TYPE = 'text/csv'
export const CSV_CONTENT_TYPE = `${CSV_MEDIA_TYPE}; charset=utf-8`

/**
 * A cell a spreadsheet would run as a formula gets a leading single quote
 * (OWASP, "CSV injection"): =, +, -, @, tab and carriage return start one.
 */
export function neutraliseFormula (value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

export interface CsvColumn { key: string, header: string }

/** Sends a CSV body as a download; `source` is piped through `body`, which is what the client reads. */
function sendCsvBody (reply: FastifyReply, filename: string, source: Readable, body: Duplex): FastifyReply {
  // Once the header is out the status is sent: a failure can only cut the body short, and is logged.
  // A client that hangs up early (a script stopped, a deadline) closes the body before it ends: not the server's fault.
  pipeline(source, body, (error) => {
    if (!error) return
    if ((error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') reply.log.info('client closed the connection during a CSV export')
    else reply.log.error({ err: error }, 'CSV export failed part-way')
  })
  return reply.type(CSV_CONTENT_TYPE).header('content-disposition', `attachment; filename="${filename}"`).send(body)
}

/**
 * Streams records as CSV: a header row, RFC 4180 quoting and line ends, formula-safe cells, true and false,
 * ISO 8601 timestamps, empty cells for null. Records are pulled one at a time, so memory stays flat.
 */
export function sendCsv (
  reply: FastifyReply, filename: string, columns: CsvColumn[], records: AsyncIterable<object>
): FastifyReply {
  const csv = stringify({
    header: true,
    columns,
    record_delimiter: 'windows',
    cast: { string: neutraliseFormula, date: (value) => value.toISOString(), boolean: (value) => String(value) }
  })
  return sendCsvBody(reply, filename, Readable.from(records), csv)
}

export const CSV_LINE_END = '\r\n'

/**
 * Streams CSV whose lines the database already wrote (the `csv_cell` SQL function): the header row, then
 * each chunk as it comes. Every chunk must be whole lines, each ending in CSV_LINE_END.
 */
export function sendCsvLines (
  reply: FastifyReply, filename: string, header: readonly string[], chunks: AsyncIterable<string>
): FastifyReply {
  async function * withHeader () {
    yield `${header.join(',')}${CSV_LINE_END}`
    yield * chunks
  }
  // Chunks are large (a page of lines): buffer one, not Readable.from's default of sixteen.
  return sendCsvBody(reply, filename, Readable.from(withHeader(), { highWaterMark: 1 }), new PassThrough())
}

const QUOTE = 0x22
const LINE_FEED = 0x0a
const CRLF = Buffer.from(CSV_LINE_END)

/**
 * Turns the line ends of CSV that `COPY … (FORMAT csv)` wrote (a line feed) into CSV_LINE_END. A line feed inside a
 * quoted cell is the cell's own and stays. COPY quotes every cell that holds a quote and escapes a quote by doubling
 * it, so counting quotes tells inside from outside, across chunks too.
 */
export function copyLineEndsToCrlf (): Transform {
  let quoted = false
  return new Transform({
    transform (chunk: Buffer, _encoding, done) {
      const pieces: Buffer[] = []
      let start = 0
      let quote = chunk.indexOf(QUOTE)
      for (let end = chunk.indexOf(LINE_FEED); end !== -1; end = chunk.indexOf(LINE_FEED, end + 1)) {
        for (; quote !== -1 && quote < end; quote = chunk.indexOf(QUOTE, quote + 1)) quoted = !quoted
        if (quoted) continue
        pieces.push(chunk.subarray(start, end), CRLF)
        start = end + 1
      }
      for (; quote !== -1; quote = chunk.indexOf(QUOTE, quote + 1)) quoted = !quoted
      pieces.push(chunk.subarray(start))
      done(null, Buffer.concat(pieces))
    }
  })
}

/** Streams the output of `COPY … TO STDOUT WITH (FORMAT csv, HEADER)`, with CSV_LINE_END line ends. */
export function sendCopiedCsv (reply: FastifyReply, filename: string, copy: Readable): FastifyReply {
  return sendCsvBody(reply, filename, copy, copyLineEndsToCrlf())
}
