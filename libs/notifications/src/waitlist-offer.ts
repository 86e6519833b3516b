import { localize } from '@app/roster';
import { DateTime } from 'luxon';
import type { LocalizedText } from '@app/roster';
import { renderLinkNotice, type RenderedMessage } from './renderer.js';
import { CLIENT_TEXTS, clientLanguage, fill } from './texts/index.js';

export interface WaitlistOfferInput {
  language: string;
  typeName: LocalizedText;
  officeName: LocalizedText;
  /** The office's zone: the client chose their days in it. */
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  expiresAt: Date;
  link: string;
  privacyNotice: string;
}

function local(at: Date, zone: string, language: string): DateTime {
  // Gregorian dates for everyone, as in the other messages.
  return DateTime.fromJSDate(at, { zone }).reconfigure({
    locale: language,
    outputCalendar: 'gregory',
  });
}

/** The offer of a held time: mail (text and HTML) and a short SMS, in the client's language. */
export function renderWaitlistOffer(input: WaitlistOfferInput): RenderedMessage {
  const language = clientLanguage(input.language);
  const t = CLIENT_TEXTS[language].waitlistOffer;
  const start = local(input.startsAt, input.timeZone, language);
  const end = local(input.endsAt, input.timeZone, language);
  const until = local(input.expiresAt, input.timeZone, language);
  const values = {
    type: localize(input.typeName, language),
    office: localize(input.officeName, language),
    when: `${start.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' })}, ${start.toLocaleString(DateTime.TIME_SIMPLE)} – ${end.toLocaleString(DateTime.TIME_SIMPLE)}`,
    until: until.toLocaleString({
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
    }),
  };
  const subject = fill(t.subject, values);
  const paragraphs = [fill(t.lead, values), fill(t.held, values)];
  const notes = [fill(t.office, values), t.noReply];
  return renderLinkNotice({
    language,
    direction: CLIENT_TEXTS[language].direction,
    subject,
    paragraphs,
    action: { label: t.open, href: input.link },
    notes,
    privacy: { label: fill(t.privacyNotice, values), href: input.privacyNotice },
    sms: fill(t.sms, values),
  });
}
