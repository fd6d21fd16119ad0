/**
 * Reads a CRM export (CSV with a header row) into the member sync's records. Columns are
 * matched to member fields by name, ignoring case, spaces and punctuation, so `Full name`,
 * `full_name` and the export's own `fullName` all work; columns that name no synced field are
 * ignored and reported. A row that breaks the sync's schema is rejected here, with its row
 * number and the reason, because one such record would fail a whole request of the API's.
 */
import { readFile } from 'node:fs/promises'
import { parse } from 'csv-parse/sync'
import { Compile } from 'typebox/compile'
import { schemaContext, toFieldErrors } from '../core/http/validation.js'
import { memberSchemas, MemberSyncRecord } from '../modules/members/members.schemas.js'
import { CommandError } from './context.js'

type Field = keyof MemberSyncRecord

/** Column names, once normalised, and the field each one fills. */
const COLUMNS: Record<string, Field> = {
  email: 'email',
  emailaddress: 'email',
  fullname: 'fullName',
  name: 'fullName',
  organisation: 'organisation',
  organization: 'organisation',
  jobtitle: 'jobTitle',
  sector: 'sector',
  status: 'status',
  crmid: 'crmId',
  involvement: 'involvement',
  consenttocontact: 'consentToContact',
  consent: 'consentToContact',
  consentgivenat: 'consentGivenAt'
}

const normalise = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '')

const BOOLEANS: Record<string, boolean> = {
  true: true,
  yes: true,
  y: true,
  1: true,
  false: false,
  no: false,
  n: false,
  0: false
}

/** A cell as the field's value; a value the field cannot take is passed on for the schema to reject with its reason. */
function cellValue (field: Field, cell: string): unknown {
  switch (field) {
    case 'involvement':
      return cell.split(/[;,]/).map((channel) => channel.trim().toLowerCase()).filter(Boolean)
    case 'consentToContact':
      return BOOLEANS[cell.toLowerCase()] ?? cell
    case 'sector':
    case 'status':
      return cell.toLowerCase().replace(/[\s-]+/g, '_')
    default:
      return cell
  }
}

const validator = Compile(schemaContext(memberSchemas), MemberSyncRecord)

/** One reason per field: a union (`sector` or null) reports each branch, and the first says it. */
function reasonFor (record: Record<string, unknown>): string {
  const byField = new Map<string, string>()
  for (const error of toFieldErrors(validator.Errors(record))) {
    const field = error.path.slice(1) || 'row'
    if (!byField.has(field)) byField.set(field, `${field} ${error.message}`)
  }
  return [...byField.values()].join('; ')
}

export interface ImportRow { row: number, record: MemberSyncRecord }
export interface RejectedRow { row: number, reason: string }

export interface ParsedImport {
  rows: ImportRow[]
  rejected: RejectedRow[]
  /** Header names that fill no synced field. */
  ignoredColumns: string[]
}

/**
 * Rows are numbered by record, as a spreadsheet shows them: the header is row 1 (a cell with a
 * line break does not add a row; empty lines are skipped and do not count). An empty cell leaves the
 * field as it is. Throws when the header lacks an email or a name column.
 */
function parseMemberCsv (text: string): ParsedImport {
  const lines = parse(text, {
    bom: true,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
    trim: true
  }) as unknown as Array<{ record: string[]; info: { records: number } }>
  const [header, ...body] = lines
  const names = header?.record ?? []
  const fields = names.map((name) => COLUMNS[normalise(name)])
  for (const required of ['email', 'fullName'] as const) {
    if (!fields.includes(required)) throw new Error(`the header has no ${required} column (found: ${names.join(', ') || 'nothing'})`)
  }
  const rows: ImportRow[] = []
  const rejected: RejectedRow[] = []
  for (const { record: cells, info } of body) {
    const record: Record<string, unknown> = {}
    fields.forEach((field, index) => {
      const cell = cells[index] ?? ''
      if (field !== undefined && cell !== '') record[field] = cellValue(field, cell)
    })
    if (validator.Check(record)) rows.push({ row: info.records, record: record as MemberSyncRecord })
    else rejected.push({ row: info.records, reason: reasonFor(record) })
  }
  return { rows, rejected, ignoredColumns: names.filter((_, index) => fields[index] === undefined) }
}

/**
 * The file read and parsed; a file that cannot be read, or whose header lacks a needed column, is a CommandError naming
 * it.
 */
export async function readMemberCsv (file: string): Promise<ParsedImport> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => { throw new CommandError(`cannot read ${file}: ${error.code ?? error.message}`) })
  try {
    return parseMemberCsv(text)
  } catch (error) {
    throw new CommandError(`${file}: ${(error as Error).message}`)
  }
}
