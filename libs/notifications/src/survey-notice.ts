import { localize } from '@app/roster';
import type { LocalizedText } from '@app/roster';
import { renderLinkNotice, type MessageLine, type RenderedMessage } from './renderer.js';
import { CLIENT_TEXTS, clientLanguage, fill } from './texts/index.js';

export interface SurveyNoticeInput {
  language: string;
  officeName: LocalizedText;
  /** The survey page with the link's token (see surveyLink). */
  link: string;
  /** The same with the first question answered: 1 to 5. */
  answerLink: (helpful: number) => string;
  privacyNotice: string;
}

/**
 * The survey page's address: the page's language in the query (it opens in the client's language
 * whatever the browser says), the token (and the first answer, one tap) in the fragment, which
 * browsers never send to a server or in a Referer.
 */
export function surveyLink(
  publicUrl: (path: string) => string,
  language: string,
  token: string,
  helpful?: number,
): string {
  const answer = helpful === undefined ? '' : `&helpful=${helpful}`;
  return publicUrl(`/survey?lang=${encodeURIComponent(language)}#token=${token}${answer}`);
}

/** The messenger line: the office is named above it by the messenger body. */
export function surveyMessageLine(input: SurveyNoticeInput): MessageLine {
  const language = clientLanguage(input.language);
  const t = CLIENT_TEXTS[language];
  return {
    language,
    direction: t.direction,
    template: t.survey.chat,
    values: { office: localize(input.officeName, language) },
  };
}

/**
 * "How was your conversation with <office>?": mail (the first question's five answers as links of
 * their own, so one tap answers it) and SMS (one link). Nothing of the consultation itself: no
 * time, no topic, no counsellor.
 */
export function renderSurveyNotice(input: SurveyNoticeInput): RenderedMessage {
  const language = clientLanguage(input.language);
  const t = CLIENT_TEXTS[language];
  const values = { office: localize(input.officeName, language) };
  const label = (n: number) =>
    n === 1 ? `1 – ${t.survey.notAtAll}` : n === 5 ? `5 – ${t.survey.very}` : String(n);
  return renderLinkNotice({
    language,
    direction: t.direction,
    subject: fill(t.survey.subject, values),
    paragraphs: [fill(t.survey.lead, values), t.survey.question],
    choices: [1, 2, 3, 4, 5].map((n) => ({ label: label(n), href: input.answerLink(n) })),
    action: { label: t.survey.open, href: input.link },
    notes: [t.survey.anonymous, t.footer.noReply],
    privacy: { label: fill(t.footer.privacyNotice, values), href: input.privacyNotice },
    sms: fill(t.survey.sms, values),
  });
}
