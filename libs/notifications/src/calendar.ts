import ical, { ICalAlarmType, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { localize, type LocalizedText } from '@app/roster';
import { CLIENT_TEXTS, clientLanguage, fill } from './texts/index.js';

/** The HTTP and MIME type of every calendar file we produce (RFC 5545 §8.1, RFC 6047 §2.4). */
export const CALENDAR_CONTENT_TYPE = 'text/calendar; charset=utf-8; method=PUBLISH';

/**
 * What a client's calendar entry shows. Calendars are synced to other services, so there is no
 * field for the manage link: the entry points to the office's booking page, and its text says the
 * link is in the message.
 */
export interface CalendarInput {
  cancelled: boolean;
  appointmentId: string;
  /** The appointment's version, as SEQUENCE: a newer file updates the same entry. */
  version: number;
  language: string;
  startsAt: Date;
  endsAt: Date;
  typeName: LocalizedText;
  /** The office's booking page: the entry's URL and the address named in its text. */
  bookingPage: string;
  /** The office: METHOD:PUBLISH requires an ORGANIZER (RFC 5546 §3.2.1). */
  organizer: { name: string; email: string };
}

/** The office as organizer, taken from the sender address (`Name <address>` or `address`). */
export function organizerFrom(mailFrom: string): { name: string; email: string } {
  const match = /^(?:(.*?)\s*)?<?([^\s<>@]+@[^\s<>@]+?)>?$/.exec(mailFrom.trim());
  const email = match?.[2] ?? mailFrom.trim();
  const name = (match?.[1] ?? '').replace(/^"(.*)"$/, '$1').trim();
  return { name: name || 'Sprechstunde', email };
}

/**
 * The appointment as an iCalendar file: the same event (UID, SEQUENCE) in the mails' attachments
 * and in the API's calendar.ics, so calendars update one entry.
 */
export function renderClientCalendar(input: CalendarInput): string {
  const language = clientLanguage(input.language);
  const t = CLIENT_TEXTS[language].calendar;
  // Only these values: a text that names any other placeholder fails loudly instead of leaking it.
  const values = { type: localize(input.typeName, language), page: input.bookingPage };
  const calendar = ical({
    prodId: { company: 'Sprechstunde', product: 'Sprechstunde', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
  });
  calendar.createEvent({
    id: `${input.appointmentId}@sprechstunde`,
    sequence: input.version,
    start: input.startsAt,
    end: input.endsAt,
    summary: fill(t.summary, values),
    description: fill(input.cancelled ? t.cancelled : t.description, values),
    url: input.bookingPage,
    organizer: input.organizer,
    status: input.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    alarms: input.cancelled ? [] : [{ type: ICalAlarmType.display, trigger: 30 * 60 }],
  });
  // ical-generator ends the last line without CRLF; RFC 5545 §3.1 ends every content line with one.
  return `${calendar.toString()}\r\n`;
}
