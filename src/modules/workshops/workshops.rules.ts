import { InputError } from '../../core/http/errors.js'
import type { FieldError } from '../../core/http/validation.js'
import { canonicalTimeZone } from './time-zones.js'
import type { AgendaItemInput, Speaker, WorkshopUpdate } from './workshops.schemas.js'
import type { AgendaItem, WorkshopRow, workshops } from './workshops.table.js'

export type WorkshopValues = Partial<Omit<typeof workshops.$inferInsert, 'id' | 'networkId' | 'version' | 'createdAt' | 'updatedAt'>>

/** Whether members may register themselves now: scheduled, and between opening and closing (the start, by default). */
export function isRegistrationOpen (workshop: Pick<WorkshopRow, 'status' | 'startsAt' | 'registrationOpensAt' | 'registrationClosesAt'>, now: Date): boolean {
  if (workshop.status !== 'scheduled') return false
  if (workshop.registrationOpensAt !== null && now < workshop.registrationOpensAt) return false
  return now < (workshop.registrationClosesAt ?? workshop.startsAt)
}

const toDate = (value: string | null | undefined) =>
  value === undefined ? undefined : value === null ? null : new Date(value)

const toAgendaItem = (item: AgendaItemInput): AgendaItem => ({
  startsAt: new Date(item.startsAt).toISOString(),
  endsAt: item.endsAt === undefined || item.endsAt === null ? null : new Date(item.endsAt).toISOString(),
  title: item.title,
  description: item.description ?? null
})

/** The rules that span fields, checked on the workshop as it will be once the change is applied. */
function workshopErrors (workshop: Pick<WorkshopRow, 'startsAt' | 'endsAt' | 'registrationOpensAt' | 'registrationClosesAt' | 'agenda'>): FieldError[] {
  const errors: FieldError[] = []
  const { startsAt, endsAt, registrationOpensAt: opensAt, registrationClosesAt: closesAt } = workshop
  if (endsAt <= startsAt) errors.push({ path: '/endsAt', message: 'must be after startsAt' })
  if (closesAt !== null && closesAt > endsAt) errors.push({ path: '/registrationClosesAt', message: 'must not be after the workshop ends' })
  if (opensAt !== null && opensAt >= (closesAt ?? startsAt)) {
    errors.push({ path: '/registrationOpensAt', message: `must be before ${closesAt === null ? 'the workshop starts' : 'registrationClosesAt'}` })
  }
  let previousStart = startsAt
  workshop.agenda.forEach((item, index) => {
    const itemStart = new Date(item.startsAt)
    const itemEnd = item.endsAt === null ? undefined : new Date(item.endsAt)
    if (itemStart < startsAt || itemStart >= endsAt) errors.push({ path: `/agenda/${index}/startsAt`, message: 'must be within the workshop\'s start and end' })
    else if (itemStart < previousStart) errors.push({ path: `/agenda/${index}/startsAt`, message: 'must not be before the previous item: list items in time order' })
    if (itemEnd !== undefined && (itemEnd <= itemStart || itemEnd > endsAt)) errors.push({ path: `/agenda/${index}/endsAt`, message: 'must be after the item starts and not after the workshop ends' })
    previousStart = itemStart
  })
  return errors
}

/**
 * Turns the API's fields into column values: dates parsed, the time zone made canonical
 * (`europe/london` → `Europe/London`), agenda times in UTC; then checks the result as a whole.
 * Speakers go to their own table and are returned apart.
 */
export function toWorkshopValues (
  input: WorkshopUpdate, current?: WorkshopRow
): { values: WorkshopValues; speakers: Speaker[] | undefined } {
  const { speakers, agenda, timeZone, startsAt, endsAt, registrationOpensAt, registrationClosesAt, ...fields } = input
  const values: WorkshopValues = {
    ...fields,
    startsAt: toDate(startsAt) ?? undefined,
    endsAt: toDate(endsAt) ?? undefined,
    registrationOpensAt: toDate(registrationOpensAt),
    registrationClosesAt: toDate(registrationClosesAt),
    agenda: agenda?.map(toAgendaItem)
  }
  if (timeZone !== undefined) {
    const canonical = canonicalTimeZone(timeZone)
    if (canonical === undefined) { throw new InputError([{ path: '/timeZone', message: 'is not an IANA time zone (e.g. Europe/London)' }]) }
    values.timeZone = canonical
  }
  const defined = Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined)
  ) as WorkshopValues
  const errors = workshopErrors({
    startsAt: defined.startsAt ?? (current?.startsAt as Date),
    endsAt: defined.endsAt ?? (current?.endsAt as Date),
    registrationOpensAt:
      defined.registrationOpensAt === undefined ? (current?.registrationOpensAt ?? null) : defined.registrationOpensAt,
    registrationClosesAt:
      defined.registrationClosesAt === undefined
        ? (current?.registrationClosesAt ?? null)
        : defined.registrationClosesAt,
    agenda: defined.agenda ?? current?.agenda ?? []
  })
  if (errors.length > 0) throw new InputError(errors)
  return { values: defined, speakers }
}

/** Registration changes staff may make, by the status they start from. */
const ATTENDANCE_CHANGES: Record<string, readonly string[]> = {
  attended: ['registered', 'waitlisted', 'attended'],
  registered: ['attended', 'registered']
}

export const mayChangeAttendance = (from: string, to: 'attended' | 'registered') => ATTENDANCE_CHANGES[to]?.includes(from) ?? false
