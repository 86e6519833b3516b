import { CLIENT_LANGUAGES, whatsappTemplateLanguage } from '@app/common';
import { messengerTexts, type ReplyButton } from '@app/messengers';
import type { NotificationKind } from '@app/queue';
import type { MessageLine, RenderedMessage } from './renderer.js';
import { CLIENT_TEXTS, clientLanguage, fill } from './texts/index.js';

/** The notifications that also go to a bound messenger chat. */
export const MESSENGER_KINDS = [
  'confirmation',
  'reminder',
  'rescheduled',
  'cancelled',
  'switched-to-phone',
  'walk-in-soon',
  'walk-in-turn',
  'new-message',
  /** Sent to one chat instead of the email or SMS (one link, one answer), never copied. */
  'survey',
] as const satisfies readonly NotificationKind[];
export type MessengerKind = (typeof MESSENGER_KINDS)[number];

export function isMessengerKind(kind: NotificationKind): kind is MessengerKind {
  return (MESSENGER_KINDS as readonly string[]).includes(kind);
}

/** Which reply buttons a kind carries: about an appointment, about a ticket, or none. */
export const REPLIES_OF: Record<MessengerKind, 'appointment' | 'ticket' | null> = {
  confirmation: 'appointment',
  reminder: 'appointment',
  rescheduled: 'appointment',
  'switched-to-phone': 'appointment',
  cancelled: null,
  'walk-in-soon': 'ticket',
  'walk-in-turn': null,
  // Replies in the chat are not conversation messages: the link leads to where one writes.
  'new-message': null,
  survey: null,
};

/** The name the WhatsApp template of a kind must be registered under (one per kind, all languages). */
export function templateName(kind: MessengerKind): string {
  return `sprechstunde_${kind.replace(/-/g, '_')}`;
}

/**
 * A messenger message's text with {placeholders}: the office, the SMS line and its link, and the
 * reply keywords (or "this is an automatic message"): a WhatsApp template may neither start nor
 * end with a variable.
 */
function bodyOf(kind: MessengerKind, line: Pick<MessageLine, 'language' | 'template'>): string {
  const t = messengerTexts(line.language);
  const replies = REPLIES_OF[kind];
  const ending =
    replies === 'appointment'
      ? t.appointmentHint
      : replies === 'ticket'
        ? t.ticketHint
        : t.automatic;
  // The office first: a fixed word opens every body (some SMS lines start with a placeholder).
  return `${t.officeLabel}: {office}\n${line.template} {link}\n\n${ending}`;
}

/** The body in WhatsApp's form ({{1}}, {{2}}, … in order of appearance) and the value each stands for. */
export function templateBody(
  kind: MessengerKind,
  line: Pick<MessageLine, 'language' | 'template'>,
): { text: string; params: string[] } {
  const params: string[] = [];
  const text = bodyOf(kind, line).replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!params.includes(name)) params.push(name);
    return `{{${params.indexOf(name) + 1}}}`;
  });
  return { text, params };
}

/**
 * A notification for a messenger chat: the text for Telegram and Viber, the same as template and
 * parameters for WhatsApp, and the reply buttons (their data names the chat's binding).
 */
export function renderMessengerNotice(
  kind: MessengerKind,
  line: MessageLine,
  link: string,
  buttons: ReplyButton[],
): RenderedMessage {
  const values = { ...line.values, link };
  const text = fill(bodyOf(kind, line), values);
  // WhatsApp has no template language for Dari, Pashto, Tigrinya, Kurmanji or Leichte Sprache: a
  // message we start goes out as the template of the fallback language (CLIENT_LANGUAGES), with
  // the parameters in that template's order. The chat's answers stay in the client's language.
  const templateLanguage = whatsappTemplateLanguage(line.language);
  const template = templateBody(
    kind,
    templateLanguage === line.language
      ? line
      : {
          language: templateLanguage,
          template: smsTemplate(kind, clientLanguage(templateLanguage)),
        },
  );
  return {
    subject: '',
    text,
    html: '',
    short: text,
    direction: line.direction,
    language: line.language,
    attachments: [],
    messenger: {
      buttons,
      template: {
        name: templateName(kind),
        language: templateLanguage,
        params: template.params.map((name) => String(values[name as keyof typeof values])),
      },
    },
  };
}

/** Example values for the template registration (Meta asks for one per variable). */
const EXAMPLES: Record<string, string> = {
  type: 'Aufenthalt',
  when: 'Mo., 7. Dez., 10:00',
  link: 'https://termine.example.org/manage#token=…',
  office: 'Willkommenszentrum Berlin',
  label: 'A12',
  place: '3',
  hour: 'Offene Sprechstunde',
};

/** The line a kind's messenger body is built on, in one language. */
function smsTemplate(kind: MessengerKind, language: keyof typeof CLIENT_TEXTS): string {
  switch (kind) {
    case 'walk-in-soon':
      return CLIENT_TEXTS[language].walkIn.soon.sms;
    case 'walk-in-turn':
      return CLIENT_TEXTS[language].walkIn.turn.sms;
    case 'new-message':
      return CLIENT_TEXTS[language].newMessage.chat;
    case 'survey':
      return CLIENT_TEXTS[language].survey.chat;
    case 'switched-to-phone':
      return CLIENT_TEXTS[language].switchedToPhone.sms;
    case 'confirmation':
    case 'reminder':
    case 'rescheduled':
    case 'cancelled':
      return CLIENT_TEXTS[language][kind].sms;
  }
}

/** The languages WhatsApp templates are registered in (the others use a fallback's, see CLIENT_LANGUAGES). */
export const WHATSAPP_TEMPLATE_LANGUAGES = CLIENT_LANGUAGES.flatMap((language) =>
  language.whatsapp ? [language.whatsapp] : [],
);

/**
 * The WhatsApp message templates the code sends, in every template language, as the Business
 * Management API's `POST /<WABA-ID>/message_templates` takes them (category UTILITY): the office
 * registers them once (`npm run messengers:whatsapp-templates`, README).
 */
export function whatsappTemplates(): object[] {
  return MESSENGER_KINDS.flatMap((kind) =>
    WHATSAPP_TEMPLATE_LANGUAGES.map((language) => {
      const template = smsTemplate(kind, clientLanguage(language));
      const body = templateBody(kind, { language, template });
      const replies = REPLIES_OF[kind];
      const labels = messengerTexts(language).buttons;
      const buttons =
        replies === 'appointment'
          ? [labels.confirm, labels.cancel, labels.late]
          : replies === 'ticket'
            ? [labels.leave]
            : [];
      return {
        name: templateName(kind),
        language,
        category: 'UTILITY',
        components: [
          {
            type: 'BODY',
            text: body.text,
            example: { body_text: [body.params.map((name) => EXAMPLES[name] ?? name)] },
          },
          ...(buttons.length > 0
            ? [{ type: 'BUTTONS', buttons: buttons.map((text) => ({ type: 'QUICK_REPLY', text })) }]
            : []),
        ],
      };
    }),
  );
}
