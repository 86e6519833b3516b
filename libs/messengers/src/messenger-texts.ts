import {
  checkedCatalogues,
  CLIENT_LANGUAGES,
  isClientLanguage,
  type ClientLanguageCode,
} from '@app/common';
import ar from './locales/ar.json' with { type: 'json' };
import deXLs from './locales/de-x-ls.json' with { type: 'json' };
import de from './locales/de.json' with { type: 'json' };
import en from './locales/en.json' with { type: 'json' };
import fa from './locales/fa.json' with { type: 'json' };
import fr from './locales/fr.json' with { type: 'json' };
import kmr from './locales/kmr.json' with { type: 'json' };
import prs from './locales/prs.json' with { type: 'json' };
import ps from './locales/ps.json' with { type: 'json' };
import ru from './locales/ru.json' with { type: 'json' };
import ti from './locales/ti.json' with { type: 'json' };
import tr from './locales/tr.json' with { type: 'json' };
import uk from './locales/uk.json' with { type: 'json' };

/**
 * What Sprechstunde says in a messenger chat beyond the notifications themselves: the reply
 * buttons, the keyword hint, and its answers to what the client sends. One file per client
 * language in locales/ (i18next JSON, German the base file, as the notifications');
 * {placeholders} are filled by `fill` of the notifications.
 */
export interface MessengerCatalogue {
  /** Button labels: at most 20 characters (WhatsApp's limit). */
  buttons: { confirm: string; cancel: string; late: string; leave: string };
  /** Under a message about an appointment: the keywords, for SMS and for typing. */
  appointmentHint: string;
  /** Under a "nearly your turn" message. */
  ticketHint: string;
  /** Ends a WhatsApp template without buttons (a template may not end with a variable). */
  automatic: string;
  /** Before the office's name in a WhatsApp template. */
  officeLabel: string;
  bound: string;
  boundTicket: string;
  codeInvalid: string;
  confirmed: string;
  late: string;
  cancelled: string;
  tooLate: string;
  notLive: string;
  /** A button under a message about an earlier time of the appointment. */
  outdated: string;
  left: string;
  /** Anything else the client writes: we do not read free text. */
  unknown: string;
  /** A chat we do not know (no appointment bound to it). */
  stranger: string;
}

export interface MessengerTexts extends MessengerCatalogue {
  direction: 'ltr' | 'rtl';
}

/** German is the base file: the compiler checks it against the schema, the others against it. */
const BASE: MessengerCatalogue = de;

const CATALOGUES = checkedCatalogues('messenger', BASE, {
  de,
  en,
  ar,
  fa,
  uk,
  ru,
  tr,
  prs,
  ps,
  ti,
  kmr,
  fr,
  'de-x-ls': deXLs,
} satisfies Record<ClientLanguageCode, unknown>);

export const MESSENGER_TEXTS = Object.fromEntries(
  CLIENT_LANGUAGES.map((language) => [
    language.code,
    { ...CATALOGUES[language.code], direction: language.dir },
  ]),
) as Record<ClientLanguageCode, MessengerTexts>;
export type MessengerLanguage = ClientLanguageCode;

/** The texts in the client's language, else English. */
export function messengerTexts(language: string | undefined): MessengerTexts {
  return MESSENGER_TEXTS[messengerLanguage(language)];
}

/** The language we answer in: the client's if we have texts in it, else English. */
export function messengerLanguage(language: string | undefined): MessengerLanguage {
  return isClientLanguage(language) ? language : 'en';
}

/** How each messenger is named to clients ("Get messages in Telegram"). */
export const MESSENGER_LABELS = {
  telegram: 'Telegram',
  viber: 'Viber',
  whatsapp: 'WhatsApp',
} as const;
