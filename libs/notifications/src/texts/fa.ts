// Machine-quality translation: to be reviewed by a native speaker before production use.
import type { NotificationTexts } from './types.js';

export const fa: NotificationTexts = {
  languageName: 'فارسی',
  direction: 'rtl',
  machineTranslated: true,
  greeting: 'سلام {name}،',
  confirmation: {
    subject: 'نوبت شما ثبت شد: {when}',
    lead: 'نوبت شما برای مشاوره «{type}» ثبت شد. با فایل تقویم پیوست‌شده می‌توانید این نوبت را به گوشی یا کامپیوتر خود اضافه کنید.',
    sms: 'نوبت «{type}» شما برای {when} ثبت شد. نوبت خود را اینجا مدیریت کنید:',
  },
  reminder: {
    subject: 'یادآوری: نوبت شما در {when}',
    lead: 'این پیام برای یادآوری نوبت شما برای مشاوره «{type}» است. لطفاً چند دقیقه زودتر، در یک جای آرام، آماده باشید.',
    sms: 'یادآوری: نوبت «{type}» شما در {when} است. از اینجا وارد شوید:',
  },
  rescheduled: {
    subject: 'زمان جدید نوبت شما: {when}',
    lead: 'نوبت شما برای مشاوره «{type}» جابه‌جا شد. زمان جدید در پایین آمده است. زمان قبلی دیگر معتبر نیست.',
    sms: 'نوبت «{type}» شما به {when} منتقل شد. جزئیات:',
  },
  cancelled: {
    subject: 'نوبت شما در {when} لغو شد',
    lead: 'نوبت شما برای مشاوره «{type}» لغو شد. هر زمان که بخواهید، می‌توانید نوبت جدیدی بگیرید.',
    sms: 'نوبت «{type}» شما در {when} لغو شد. گرفتن نوبت جدید:',
  },
  labels: {
    when: 'زمان',
    consultation: 'مشاوره',
    counsellor: 'مشاور',
    channelVideo: 'تماس تصویری',
    channelAudio: 'تماس صوتی',
    channelPhone: 'تماس تلفنی',
    timeZoneNote: 'ساعت‌ها بر اساس منطقه زمانی {zone} نشان داده شده‌اند.',
  },
  actions: {
    manage: 'دیدن، جابه‌جا کردن یا لغو نوبت',
    join: 'ورود به تماس',
    joinHint: 'تماس {minutes} دقیقه پیش از شروع باز می‌شود. برای ورود از همان لینک استفاده کنید.',
    bookAgain: 'گرفتن نوبت جدید',
  },
  calendar: {
    summary: 'مشاوره: {type}',
    description:
      'نوبت مشاوره شما. برای ورود به تماس، جابه‌جایی یا لغو نوبت از لینکی استفاده کنید که در پیام ما برایتان آمده است. صفحهٔ رزرو دفتر مشاوره: {page}',
    cancelled:
      'این نوبت مشاوره لغو شده است. می‌توانید نوبت جدیدی در صفحهٔ رزرو دفتر مشاوره بگیرید: {page}',
  },
  footer: {
    privacy:
      'ما فقط اطلاعاتی را نگه می‌داریم که برای نوبت شما لازم است و {days} روز پس از نوبت، اطلاعات شما را پاک می‌کنیم. لطفاً مدارک را با ایمیل نفرستید.',
    noReply: 'این پیام به‌طور خودکار فرستاده شده است. پاسخ‌ها خوانده نمی‌شوند.',
  },
};
