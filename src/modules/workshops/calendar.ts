import { createHmac, timingSafeEqual } from 'node:crypto'
import ical, { ICalEventStatus } from 'ical-generator'
import type { WorkshopDetail } from './workshops.table.js'

/*
 * A calendar app cannot send an Authorization header, so a feed is read with a secret in its URL.
 * The secret is the feed row's id followed by an HMAC of it under the server's secret: the URL
 * can be shown again at any time without storing anything secret in the database, and rotating
 * (a new id) or deleting the row revokes it.
 */
const TOKEN_PATTERN = /^([0-9a-f]{32})([\w-]{43})$/

const macOf = (secret: string, feedId: string) => createHmac('sha256', secret).update(`calendar-feed:${feedId}`).digest('base64url')

export const feedToken = (secret: string, feedId: string) => `${feedId.replaceAll('-', '')}${macOf(secret, feedId)}`

/** The feed id a token was made for, or undefined when the token was not made by this server. */
export function feedIdOf (secret: string, token: string): string | undefined {
  const match = TOKEN_PATTERN.exec(token)
  if (match === null) return undefined
  const hex = match[1] as string
  const feedId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  const expected = Buffer.from(macOf(secret, feedId))
  const given = Buffer.from(match[2] as string)
  return expected.length === given.length && timingSafeEqual(expected, given) ? feedId : undefined
}

/** How often calendar apps are asked to refresh a subscription. */
const REFRESH_SECONDS = 3600

export interface CalendarEntry {
  workshop: WorkshopDetail
  /** The member's registration, in a personal feed. */
  registration?: { status: string, version: number }
}

function statusOf ({ workshop, registration }: CalendarEntry): ICalEventStatus {
  if (workshop.status === 'cancelled') return ICalEventStatus.CANCELLED
  return registration?.status === 'waitlisted' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED
}

function descriptionOf (workshop: WorkshopDetail, withOnlineUrl: boolean): string {
  const speakers = workshop.speakers.map((speaker) => [speaker.name, speaker.jobTitle, speaker.organisation].filter(Boolean).join(', '))
  return [
    workshop.description,
    speakers.length === 0 ? null : `Speakers: ${speakers.join('; ')}`,
    workshop.onlineUrl === null || !withOnlineUrl ? null : `Join online: ${workshop.onlineUrl}`
  ].filter(Boolean).join('\n\n')
}

/**
 * An RFC 5545 calendar. Each workshop keeps one UID for life (its id at this host) and its
 * SEQUENCE rises with every change, so subscribers update the event they have rather than add
 * another; a cancelled workshop stays in the feed with STATUS:CANCELLED. In a personal feed the
 * registration's changes (off the waiting list, say) count towards SEQUENCE too. Times are UTC.
 */
export function buildCalendar (
  options: { name: string, host: string, entries: CalendarEntry[], withOnlineUrl?: boolean }
): string {
  // A public calendar leaves the online link out: it is for those who registered.
  const withOnlineUrl = options.withOnlineUrl ?? true
  const calendar = ical({ name: options.name, prodId: { company: 'Pop Tanks', product: 'Workshops', language: 'EN' }, ttl: REFRESH_SECONDS })
  for (const entry of options.entries) {
    const { workshop, registration } = entry
    calendar.createEvent({
      id: `${workshop.id}@${options.host}`,
      sequence: workshop.version - 1 + (registration === undefined ? 0 : registration.version - 1),
      start: workshop.startsAt,
      end: workshop.endsAt,
      stamp: workshop.updatedAt,
      created: workshop.createdAt,
      lastModified: workshop.updatedAt,
      summary: registration?.status === 'waitlisted' ? `${workshop.title} (waiting list)` : workshop.title,
      description: descriptionOf(workshop, withOnlineUrl) || null,
      location: workshop.venue ?? (withOnlineUrl ? workshop.onlineUrl : null),
      url: withOnlineUrl ? workshop.onlineUrl : null,
      status: statusOf(entry)
    })
  }
  return calendar.toString()
}
