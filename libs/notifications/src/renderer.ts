import escapeHtml from 'escape-html';
import { DateTime } from 'luxon';
import { localize, type Channel, type LocalizedText } from '@app/roster';
import { CALENDAR_CONTENT_TYPE, renderClientCalendar, type OfficeNotice } from './calendar.js';
import type { OutgoingMessage } from './channels/channel.js';
import {
  CLIENT_TEXTS,
  clientLanguage,
  fill,
  STAFF_TEXTS,
  type NotificationTexts,
  type StaffTexts,
} from './texts/index.js';

export type ClientKind =
  'confirmation' | 'reminder' | 'rescheduled' | 'cancelled' | 'switched-to-phone';

/** Each kind's texts in the catalogue. */
const CLIENT_TEXT_OF = {
  confirmation: 'confirmation',
  reminder: 'reminder',
  rescheduled: 'rescheduled',
  cancelled: 'cancelled',
  'switched-to-phone': 'switchedToPhone',
} as const satisfies Record<ClientKind, keyof NotificationTexts>;

export type CounsellorNoticeKind = 'booked' | 'rescheduled' | 'cancelled';
export type RenderedMessage = Omit<OutgoingMessage, 'to' | 'key'>;

/** One message's short form: its SMS template, the values to fill in, and the language. */
export interface MessageLine {
  language: string;
  direction: 'ltr' | 'rtl';
  template: string;
  values: Record<string, string | number>;
}

export interface ClientMessageInput {
  kind: ClientKind;
  appointmentId: string;
  version: number;
  pseudonym: string;
  language: string;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  channel: Channel;
  typeName: LocalizedText;
  counsellorName: string;
  joinOpensMinutesBefore: number;
  /** The number the counsellor will call, shown with a switch to a phone call. */
  phone?: string | null;
  /** The manage link (with a token of its own); for a cancellation, the booking page. */
  link: string;
  /** The office's booking page: what the attached calendar file links to (never the manage link). */
  bookingPage: string;
  /** The office the appointment is with: every message names it and links its privacy notice. */
  office: OfficeNotice;
  /** The address the message comes from: the calendar entry's ORGANIZER, with the office's name. */
  senderEmail: string;
  /** The office's retention period. */
  retentionDays: number;
}

export interface AppointmentLine {
  startsAt: Date;
  endsAt: Date;
  typeName: LocalizedText;
  language: string;
  needsInterpreter: boolean;
}

const PARAGRAPH = 'margin:0 0 16px 0;';

/** A label and its value; `ltr` for addresses and numbers, which must not be reordered in right-to-left text. */
type Fact = [label: string, value: string, direction?: 'ltr'];

function dateTime(at: Date, zone: string, language: string): DateTime {
  // Gregorian dates for everyone: appointments in Germany are read against German letters.
  return DateTime.fromJSDate(at, { zone }).reconfigure({
    locale: language,
    outputCalendar: 'gregory',
  });
}

function longWhen(start: DateTime, end: DateTime): string {
  return `${start.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })}, ${start.toLocaleString(DateTime.TIME_SIMPLE)} – ${end.toLocaleString(DateTime.TIME_SIMPLE)}`;
}

function shortWhen(start: DateTime): string {
  return start.toLocaleString({
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

function zoneLabel(zone: string, at: DateTime): string {
  return `${zone} (UTC${at.toFormat('ZZ')})`;
}

/** A small, mobile-friendly HTML mail; every value is escaped. */
function htmlDocument(options: {
  language: string;
  direction: 'ltr' | 'rtl';
  title: string;
  paragraphs: string[];
  facts: Fact[];
  button?: { label: string; href: string };
  /** A row of answers, each a link of its own (the survey's first question). */
  choices?: { label: string; href: string }[];
  notes: string[];
  /** Small links below the notes (the office's privacy notice). */
  links?: { label: string; href: string }[];
}): string {
  const align = options.direction === 'rtl' ? 'right' : 'left';
  const facts = options.facts
    .map(
      ([label, value, direction]) =>
        `<tr><th style="text-align:${align};padding:4px 12px 4px 0;vertical-align:top;">${escapeHtml(label)}</th><td${direction ? ` dir="${direction}"` : ''} style="padding:4px 0;text-align:${align};">${escapeHtml(value)}</td></tr>`,
    )
    .join('');
  const links = (options.links ?? []).map(
    (link) =>
      `<p style="${PARAGRAPH}font-size:13px;"><a href="${escapeHtml(link.href)}" style="color:#0b5cad;">${escapeHtml(link.label)}</a></p>`,
  );
  const button = options.button
    ? `<p style="${PARAGRAPH}"><a href="${escapeHtml(options.button.href)}" style="display:inline-block;background:#0b5cad;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:bold;">${escapeHtml(options.button.label)}</a></p>`
    : '';
  const choices = options.choices?.length
    ? `<p style="${PARAGRAPH}">${options.choices
        .map(
          (choice) =>
            `<a href="${escapeHtml(choice.href)}" style="display:inline-block;min-width:44px;margin:0 8px 8px 0;padding:12px 14px;border:2px solid #0b5cad;border-radius:6px;color:#0b5cad;text-decoration:none;font-weight:bold;text-align:center;">${escapeHtml(choice.label)}</a>`,
        )
        .join('')}</p>`
    : '';
  return `<!doctype html>
<html lang="${escapeHtml(options.language)}" dir="${options.direction}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(options.title)}</title></head>
<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;background:#ffffff;">
<div dir="${options.direction}" style="max-width:560px;margin:0 auto;text-align:${align};">
${options.paragraphs.map((p) => `<p style="${PARAGRAPH}">${escapeHtml(p)}</p>`).join('\n')}
<table role="presentation" style="border-collapse:collapse;margin:0 0 16px 0;">${facts}</table>
${choices}
${button}
${options.notes.map((n) => `<p style="${PARAGRAPH}font-size:13px;color:#555555;">${escapeHtml(n)}</p>`).join('\n')}
${links.join('\n')}
</div>
</body>
</html>`;
}

function messageValues(input: ClientMessageInput, language: string, start: DateTime) {
  return {
    name: input.pseudonym,
    type: localize(input.typeName, language),
    when: shortWhen(start),
    zone: zoneLabel(input.timeZone, start),
    link: input.link,
    days: input.retentionDays,
    minutes: input.joinOpensMinutesBefore,
    office: localize(input.office.name, language),
  };
}

/** A client message's SMS line and its values, in the client's language: messengers build on it. */
export function clientMessageLine(input: ClientMessageInput): MessageLine {
  const language = clientLanguage(input.language);
  const t = CLIENT_TEXTS[language];
  const start = dateTime(input.startsAt, input.timeZone, language);
  return {
    language,
    direction: t.direction,
    template: t[CLIENT_TEXT_OF[input.kind]].sms,
    values: messageValues(input, language, start),
  };
}

/** A message to a client, in their language and time zone, with the calendar file. */
export function renderClientMessage(input: ClientMessageInput): RenderedMessage {
  const language = clientLanguage(input.language);
  const t = CLIENT_TEXTS[language];
  const start = dateTime(input.startsAt, input.timeZone, language);
  const end = dateTime(input.endsAt, input.timeZone, language);
  const type = localize(input.typeName, language);
  const values = messageValues(input, language, start);
  const texts = t[CLIENT_TEXT_OF[input.kind]];
  const subject = fill(texts.subject, values);
  const greeting = fill(t.greeting, values);
  const lead = fill(texts.lead, values);
  // Switched to a phone call: the type may say video, the appointment is by phone now.
  const byPhone = input.channel === 'phone' || input.kind === 'switched-to-phone';
  const channelLabel = byPhone
    ? t.labels.channelPhone
    : input.channel === 'audio'
      ? t.labels.channelAudio
      : t.labels.channelVideo;
  const facts: Fact[] = [
    [t.labels.when, longWhen(start, end)],
    [t.labels.consultation, `${type} (${channelLabel})`],
    [t.labels.counsellor, input.counsellorName],
    [t.labels.office, values.office],
    ...(input.office.contact
      ? [[t.labels.officeContact, input.office.contact, 'ltr'] satisfies Fact]
      : []),
    ...(input.kind === 'switched-to-phone' && input.phone
      ? [[t.labels.phoneNumber, input.phone, 'ltr'] satisfies Fact]
      : []),
  ];
  const cancelled = input.kind === 'cancelled';
  const action = cancelled
    ? t.actions.bookAgain
    : input.kind === 'reminder' && !byPhone
      ? t.actions.join
      : t.actions.manage;
  const notes = [
    fill(t.labels.timeZoneNote, values),
    ...(cancelled || byPhone ? [] : [fill(t.actions.joinHint, values)]),
    fill(t.footer.privacy, values),
    t.footer.noReply,
  ];
  const privacyNotice = {
    label: fill(t.footer.privacyNotice, values),
    href: input.office.privacyNotice,
  };
  const text = [
    greeting,
    '',
    lead,
    '',
    ...facts.map(([label, value]) => `${label}: ${value}`),
    '',
    `${action}: ${input.link}`,
    '',
    ...notes,
    `${privacyNotice.label}: ${privacyNotice.href}`,
  ].join('\n');
  return {
    subject,
    text,
    html: htmlDocument({
      language,
      direction: t.direction,
      title: subject,
      paragraphs: [greeting, lead],
      facts,
      button: { label: action, href: input.link },
      notes,
      links: [privacyNotice],
    }),
    short: `${fill(texts.sms, values)} ${input.link}`,
    direction: t.direction,
    language,
    attachments: [
      {
        filename: 'appointment.ics',
        contentType: CALENDAR_CONTENT_TYPE,
        content: renderClientCalendar({
          cancelled,
          appointmentId: input.appointmentId,
          version: input.version,
          language: input.language,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          typeName: input.typeName,
          bookingPage: input.bookingPage,
          office: input.office,
          senderEmail: input.senderEmail,
        }),
      },
    ],
  };
}

/**
 * A short message with one link to act on (a walk-in ticket's call, a waitlist offer): paragraphs,
 * a button, the office and privacy notes, and the SMS form.
 */
export function renderLinkNotice(notice: {
  language: string;
  direction: 'ltr' | 'rtl';
  subject: string;
  paragraphs: string[];
  action: { label: string; href: string };
  /** Answers offered as links of their own, before the action (the survey's first question). */
  choices?: { label: string; href: string }[];
  notes: string[];
  privacy: { label: string; href: string };
  sms: string;
}): RenderedMessage {
  const { language, direction, subject, paragraphs, action, notes, privacy } = notice;
  const choices = notice.choices ?? [];
  return {
    subject,
    text: [
      ...paragraphs,
      ...(choices.length > 0 ? ['', ...choices.map((c) => `${c.label}: ${c.href}`)] : []),
      '',
      `${action.label}: ${action.href}`,
      '',
      ...notes,
      `${privacy.label}: ${privacy.href}`,
    ].join('\n'),
    html: htmlDocument({
      language,
      direction,
      title: subject,
      paragraphs,
      facts: [],
      button: action,
      choices,
      notes,
      links: [privacy],
    }),
    short: `${notice.sms} ${action.href}`,
    direction,
    language,
    attachments: [],
  };
}

export function staffLanguage(languages: string[]): 'de' | 'en' {
  return languages.includes('de') || languages.length === 0 ? 'de' : 'en';
}

/** "Arabisch", not "ar": the language's name in the reader's language (the code if ICU has none). */
export function languageName(code: string, inLanguage: string): string {
  try {
    return (
      new Intl.DisplayNames([inLanguage], { type: 'language', fallback: 'code' }).of(code) ?? code
    );
  } catch {
    return code; // not a well-formed language tag
  }
}

function appointmentFacts(
  t: StaffTexts,
  line: AppointmentLine,
  zone: string,
  language: 'de' | 'en',
): [string, string][] {
  const start = dateTime(line.startsAt, zone, language);
  const end = dateTime(line.endsAt, zone, language);
  return [
    [t.labels.when, longWhen(start, end)],
    [t.labels.consultation, localize(line.typeName, language)],
    [
      t.labels.language,
      `${languageName(line.language, language)}${line.needsInterpreter ? ` (${t.labels.interpreter})` : ''}`,
    ],
  ];
}

/**
 * A notice to staff (counsellor, interpreter): a lead, the facts, a button to the console and a
 * footer, as mail (text and HTML) and as one short line — never client data.
 */
function staffNotice(
  t: StaffTexts,
  language: 'de' | 'en',
  notice: {
    subject: string;
    lead: string;
    facts: [string, string][];
    footer: string;
    consoleUrl: string;
  },
): RenderedMessage {
  const { subject, lead, facts, footer, consoleUrl } = notice;
  return {
    subject,
    text: [
      lead,
      '',
      ...facts.map(([l, v]) => `${l}: ${v}`),
      '',
      `${t.labels.open}: ${consoleUrl}`,
      '',
      footer,
    ].join('\n'),
    html: htmlDocument({
      language,
      direction: 'ltr',
      title: subject,
      paragraphs: [lead],
      facts,
      button: { label: t.labels.open, href: consoleUrl },
      notes: [footer],
    }),
    short: `${subject} ${consoleUrl}`,
    direction: 'ltr',
    language,
    attachments: [],
  };
}

/**
 * A notice to the counsellor that a client booked, moved or cancelled. Staff mail carries no
 * client data (not even the pseudonym): mailboxes keep messages long after our retention period.
 */
export function renderCounsellorNotice(options: {
  kind: CounsellorNoticeKind;
  languages: string[];
  timeZone: string;
  appointment: AppointmentLine;
  consoleUrl: string;
}): RenderedMessage {
  const language = staffLanguage(options.languages);
  const t = STAFF_TEXTS[language];
  const start = dateTime(options.appointment.startsAt, options.timeZone, language);
  const values = { when: shortWhen(start), zone: zoneLabel(options.timeZone, start) };
  const texts = t[options.kind];
  const subject = fill(texts.subject, values);
  const facts = appointmentFacts(t, options.appointment, options.timeZone, language);
  return staffNotice(t, language, {
    subject,
    lead: texts.lead,
    facts,
    footer: fill(t.footer, values),
    consoleUrl: options.consoleUrl,
  });
}

/** The counsellor's appointments of one local day. */
export function renderAgenda(options: {
  languages: string[];
  timeZone: string;
  date: string;
  appointments: AppointmentLine[];
  consoleUrl: string;
}): RenderedMessage {
  const language = staffLanguage(options.languages);
  const t = STAFF_TEXTS[language];
  const day = DateTime.fromISO(options.date, { zone: options.timeZone }).setLocale(language);
  const values = {
    date: day.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' }),
    zone: zoneLabel(options.timeZone, day),
    count: options.appointments.length,
  };
  const subject = fill(t.agenda.subject, values);
  const footer = fill(t.footer, values);
  const lines = options.appointments.map((line) =>
    appointmentFacts(t, line, options.timeZone, language)
      .map(([, v]) => v)
      .join(' · '),
  );
  const lead = options.appointments.length === 0 ? t.agenda.empty : t.agenda.lead;
  return {
    subject,
    text: [
      lead,
      '',
      ...lines,
      '',
      fill(t.agenda.count, values),
      '',
      `${t.labels.open}: ${options.consoleUrl}`,
      '',
      footer,
    ].join('\n'),
    html: htmlDocument({
      language,
      direction: 'ltr',
      title: subject,
      paragraphs: [lead, ...lines],
      facts: [],
      button: { label: t.labels.open, href: options.consoleUrl },
      notes: [fill(t.agenda.count, values), footer],
    }),
    short: subject,
    direction: 'ltr',
    language,
    attachments: [],
  };
}

/**
 * The morning digest of a counsellor's unread client messages: how many conversations and
 * messages, and the inbox. No names, no texts, no times: only that clients are waiting.
 */
export function renderMessagesDigest(options: {
  languages: string[];
  conversations: number;
  messages: number;
  inboxUrl: string;
}): RenderedMessage {
  const language = staffLanguage(options.languages);
  const t = STAFF_TEXTS[language].messagesDigest;
  const rules = new Intl.PluralRules(language);
  const count = (forms: { one: string; other: string }, n: number) =>
    fill(rules.select(n) === 'one' ? forms.one : forms.other, { count: n });
  const counts = `${count(t.conversations, options.conversations)}, ${count(t.messages, options.messages)}`;
  return {
    subject: t.subject,
    text: [t.lead, '', counts, '', `${t.open}: ${options.inboxUrl}`, '', t.note].join('\n'),
    html: htmlDocument({
      language,
      direction: 'ltr',
      title: t.subject,
      paragraphs: [t.lead, counts],
      facts: [],
      button: { label: t.open, href: options.inboxUrl },
      notes: [t.note],
    }),
    short: `${t.subject}: ${counts} ${options.inboxUrl}`,
    direction: 'ltr',
    language,
    attachments: [],
  };
}

export type InterpreterNoticeTextKind = 'booked' | 'rescheduled' | 'cancelled';

/**
 * The language of an interpreter's mail: German (the offices' language, which interpreters here
 * work from) unless they list English and not German.
 */
export function interpreterMailLanguage(languages: string[]): 'de' | 'en' {
  return languages.includes('en') && !languages.includes('de') ? 'en' : 'de';
}

/**
 * A notice to an interpreter that they interpret in an appointment, that it moved, or that they
 * are no longer needed. Like counsellors' notices it carries no client data at all.
 */
export function renderInterpreterNotice(options: {
  kind: InterpreterNoticeTextKind;
  languages: string[];
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  typeName: LocalizedText;
  counsellorName: string;
  officeName: LocalizedText;
  /** The language to interpret (BCP 47); empty when the appointment no longer has one. */
  language: string;
  consoleUrl: string;
}): RenderedMessage {
  const language = interpreterMailLanguage(options.languages);
  const t = STAFF_TEXTS[language];
  const texts = t.interpreterNotice[options.kind];
  const start = dateTime(options.startsAt, options.timeZone, language);
  const end = dateTime(options.endsAt, options.timeZone, language);
  const values = { when: shortWhen(start), zone: zoneLabel(options.timeZone, start) };
  const subject = fill(texts.subject, values);
  const facts: [string, string][] = [
    [t.labels.when, longWhen(start, end)],
    [t.interpreterNotice.labels.interpretLanguage, languageName(options.language, language)],
    [t.labels.consultation, localize(options.typeName, language)],
    [t.interpreterNotice.labels.counsellor, options.counsellorName],
    [t.interpreterNotice.labels.office, localize(options.officeName, language)],
  ].filter((fact): fact is [string, string] => fact[1] !== '');
  return staffNotice(t, language, {
    subject,
    lead: texts.lead,
    facts,
    footer: fill(t.footer, values),
    consoleUrl: options.consoleUrl,
  });
}
