import { localize } from '@app/roster';
import ical, { ICalAlarmType, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { LocalizedText } from '@app/roster';
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
  /** The office the appointment is with: named in the entry, with its privacy notice. */
  office: OfficeNotice;
  /**
   * The address the office's mails come from. METHOD:PUBLISH requires an ORGANIZER (RFC 5546
   * §3.2.1): the office by name, at this address.
   */
  senderEmail: string;
}

/** What a client is told of the office: each office is its own organisation and data controller. */
export interface OfficeNotice {
  name: LocalizedText;
  /** The office's email address and/or phone number, if it publishes any. */
  contact: string | null;
  /** The full address of the office's privacy notice. */
  privacyNotice: string;
}

/** How clients reach the office: its address and its number, whichever it publishes. */
export function officeContact(email: string | null, phone: string | null): string | null {
  return [email, phone].filter(Boolean).join(' · ') || null;
}

/** The address of a sender (`Name <address>` or `address`). */
export function senderAddress(mailFrom: string): string {
  const match = /<?([^\s<>@]+@[^\s<>@]+?)>?$/.exec(mailFrom.trim());
  return match?.[1] ?? mailFrom.trim();
}

/**
 * The appointment as an iCalendar file: the same event (UID, SEQUENCE) in the mails' attachments
 * and in the API's calendar.ics, so calendars update one entry.
 */
export function renderClientCalendar(input: CalendarInput): string {
  const language = clientLanguage(input.language);
  const t = CLIENT_TEXTS[language].calendar;
  // Only these values: a text that names any other placeholder fails loudly instead of leaking it.
  const office = localize(input.office.name, language);
  const values = {
    type: localize(input.typeName, language),
    page: input.bookingPage,
    office,
    privacy: input.office.privacyNotice,
  };
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
    description: [
      fill(input.cancelled ? t.cancelled : t.description, values),
      fill(t.office, values),
    ].join('\n\n'),
    url: input.bookingPage,
    // RFC 5545 §3.2: a parameter value cannot hold a double quote (a backslash does not escape it).
    organizer: { name: office.replace(/"/g, "'"), email: input.senderEmail },
    status: input.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    alarms: input.cancelled ? [] : [{ type: ICalAlarmType.display, trigger: 30 * 60 }],
  });
  // ical-generator ends the last line without CRLF; RFC 5545 §3.1 ends every content line with one.
  return `${calendar.toString()}\r\n`;
}
