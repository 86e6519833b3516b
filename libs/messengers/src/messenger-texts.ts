/**
 * What Sprechstunde says in a messenger chat beyond the notifications themselves: the reply
 * buttons, the keyword hint, and its answers to what the client sends. Seven languages, as the
 * client pages and messages; {placeholders} are filled by `fill` of the notifications.
 */
export interface MessengerTexts {
  direction: 'ltr' | 'rtl';
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

const en: MessengerTexts = {
  direction: 'ltr',
  buttons: { confirm: 'I will come', cancel: 'Cancel', late: 'Running late', leave: 'Leave queue' },
  appointmentHint: 'Reply 1 = I will come · 2 = cancel · 3 = I am running late',
  ticketHint: 'Reply 2 = leave the queue',
  automatic: 'This is an automatic message.',
  officeLabel: 'Office',
  bound:
    'Done: you will get the messages about your appointment with {office} here. To change or cancel it, use your appointment page: {link}',
  boundTicket:
    'Done: we will tell you here when it is nearly the turn of number {label} and when it is your turn.',
  codeInvalid:
    'This link has expired or was used already. Please open your appointment page and tap "{channel}" again.',
  confirmed: 'Thank you! Your counsellor knows that you will come.',
  late: 'Thank you, we have told your counsellor that you are running late.',
  cancelled: 'Your appointment on {when} is cancelled. You will get a confirmation.',
  tooLate:
    'It is too late to cancel online. Please tell the office, or use your appointment page: {link}',
  notLive: 'This appointment is not active any more.',
  outdated:
    'This message is out of date: the appointment has changed. Please see your appointment page: {link}',
  left: 'You have left the queue. You can take a new number on the walk-in page at any time.',
  unknown:
    'This chat cannot read messages. To change or cancel your appointment, use your appointment page: {link}',
  stranger:
    'This is the Sprechstunde message service. To get messages here, open your appointment page and tap the messenger button.',
};

const de: MessengerTexts = {
  direction: 'ltr',
  buttons: {
    confirm: 'Ich komme',
    cancel: 'Absagen',
    late: 'Ich komme später',
    leave: 'Warteschlange verl.',
  },
  appointmentHint: 'Antworten Sie 1 = ich komme · 2 = absagen · 3 = ich komme später',
  ticketHint: 'Antworten Sie 2 = Warteschlange verlassen',
  automatic: 'Dies ist eine automatische Nachricht.',
  officeLabel: 'Beratungsstelle',
  bound:
    'Erledigt: Sie bekommen die Nachrichten zu Ihrem Termin bei {office} jetzt hier. Ändern oder absagen können Sie ihn auf Ihrer Terminseite: {link}',
  boundTicket:
    'Erledigt: Wir sagen Ihnen hier Bescheid, wenn Nummer {label} bald dran ist und wenn Sie dran sind.',
  codeInvalid:
    'Dieser Link ist abgelaufen oder wurde schon benutzt. Bitte öffnen Sie Ihre Terminseite und tippen Sie noch einmal auf „{channel}“.',
  confirmed: 'Danke! Ihre Beraterin oder Ihr Berater weiß, dass Sie kommen.',
  late: 'Danke, wir haben Ihrer Beraterin oder Ihrem Berater gesagt, dass Sie später kommen.',
  cancelled: 'Ihr Termin am {when} ist abgesagt. Sie bekommen eine Bestätigung.',
  tooLate:
    'Für eine Online-Absage ist es zu spät. Bitte sagen Sie der Beratungsstelle Bescheid, oder nutzen Sie Ihre Terminseite: {link}',
  notLive: 'Dieser Termin ist nicht mehr aktiv.',
  outdated:
    'Diese Nachricht ist veraltet: Der Termin hat sich geändert. Bitte sehen Sie auf Ihrer Terminseite nach: {link}',
  left: 'Sie haben die Warteschlange verlassen. Auf der Seite der offenen Sprechstunde können Sie jederzeit eine neue Nummer ziehen.',
  unknown:
    'Dieser Chat kann keine Nachrichten lesen. Ändern oder absagen können Sie Ihren Termin auf Ihrer Terminseite: {link}',
  stranger:
    'Das ist der Nachrichtendienst von Sprechstunde. Um hier Nachrichten zu bekommen, öffnen Sie Ihre Terminseite und tippen Sie auf den Messenger-Knopf.',
};

const ar: MessengerTexts = {
  direction: 'rtl',
  buttons: { confirm: 'سأحضر', cancel: 'إلغاء', late: 'سأتأخر', leave: 'مغادرة الطابور' },
  appointmentHint: 'أرسلوا 1 = سأحضر · 2 = إلغاء · 3 = سأتأخر',
  ticketHint: 'أرسلوا 2 = مغادرة الطابور',
  automatic: 'هذه رسالة آلية.',
  officeLabel: 'مركز الاستشارة',
  bound:
    'تم: ستصلكم رسائل موعدكم مع {office} هنا. لتغيير الموعد أو إلغائه استخدموا صفحة موعدكم: {link}',
  boundTicket: 'تم: سنخبركم هنا عندما يقترب دور الرقم {label} وعندما يحين دوركم.',
  codeInvalid:
    'انتهت صلاحية هذا الرابط أو استُخدم من قبل. يرجى فتح صفحة موعدكم والضغط على «{channel}» مرة أخرى.',
  confirmed: 'شكرًا لكم! يعلم المستشار أنكم ستحضرون.',
  late: 'شكرًا لكم، أخبرنا المستشار بأنكم ستتأخرون.',
  cancelled: 'تم إلغاء موعدكم في {when}. سيصلكم تأكيد بذلك.',
  tooLate:
    'فات وقت الإلغاء عبر الإنترنت. يرجى إبلاغ مركز الاستشارة، أو استخدام صفحة موعدكم: {link}',
  notLive: 'هذا الموعد لم يعد فعّالًا.',
  outdated: 'هذه الرسالة قديمة: لقد تغيّر الموعد. يرجى الاطلاع على صفحة موعدكم: {link}',
  left: 'لقد غادرتم الطابور. يمكنكم أخذ رقم جديد من صفحة الاستشارة المفتوحة في أي وقت.',
  unknown:
    'لا يمكن لهذه المحادثة قراءة الرسائل. لتغيير موعدكم أو إلغائه استخدموا صفحة موعدكم: {link}',
  stranger:
    'هذه خدمة رسائل «Sprechstunde». لتلقي الرسائل هنا افتحوا صفحة موعدكم واضغطوا على زر تطبيق المراسلة.',
};

const fa: MessengerTexts = {
  direction: 'rtl',
  buttons: { confirm: 'می‌آیم', cancel: 'لغو', late: 'دیرتر می‌رسم', leave: 'ترک صف' },
  appointmentHint: 'پاسخ دهید 1 = می‌آیم · 2 = لغو · 3 = دیرتر می‌رسم',
  ticketHint: 'پاسخ دهید 2 = ترک صف',
  automatic: 'این یک پیام خودکار است.',
  officeLabel: 'مرکز مشاوره',
  bound:
    'انجام شد: پیام‌های مربوط به وقت شما با {office} از این پس اینجا می‌آید. برای تغییر یا لغو وقت از صفحهٔ وقت خود استفاده کنید: {link}',
  boundTicket:
    'انجام شد: وقتی نوبت شمارهٔ {label} نزدیک شد و وقتی نوبت شما رسید، اینجا خبرتان می‌کنیم.',
  codeInvalid:
    'این پیوند منقضی شده یا قبلاً استفاده شده است. لطفاً صفحهٔ وقت خود را باز کنید و دوباره روی «{channel}» بزنید.',
  confirmed: 'سپاس! مشاور شما می‌داند که می‌آیید.',
  late: 'سپاس، به مشاور شما گفتیم که دیرتر می‌رسید.',
  cancelled: 'وقت شما در {when} لغو شد. تأییدیهٔ آن را دریافت خواهید کرد.',
  tooLate:
    'برای لغو آنلاین دیر شده است. لطفاً به مرکز مشاوره خبر دهید یا از صفحهٔ وقت خود استفاده کنید: {link}',
  notLive: 'این وقت دیگر فعال نیست.',
  outdated: 'این پیام قدیمی است: وقت شما تغییر کرده است. لطفاً صفحهٔ وقت خود را ببینید: {link}',
  left: 'شما صف را ترک کردید. هر زمان می‌توانید در صفحهٔ مشاورهٔ حضوری باز شمارهٔ تازه بگیرید.',
  unknown:
    'این گفت‌وگو نمی‌تواند پیام‌ها را بخواند. برای تغییر یا لغو وقت از صفحهٔ وقت خود استفاده کنید: {link}',
  stranger:
    'این سرویس پیام «Sprechstunde» است. برای دریافت پیام در اینجا، صفحهٔ وقت خود را باز کنید و روی دکمهٔ پیام‌رسان بزنید.',
};

const uk: MessengerTexts = {
  direction: 'ltr',
  buttons: {
    confirm: 'Я прийду',
    cancel: 'Скасувати',
    late: 'Я запізнюся',
    leave: 'Вийти з черги',
  },
  appointmentHint: 'Відповідайте 1 = я прийду · 2 = скасувати · 3 = я запізнюся',
  ticketHint: 'Відповідайте 2 = вийти з черги',
  automatic: 'Це автоматичне повідомлення.',
  officeLabel: 'Консультаційний центр',
  bound:
    'Готово: повідомлення про ваш запис до {office} тепер надходитимуть сюди. Змінити чи скасувати запис можна на сторінці запису: {link}',
  boundTicket:
    'Готово: ми повідомимо вас тут, коли номер {label} буде майже на черзі і коли настане ваша черга.',
  codeInvalid:
    'Термін дії цього посилання минув або його вже використано. Відкрийте сторінку запису та ще раз натисніть «{channel}».',
  confirmed: 'Дякуємо! Ваш консультант знає, що ви прийдете.',
  late: 'Дякуємо, ми повідомили вашого консультанта, що ви запізнюєтеся.',
  cancelled: 'Ваш запис на {when} скасовано. Ви отримаєте підтвердження.',
  tooLate:
    'Скасувати онлайн уже запізно. Будь ласка, повідомте консультаційний центр або скористайтеся сторінкою запису: {link}',
  notLive: 'Цей запис уже не активний.',
  outdated: 'Це повідомлення застаріло: запис змінився. Перегляньте сторінку запису: {link}',
  left: 'Ви вийшли з черги. Новий номер можна взяти на сторінці відкритої консультації будь-коли.',
  unknown:
    'Цей чат не читає повідомлень. Змінити чи скасувати запис можна на сторінці запису: {link}',
  stranger:
    'Це сервіс повідомлень Sprechstunde. Щоб отримувати повідомлення тут, відкрийте сторінку запису та натисніть кнопку месенджера.',
};

const ru: MessengerTexts = {
  direction: 'ltr',
  buttons: { confirm: 'Я приду', cancel: 'Отменить', late: 'Я опоздаю', leave: 'Выйти из очереди' },
  appointmentHint: 'Ответьте 1 = я приду · 2 = отменить · 3 = я опоздаю',
  ticketHint: 'Ответьте 2 = выйти из очереди',
  automatic: 'Это автоматическое сообщение.',
  officeLabel: 'Консультационный центр',
  bound:
    'Готово: сообщения о вашей записи в {office} теперь будут приходить сюда. Изменить или отменить запись можно на странице записи: {link}',
  boundTicket:
    'Готово: мы сообщим вам здесь, когда номер {label} будет почти на очереди и когда подойдёт ваша очередь.',
  codeInvalid:
    'Срок действия этой ссылки истёк или она уже использована. Откройте страницу записи и ещё раз нажмите «{channel}».',
  confirmed: 'Спасибо! Ваш консультант знает, что вы придёте.',
  late: 'Спасибо, мы сообщили вашему консультанту, что вы опаздываете.',
  cancelled: 'Ваша запись на {when} отменена. Вы получите подтверждение.',
  tooLate:
    'Отменить онлайн уже поздно. Пожалуйста, сообщите в консультационный центр или воспользуйтесь страницей записи: {link}',
  notLive: 'Эта запись больше не активна.',
  outdated: 'Это сообщение устарело: запись изменилась. Посмотрите страницу записи: {link}',
  left: 'Вы вышли из очереди. Новый номер можно взять на странице открытой консультации в любое время.',
  unknown:
    'Этот чат не читает сообщения. Изменить или отменить запись можно на странице записи: {link}',
  stranger:
    'Это сервис сообщений Sprechstunde. Чтобы получать сообщения здесь, откройте страницу записи и нажмите кнопку мессенджера.',
};

const tr: MessengerTexts = {
  direction: 'ltr',
  buttons: {
    confirm: 'Geleceğim',
    cancel: 'İptal et',
    late: 'Geç kalacağım',
    leave: 'Sıradan çık',
  },
  appointmentHint: 'Yanıtlayın 1 = geleceğim · 2 = iptal · 3 = geç kalacağım',
  ticketHint: 'Yanıtlayın 2 = sıradan çık',
  automatic: 'Bu otomatik bir mesajdır.',
  officeLabel: 'Danışma merkezi',
  bound:
    'Tamam: {office} ile randevunuzla ilgili mesajlar artık buraya gelecek. Randevuyu değiştirmek veya iptal etmek için randevu sayfanızı kullanın: {link}',
  boundTicket:
    'Tamam: {label} numarasının sırası yaklaştığında ve sıra size geldiğinde size buradan haber vereceğiz.',
  codeInvalid:
    'Bu bağlantının süresi doldu veya daha önce kullanıldı. Lütfen randevu sayfanızı açın ve “{channel}” düğmesine yeniden dokunun.',
  confirmed: 'Teşekkürler! Danışmanınız geleceğinizi biliyor.',
  late: 'Teşekkürler, danışmanınıza geç kalacağınızı bildirdik.',
  cancelled: '{when} tarihli randevunuz iptal edildi. Bir onay alacaksınız.',
  tooLate:
    'Çevrimiçi iptal için çok geç. Lütfen danışma merkezine haber verin veya randevu sayfanızı kullanın: {link}',
  notLive: 'Bu randevu artık etkin değil.',
  outdated: 'Bu mesaj eski: randevu değişti. Lütfen randevu sayfanıza bakın: {link}',
  left: 'Sıradan çıktınız. Açık danışma sayfasından istediğiniz zaman yeni numara alabilirsiniz.',
  unknown:
    'Bu sohbet mesajları okuyamaz. Randevunuzu değiştirmek veya iptal etmek için randevu sayfanızı kullanın: {link}',
  stranger:
    'Bu, Sprechstunde mesaj hizmetidir. Burada mesaj almak için randevu sayfanızı açın ve mesajlaşma düğmesine dokunun.',
};

export const MESSENGER_TEXTS = { de, en, ar, fa, uk, ru, tr } satisfies Record<
  string,
  MessengerTexts
>;
export type MessengerLanguage = keyof typeof MESSENGER_TEXTS;

/** The texts in the client's language, else English. */
export function messengerTexts(language: string | undefined): MessengerTexts {
  return MESSENGER_TEXTS[
    (language ?? '') in MESSENGER_TEXTS ? (language as MessengerLanguage) : 'en'
  ];
}

/** The language we answer in: the client's if we have texts in it, else English. */
export function messengerLanguage(language: string | undefined): MessengerLanguage {
  return (language ?? '') in MESSENGER_TEXTS ? (language as MessengerLanguage) : 'en';
}

/** How each messenger is named to clients ("Get messages in Telegram"). */
export const MESSENGER_LABELS = {
  telegram: 'Telegram',
  viber: 'Viber',
  whatsapp: 'WhatsApp',
} as const;
