// Machine-quality translation: to be reviewed by a native speaker before production use.
import type { NotificationTexts } from './types.js';

export const ar: NotificationTexts = {
  languageName: 'العربية',
  direction: 'rtl',
  machineTranslated: true,
  greeting: 'مرحبًا {name}،',
  confirmation: {
    subject: 'تم حجز موعدكم: {when}',
    lead: 'تم حجز موعدكم لاستشارة «{type}». يمكنكم إضافة الموعد إلى هاتفكم أو حاسوبكم من خلال ملف التقويم المرفق.',
    sms: 'تم حجز موعدكم «{type}» في {when}. يمكنكم إدارة الموعد هنا:',
  },
  reminder: {
    subject: 'تذكير: موعدكم في {when}',
    lead: 'نذكّركم بموعدكم لاستشارة «{type}». يُرجى الاستعداد قبل الموعد ببضع دقائق، في مكان هادئ.',
    sms: 'تذكير: موعدكم «{type}» في {when}. انضموا من هنا:',
  },
  rescheduled: {
    subject: 'الوقت الجديد لموعدكم: {when}',
    lead: 'تم تغيير وقت موعدكم لاستشارة «{type}». الوقت الجديد مذكور أدناه. الوقت القديم لم يعد صالحًا.',
    sms: 'تم نقل موعدكم «{type}» إلى {when}. التفاصيل:',
  },
  cancelled: {
    subject: 'تم إلغاء موعدكم في {when}',
    lead: 'تم إلغاء موعدكم لاستشارة «{type}». يمكنكم حجز موعد جديد في أي وقت.',
    sms: 'تم إلغاء موعدكم «{type}» في {when}. لحجز موعد جديد:',
  },
  labels: {
    when: 'التاريخ والوقت',
    consultation: 'الاستشارة',
    counsellor: 'المستشار/المستشارة',
    channelVideo: 'مكالمة فيديو',
    channelAudio: 'مكالمة صوتية',
    channelPhone: 'مكالمة هاتفية',
    timeZoneNote: 'الأوقات معروضة حسب المنطقة الزمنية {zone}.',
  },
  actions: {
    manage: 'عرض موعدكم أو تغييره أو إلغاؤه',
    join: 'الانضمام إلى المكالمة',
    joinHint: 'تُفتح المكالمة قبل {minutes} دقيقة من بدء الموعد. استخدموا الرابط نفسه للانضمام.',
    bookAgain: 'حجز موعد جديد',
  },
  calendar: {
    summary: 'استشارة: {type}',
    description:
      'موعد الاستشارة الخاص بكم. للانضمام إلى الموعد أو تغييره أو إلغائه استخدموا الرابط الموجود في رسالتنا إليكم. صفحة الحجز لدى مكتب الاستشارة: {page}',
    cancelled:
      'تم إلغاء موعد الاستشارة هذا. يمكنكم حجز موعد جديد على صفحة الحجز لدى مكتب الاستشارة: {page}',
  },
  footer: {
    privacy:
      'نحتفظ فقط بما يلزم لموعدكم، ونحذف بياناتكم بعد {days} يومًا من الموعد. يُرجى عدم إرسال المستندات بالبريد الإلكتروني.',
    noReply: 'تم إرسال هذه الرسالة تلقائيًا. لا تتم قراءة الردود.',
  },
};
