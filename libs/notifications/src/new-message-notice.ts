import { localize } from '@app/roster';
import type { LocalizedText } from '@app/roster';
import { renderLinkNotice, type MessageLine, type RenderedMessage } from './renderer.js';
import { CLIENT_TEXTS, clientLanguage, fill } from './texts/index.js';

export interface NewMessageNoticeInput {
  language: string;
  officeName: LocalizedText;
  /** The manage link (appointment) or the ticket page (walk-in), each with a token of its own. */
  link: string;
  privacyNotice: string;
}

/**
 * The messenger line of the notice: the messenger body names the office above it, so the line
 * itself carries no placeholder but the link.
 */
export function newMessageLine(input: NewMessageNoticeInput): MessageLine {
  const language = clientLanguage(input.language);
  const t = CLIENT_TEXTS[language];
  return {
    language,
    direction: t.direction,
    template: t.newMessage.chat,
    values: { office: localize(input.officeName, language) },
  };
}

/**
 * "You have a new message from <office>" and the link, in the client's language: mail (text and
 * HTML) and SMS. Nothing of the message itself, nor of the appointment (no time, no topic), and no
 * calendar file: a notice read over someone's shoulder tells no more than that the office wrote.
 */
export function renderNewMessageNotice(input: NewMessageNoticeInput): RenderedMessage {
  const language = clientLanguage(input.language);
  const t = CLIENT_TEXTS[language];
  const values = { office: localize(input.officeName, language) };
  return renderLinkNotice({
    language,
    direction: t.direction,
    subject: fill(t.newMessage.subject, values),
    paragraphs: [fill(t.newMessage.lead, values), t.newMessage.privacy],
    action: { label: t.newMessage.open, href: input.link },
    notes: [t.footer.noReply],
    privacy: { label: fill(t.footer.privacyNotice, values), href: input.privacyNotice },
    sms: fill(t.newMessage.sms, values),
  });
}
