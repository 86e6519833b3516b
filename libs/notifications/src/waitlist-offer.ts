import { DateTime } from 'luxon';
import { localize, type LocalizedText } from '@app/roster';
import { renderLinkNotice, type RenderedMessage } from './renderer.js';
import { clientLanguage, fill, type NotificationLanguage } from './texts/index.js';

interface WaitlistOfferTexts {
  direction: 'ltr' | 'rtl';
  subject: string;
  lead: string;
  held: string;
  sms: string;
  open: string;
  office: string;
  noReply: string;
  privacyNotice: string;
}

/**
 * "A time has become free for you", in each client language. {type} is the consultation, {when}
 * the time offered, {until} the end of the hold (both in the office's zone), {office} its name.
 */
const TEXTS: Record<NotificationLanguage, WaitlistOfferTexts> = {
  de: {
    direction: 'ltr',
    subject: 'Ein Termin ist frei geworden: {when}',
    lead: 'Sie stehen auf der Warteliste für „{type}“. Dieser Termin ist frei geworden: {when}.',
    held: 'Wir halten ihn bis {until} für Sie frei. Bitte nehmen Sie ihn an oder sagen Sie ab; danach geht er an die nächste Person auf der Warteliste.',
    sms: 'Ein Termin ist frei geworden: {when}. Für Sie reserviert bis {until}:',
    open: 'Termin ansehen und annehmen',
    office: 'Beratungsstelle: {office}',
    noReply: 'Bitte antworten Sie nicht auf diese Nachricht.',
    privacyNotice: 'Datenschutzhinweise von {office}',
  },
  en: {
    direction: 'ltr',
    subject: 'An appointment has become free: {when}',
    lead: 'You are on the waitlist for "{type}". This time has become free: {when}.',
    held: 'We hold it for you until {until}. Please accept or decline it; after that it goes to the next person on the waitlist.',
    sms: 'An appointment has become free: {when}. Held for you until {until}:',
    open: 'View and accept the appointment',
    office: 'Counselling office: {office}',
    noReply: 'Please do not reply to this message.',
    privacyNotice: 'Privacy notice of {office}',
  },
  ar: {
    direction: 'rtl',
    subject: 'أصبح موعد متاحًا: {when}',
    lead: 'أنت على قائمة الانتظار لـ «{type}». أصبح هذا الموعد متاحًا: {when}.',
    held: 'نحجزه لك حتى {until}. يرجى قبوله أو رفضه؛ بعد ذلك يذهب إلى الشخص التالي في قائمة الانتظار.',
    sms: 'أصبح موعد متاحًا: {when}. محجوز لك حتى {until}:',
    open: 'عرض الموعد وقبوله',
    office: 'مركز الاستشارة: {office}',
    noReply: 'يرجى عدم الرد على هذه الرسالة.',
    privacyNotice: 'إشعار الخصوصية لـ {office}',
  },
  fa: {
    direction: 'rtl',
    subject: 'یک وقت آزاد شده است: {when}',
    lead: 'شما در فهرست انتظار «{type}» هستید. این وقت آزاد شده است: {when}.',
    held: 'این وقت را تا {until} برای شما نگه می‌داریم. لطفاً آن را بپذیرید یا رد کنید؛ پس از آن به نفر بعدی فهرست انتظار می‌رسد.',
    sms: 'یک وقت آزاد شده است: {when}. تا {until} برای شما نگه داشته می‌شود:',
    open: 'دیدن و پذیرفتن وقت',
    office: 'مرکز مشاوره: {office}',
    noReply: 'لطفاً به این پیام پاسخ ندهید.',
    privacyNotice: 'اطلاعیه حریم خصوصی {office}',
  },
  ru: {
    direction: 'ltr',
    subject: 'Освободилось время приёма: {when}',
    lead: 'Вы в листе ожидания на «{type}». Освободилось это время: {when}.',
    held: 'Мы держим его для вас до {until}. Пожалуйста, примите или отклоните его; после этого оно перейдёт к следующему человеку в листе ожидания.',
    sms: 'Освободилось время приёма: {when}. Зарезервировано для вас до {until}:',
    open: 'Посмотреть и принять время',
    office: 'Консультационный центр: {office}',
    noReply: 'Пожалуйста, не отвечайте на это сообщение.',
    privacyNotice: 'Политика конфиденциальности: {office}',
  },
  tr: {
    direction: 'ltr',
    subject: 'Bir randevu boşaldı: {when}',
    lead: '"{type}" için bekleme listesindesiniz. Bu saat boşaldı: {when}.',
    held: 'Bu randevuyu {until} saatine kadar sizin için tutuyoruz. Lütfen kabul edin ya da reddedin; sonrasında bekleme listesindeki bir sonraki kişiye geçer.',
    sms: 'Bir randevu boşaldı: {when}. {until} saatine kadar sizin için ayrıldı:',
    open: 'Randevuyu görün ve kabul edin',
    office: 'Danışma merkezi: {office}',
    noReply: 'Lütfen bu mesajı yanıtlamayın.',
    privacyNotice: '{office} gizlilik bildirimi',
  },
  uk: {
    direction: 'ltr',
    subject: 'Звільнився час прийому: {when}',
    lead: 'Ви в списку очікування на «{type}». Звільнився цей час: {when}.',
    held: 'Ми тримаємо його для вас до {until}. Будь ласка, прийміть або відхиліть його; після цього він перейде до наступної людини в списку очікування.',
    sms: 'Звільнився час прийому: {when}. Зарезервовано для вас до {until}:',
    open: 'Переглянути та прийняти час',
    office: 'Консультаційний центр: {office}',
    noReply: 'Будь ласка, не відповідайте на це повідомлення.',
    privacyNotice: 'Повідомлення про конфіденційність: {office}',
  },
};

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
  const t = TEXTS[language];
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
    direction: t.direction,
    subject,
    paragraphs,
    action: { label: t.open, href: input.link },
    notes,
    privacy: { label: fill(t.privacyNotice, values), href: input.privacyNotice },
    sms: fill(t.sms, values),
  });
}

/** Every language has the message with the same placeholders. */
export const WAITLIST_OFFER_TEXTS = TEXTS;
