import { localize, type LocalizedText } from '@app/roster';
import type { WalkInNoticeKind } from '@app/queue';
import { renderLinkNotice, type MessageLine, type RenderedMessage } from './renderer.js';
import { clientLanguage, fill, type NotificationLanguage } from './texts/index.js';

interface WalkInTexts {
  direction: 'ltr' | 'rtl';
  soon: { subject: string; lead: string; estimate: string; noEstimate: string; sms: string };
  turn: { subject: string; lead: string; sms: string };
  open: string;
  office: string;
  noReply: string;
  privacyNotice: string;
}

/**
 * The two walk-in messages, in each client language. {label} is the number to say aloud, {place}
 * the place in the queue, {min}–{max} the wait in minutes, {hour} and {office} the names.
 */
const TEXTS: Record<NotificationLanguage, WalkInTexts> = {
  de: {
    direction: 'ltr',
    soon: {
      subject: 'Bald sind Sie dran: Nummer {label}',
      lead: 'Sie sind jetzt auf Platz {place} in der offenen Sprechstunde „{hour}“. Bitte halten Sie sich bereit.',
      estimate: 'Voraussichtlich in etwa {min} bis {max} Minuten.',
      noEstimate: 'Wann genau, können wir noch nicht sagen.',
      sms: 'Nummer {label}: Sie sind auf Platz {place}. Bitte halten Sie sich bereit:',
    },
    turn: {
      subject: 'Sie sind dran: Nummer {label}',
      lead: 'Sie sind jetzt dran in der offenen Sprechstunde „{hour}“. Bitte kommen Sie gleich in das Gespräch.',
      sms: 'Nummer {label}: Sie sind dran! Jetzt teilnehmen:',
    },
    open: 'Ihre Nummer öffnen',
    office: 'Beratungsstelle: {office}',
    noReply: 'Bitte antworten Sie nicht auf diese Nachricht.',
    privacyNotice: 'Datenschutzhinweise von {office}',
  },
  en: {
    direction: 'ltr',
    soon: {
      subject: 'Nearly your turn: number {label}',
      lead: 'You are now number {place} in the queue of the walk-in hour "{hour}". Please be ready.',
      estimate: 'Expected in about {min} to {max} minutes.',
      noEstimate: 'We cannot say yet exactly when.',
      sms: 'Number {label}: you are number {place} in the queue. Please be ready:',
    },
    turn: {
      subject: 'It is your turn: number {label}',
      lead: 'It is your turn in the walk-in hour "{hour}". Please join the conversation now.',
      sms: 'Number {label}: it is your turn! Join now:',
    },
    open: 'Open your ticket',
    office: 'Counselling office: {office}',
    noReply: 'Please do not reply to this message.',
    privacyNotice: 'Privacy notice of {office}',
  },
  ar: {
    direction: 'rtl',
    soon: {
      subject: 'اقترب دورك: الرقم {label}',
      lead: 'أنت الآن في المركز {place} في طابور ساعة الاستشارة المفتوحة «{hour}». يرجى الاستعداد.',
      estimate: 'متوقع خلال {min} إلى {max} دقيقة تقريبًا.',
      noEstimate: 'لا يمكننا بعد تحديد الوقت بدقة.',
      sms: 'الرقم {label}: أنت في المركز {place}. يرجى الاستعداد:',
    },
    turn: {
      subject: 'حان دورك: الرقم {label}',
      lead: 'حان دورك في ساعة الاستشارة المفتوحة «{hour}». يرجى الانضمام إلى المحادثة الآن.',
      sms: 'الرقم {label}: حان دورك! انضم الآن:',
    },
    open: 'افتح رقمك',
    office: 'مركز الاستشارة: {office}',
    noReply: 'يرجى عدم الرد على هذه الرسالة.',
    privacyNotice: 'إشعار الخصوصية لـ {office}',
  },
  fa: {
    direction: 'rtl',
    soon: {
      subject: 'به‌زودی نوبت شماست: شماره {label}',
      lead: 'شما اکنون نفر {place} در صف ساعت مشاوره آزاد «{hour}» هستید. لطفاً آماده باشید.',
      estimate: 'حدوداً {min} تا {max} دقیقه دیگر.',
      noEstimate: 'هنوز نمی‌توانیم زمان دقیق را بگوییم.',
      sms: 'شماره {label}: شما نفر {place} در صف هستید. لطفاً آماده باشید:',
    },
    turn: {
      subject: 'نوبت شماست: شماره {label}',
      lead: 'اکنون نوبت شما در ساعت مشاوره آزاد «{hour}» است. لطفاً همین حالا به گفتگو بپیوندید.',
      sms: 'شماره {label}: نوبت شماست! اکنون بپیوندید:',
    },
    open: 'باز کردن شماره شما',
    office: 'مرکز مشاوره: {office}',
    noReply: 'لطفاً به این پیام پاسخ ندهید.',
    privacyNotice: 'اطلاعیه حریم خصوصی {office}',
  },
  ru: {
    direction: 'ltr',
    soon: {
      subject: 'Скоро ваша очередь: номер {label}',
      lead: 'Вы сейчас {place}-й в очереди открытого приёма «{hour}». Пожалуйста, будьте готовы.',
      estimate: 'Ожидается примерно через {min}–{max} минут.',
      noEstimate: 'Точное время пока неизвестно.',
      sms: 'Номер {label}: вы {place}-й в очереди. Пожалуйста, будьте готовы:',
    },
    turn: {
      subject: 'Ваша очередь: номер {label}',
      lead: 'Подошла ваша очередь на открытом приёме «{hour}». Пожалуйста, подключитесь к разговору сейчас.',
      sms: 'Номер {label}: ваша очередь! Подключитесь сейчас:',
    },
    open: 'Открыть ваш номер',
    office: 'Консультационный центр: {office}',
    noReply: 'Пожалуйста, не отвечайте на это сообщение.',
    privacyNotice: 'Политика конфиденциальности: {office}',
  },
  tr: {
    direction: 'ltr',
    soon: {
      subject: 'Sıranız yaklaştı: numara {label}',
      lead: '"{hour}" açık danışma saatinin sırasında şimdi {place}. sıradasınız. Lütfen hazır olun.',
      estimate: 'Tahminen yaklaşık {min} ile {max} dakika içinde.',
      noEstimate: 'Tam olarak ne zaman olacağını henüz söyleyemiyoruz.',
      sms: 'Numara {label}: {place}. sıradasınız. Lütfen hazır olun:',
    },
    turn: {
      subject: 'Sıra sizde: numara {label}',
      lead: '"{hour}" açık danışma saatinde sıra sizde. Lütfen şimdi görüşmeye katılın.',
      sms: 'Numara {label}: sıra sizde! Şimdi katılın:',
    },
    open: 'Numaranızı açın',
    office: 'Danışma merkezi: {office}',
    noReply: 'Lütfen bu mesajı yanıtlamayın.',
    privacyNotice: '{office} gizlilik bildirimi',
  },
  uk: {
    direction: 'ltr',
    soon: {
      subject: 'Скоро ваша черга: номер {label}',
      lead: 'Ви зараз {place}-й у черзі відкритого прийому «{hour}». Будь ласка, будьте готові.',
      estimate: 'Очікується приблизно через {min}–{max} хвилин.',
      noEstimate: 'Точний час поки невідомий.',
      sms: 'Номер {label}: ви {place}-й у черзі. Будь ласка, будьте готові:',
    },
    turn: {
      subject: 'Ваша черга: номер {label}',
      lead: 'Настала ваша черга на відкритому прийомі «{hour}». Будь ласка, приєднайтеся до розмови зараз.',
      sms: 'Номер {label}: ваша черга! Приєднуйтеся зараз:',
    },
    open: 'Відкрити ваш номер',
    office: 'Консультаційний центр: {office}',
    noReply: 'Будь ласка, не відповідайте на це повідомлення.',
    privacyNotice: 'Повідомлення про конфіденційність: {office}',
  },
};

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

function walkInValues(input: WalkInNoticeInput, language: NotificationLanguage) {
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
  const t = TEXTS[language];
  return {
    language,
    direction: t.direction,
    template: (input.kind === 'walk-in-soon' ? t.soon : t.turn).sms,
    values: walkInValues(input, language),
  };
}

/** "Nearly your turn" or "your turn": mail (text and HTML) and a short SMS, in the client's language. */
export function renderWalkInNotice(input: WalkInNoticeInput): RenderedMessage {
  const language = clientLanguage(input.language);
  const t = TEXTS[language];
  const values = walkInValues(input, language);
  const texts = input.kind === 'walk-in-soon' ? t.soon : t.turn;
  const subject = fill(texts.subject, values);
  const paragraphs = [fill(texts.lead, values)];
  if (input.kind === 'walk-in-soon')
    paragraphs.push(fill(input.estimate ? t.soon.estimate : t.soon.noEstimate, values));
  const notes = [fill(t.office, values), t.noReply];
  return renderLinkNotice({
    language,
    direction: t.direction,
    subject,
    paragraphs,
    action: { label: t.open, href: input.link },
    notes,
    privacy: { label: fill(t.privacyNotice, values), href: input.privacyNotice },
    sms: fill(texts.sms, values),
  });
}

/** Every language has both messages with the same placeholders (checked by the spec). */
export const WALK_IN_TEXTS = TEXTS;
