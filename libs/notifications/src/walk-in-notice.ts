import { localize } from '@app/roster';
import type { LocalizedText } from '@app/roster';
import type { WalkInNoticeKind } from '@app/queue';
import { renderLinkNotice, type MessageLine, type RenderedMessage } from './renderer.js';
import { CLIENT_TEXTS, clientLanguage, fill } from './texts/index.js';

export interface WalkInNoticeInput {
  kind: WalkInNoticeKind;
  language: string;
  label: string;
  place: number | null;
  estimate: { minMinutes: number; maxMinutes: number } | null;
  hourName: LocalizedText;
  officeName: LocalizedText;
  link: string;
  privacyNotice: string;
}

function walkInValues(input: WalkInNoticeInput, language: string) {
  return {
    label: input.label,
    place: input.place ?? 1,
    min: input.estimate?.minMinutes ?? 0,
    max: input.estimate?.maxMinutes ?? 0,
    hour: localize(input.hourName, language),
    office: localize(input.officeName, language),
  };
}

/** The SMS line of a walk-in message and its values: messengers build on it. */
export function walkInMessageLine(input: WalkInNoticeInput): MessageLine {
  const language = clientLanguage(input.language);
  const t = CLIENT_TEXTS[language].walkIn;
  return {
    language,
    direction: CLIENT_TEXTS[language].direction,
    template: (input.kind === 'walk-in-soon' ? t.soon : t.turn).sms,
    values: walkInValues(input, language),
  };
}

/** "Nearly your turn" or "your turn": mail (text and HTML) and a short SMS, in the client's language. */
export function renderWalkInNotice(input: WalkInNoticeInput): RenderedMessage {
  const language = clientLanguage(input.language);
  const t = CLIENT_TEXTS[language].walkIn;
  const values = walkInValues(input, language);
  const texts = input.kind === 'walk-in-soon' ? t.soon : t.turn;
  const subject = fill(texts.subject, values);
  const paragraphs = [fill(texts.lead, values)];
  if (input.kind === 'walk-in-soon')
    paragraphs.push(fill(input.estimate ? t.soon.estimate : t.soon.noEstimate, values));
  const notes = [fill(t.office, values), t.noReply];
  return renderLinkNotice({
    language,
    direction: CLIENT_TEXTS[language].direction,
    subject,
    paragraphs,
    action: { label: t.open, href: input.link },
    notes,
    privacy: { label: fill(t.privacyNotice, values), href: input.privacyNotice },
    sms: fill(texts.sms, values),
  });
}
