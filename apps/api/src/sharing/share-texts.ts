import type { ShareLanguage } from './share-links.js';

/**
 * The texts of link previews and posters, rendered by the server (a crawler runs no JavaScript, and
 * a poster is printed). German and English are reviewed; the others (Dari, Pashto, Tigrinya,
 * Kurmanji, French and Leichte Sprache too) are machine-quality translations awaiting review by
 * native speakers, like the topic names.
 */
export interface ShareTexts {
  /** The headline of the office's card and poster. */
  headline: string;
  office: (office: string) => string;
  type: (type: string, office: string) => string;
  walkIn: (office: string) => string;
  scan: string;
  languages: string;
  walkInHours: string;
  orVisit: string;
}

export const SHARE_TEXTS: Record<ShareLanguage, ShareTexts> = {
  de: {
    headline: 'Kostenlose Beratung für Neuzugewanderte – online, in Ihrer Sprache',
    office: (office) =>
      `Buchen Sie online einen Termin bei ${office}: per Video, Audio oder Telefon, in Ihrer Sprache.`,
    type: (type, office) => `${type} bei ${office}: jetzt online einen Termin buchen.`,
    walkIn: (office) =>
      `Offene Online-Sprechstunde von ${office}: Nummer ziehen und bequem von zu Hause warten.`,
    scan: 'Code scannen und Termin buchen',
    languages: 'Wir beraten auf',
    walkInHours: 'Offene Online-Sprechstunden',
    orVisit: 'Oder im Browser öffnen:',
  },
  en: {
    headline: 'Free counselling for newcomers – online, in your language',
    office: (office) =>
      `Book an appointment with ${office} online: by video, audio or phone, in your language.`,
    type: (type, office) => `${type} at ${office}: book an appointment online now.`,
    walkIn: (office) =>
      `Online walk-in hour of ${office}: take a number and wait comfortably at home.`,
    scan: 'Scan the code to book an appointment',
    languages: 'We counsel in',
    walkInHours: 'Online walk-in hours',
    orVisit: 'Or open in your browser:',
  },
  ar: {
    headline: 'استشارة مجانية للقادمين الجدد – عبر الإنترنت وبلغتك',
    office: (office) =>
      `احجز موعدًا لدى ${office} عبر الإنترنت: بالفيديو أو الصوت أو الهاتف، وبلغتك.`,
    type: (type, office) => `${type} لدى ${office}: احجز موعدًا عبر الإنترنت الآن.`,
    walkIn: (office) => `ساعة استشارة مفتوحة عبر الإنترنت لدى ${office}: خذ رقمًا وانتظر في منزلك.`,
    scan: 'امسح الرمز لحجز موعد',
    languages: 'نقدم الاستشارة باللغات',
    walkInHours: 'ساعات الاستشارة المفتوحة عبر الإنترنت',
    orVisit: 'أو افتح الرابط في المتصفح:',
  },
  fa: {
    headline: 'مشاوره رایگان برای تازه‌واردان – آنلاین و به زبان شما',
    office: (office) =>
      `نوبت خود را نزد ${office} آنلاین رزرو کنید: با تصویر، صدا یا تلفن، به زبان شما.`,
    type: (type, office) => `${type} نزد ${office}: همین حالا آنلاین نوبت بگیرید.`,
    walkIn: (office) => `ساعت مشاوره آزاد آنلاین ${office}: شماره بگیرید و در خانه منتظر بمانید.`,
    scan: 'برای رزرو نوبت، کد را اسکن کنید',
    languages: 'زبان‌های مشاوره',
    walkInHours: 'ساعت‌های مشاوره آزاد آنلاین',
    orVisit: 'یا در مرورگر باز کنید:',
  },
  uk: {
    headline: 'Безкоштовні консультації для новоприбулих – онлайн, вашою мовою',
    office: (office) =>
      `Запишіться онлайн на консультацію до ${office}: відео, аудіо або телефоном, вашою мовою.`,
    type: (type, office) => `${type} у ${office}: запишіться онлайн вже зараз.`,
    walkIn: (office) => `Відкриті онлайн-години ${office}: візьміть номер і чекайте зручно вдома.`,
    scan: 'Скануйте код, щоб записатися',
    languages: 'Ми консультуємо мовами',
    walkInHours: 'Відкриті онлайн-години',
    orVisit: 'Або відкрийте в браузері:',
  },
  ru: {
    headline: 'Бесплатные консультации для новоприбывших – онлайн, на вашем языке',
    office: (office) =>
      `Запишитесь онлайн на консультацию в ${office}: видео, аудио или по телефону, на вашем языке.`,
    type: (type, office) => `${type} в ${office}: запишитесь онлайн прямо сейчас.`,
    walkIn: (office) => `Открытые онлайн-часы ${office}: возьмите номер и ждите удобно дома.`,
    scan: 'Отсканируйте код, чтобы записаться',
    languages: 'Мы консультируем на языках',
    walkInHours: 'Открытые онлайн-часы',
    orVisit: 'Или откройте в браузере:',
  },
  tr: {
    headline: 'Yeni gelenler için ücretsiz danışmanlık – çevrimiçi, kendi dilinizde',
    office: (office) =>
      `${office} ile çevrimiçi randevu alın: görüntülü, sesli veya telefonla, kendi dilinizde.`,
    type: (type, office) => `${office} – ${type}: hemen çevrimiçi randevu alın.`,
    walkIn: (office) =>
      `${office} çevrimiçi açık danışma saati: numara alın ve evinizde rahatça bekleyin.`,
    scan: 'Randevu almak için kodu tarayın',
    languages: 'Danışmanlık dilleri',
    walkInHours: 'Çevrimiçi açık danışma saatleri',
    orVisit: 'Veya tarayıcıda açın:',
  },
  prs: {
    headline: 'مشورهٔ رایگان برای تازه‌واردان – آنلاین و به زبان شما',
    office: (office) =>
      `وقت ملاقات خود را نزد ${office} آنلاین بگیرید: با ویدیو، صدا یا تیلفون، به زبان شما.`,
    type: (type, office) => `${type} نزد ${office}: همین حالا آنلاین وقت بگیرید.`,
    walkIn: (office) => `ساعت مشورهٔ باز آنلاین ${office}: شماره بگیرید و در خانه منتظر بمانید.`,
    scan: 'برای گرفتن وقت ملاقات، کد را اسکن کنید',
    languages: 'زبان‌های مشوره',
    walkInHours: 'ساعت‌های مشورهٔ باز آنلاین',
    orVisit: 'یا در براوزر باز کنید:',
  },
  ps: {
    headline: 'نوو راغلو کسانو ته وړیا مشوره – آنلاین او په خپله ژبه',
    office: (office) =>
      `له ${office} سره آنلاین وخت ونیسئ: د ویډیو، غږ یا ټیلیفون له لارې، په خپله ژبه.`,
    type: (type, office) => `${type} په ${office} کې: همدا اوس آنلاین وخت ونیسئ.`,
    walkIn: (office) =>
      `د ${office} آنلاین خلاصه مشوره: شمېره واخلئ او په کور کې په آرامۍ انتظار وکړئ.`,
    scan: 'د وخت نیولو لپاره کوډ سکن کړئ',
    languages: 'د مشورې ژبې',
    walkInHours: 'د آنلاین خلاصې مشورې ساعتونه',
    orVisit: 'یا یې په براوزر کې پرانیزئ:',
  },
  ti: {
    headline: 'ንሓደስቲ መጻእተኛታት ብናጻ ምኽሪ – ብኦንላይን፣ ብቋንቋኹም',
    office: (office) => `ምስ ${office} ብኦንላይን ቆጸራ ሓዙ: ብቪድዮ፣ ብድምጺ ወይ ብተሌፎን፣ ብቋንቋኹም።`,
    type: (type, office) => `${type} ኣብ ${office}: ሕጂ ብኦንላይን ቆጸራ ሓዙ።`,
    walkIn: (office) => `ክፉት ሰዓት ምኽሪ ብኦንላይን ናይ ${office}: ቁጽሪ ውሰዱ እሞ ኣብ ገዛኹም ብምቾት ተጸበዩ።`,
    scan: 'ቆጸራ ንምሓዝ እቲ ኮድ ስኻን ግበሩ',
    languages: 'ብዚ ቋንቋታት ንመኽር',
    walkInHours: 'ክፉት ሰዓታት ምኽሪ ብኦንላይን',
    orVisit: 'ወይ ኣብ መርበብ ሓበሬታ ክፈቱ:',
  },
  kmr: {
    headline: 'Şêwirdariya belaş ji bo kesên nû hatine – serhêl, bi zimanê we',
    office: (office) =>
      `Bi ${office} re serhêl randevûyekê bigirin: bi vîdyo, deng an têlefonê, bi zimanê xwe.`,
    type: (type, office) => `${type} li ${office}: niha serhêl randevûyekê bigirin.`,
    walkIn: (office) =>
      `Demjimêra şêwirdariya vekirî ya serhêl a ${office}: hejmarekê bigirin û li malê bi rehetî bisekinin.`,
    scan: 'Ji bo randevûyê kodê bişopînin',
    languages: 'Em bi van zimanan şêwirdariyê didin',
    walkInHours: 'Demjimêrên şêwirdariya vekirî ya serhêl',
    orVisit: 'An jî di gerokê de vekin:',
  },
  fr: {
    headline: 'Conseil gratuit pour les nouveaux arrivants – en ligne, dans votre langue',
    office: (office) =>
      `Prenez rendez-vous en ligne avec ${office} : en vidéo, en audio ou par téléphone, dans votre langue.`,
    type: (type, office) => `${type} chez ${office} : prenez rendez-vous en ligne dès maintenant.`,
    walkIn: (office) =>
      `Permanence en ligne de ${office} : prenez un numéro et attendez tranquillement chez vous.`,
    scan: 'Scannez le code pour prendre rendez-vous',
    languages: 'Nous conseillons en',
    walkInHours: 'Permanences en ligne',
    orVisit: 'Ou ouvrez dans votre navigateur :',
  },
  'de-x-ls': {
    headline: 'Beratung für Menschen, die neu in Deutschland sind. Die Beratung kostet nichts.',
    office: (office) =>
      `Hier buchen Sie einen Termin bei ${office}. Das Gespräch ist per Video oder Telefon. Sie können Ihre Sprache sprechen.`,
    type: (type, office) => `${type} bei ${office}. Hier buchen Sie einen Termin.`,
    walkIn: (office) =>
      `Offene Sprechstunde von ${office}. Sie ziehen eine Nummer. Dann warten Sie zu Hause.`,
    scan: 'Scannen Sie den Code mit dem Handy. Dann buchen Sie einen Termin.',
    languages: 'Wir beraten in diesen Sprachen',
    walkInHours: 'Offene Sprechstunden im Internet',
    orVisit: 'Oder öffnen Sie diese Seite im Internet:',
  },
};

/** A language's own name ("العربية", "Українська"): posters list them for readers of each. */
export function endonym(code: string): string {
  try {
    const name = new Intl.DisplayNames([code], { type: 'language' }).of(code);
    return name ? name.charAt(0).toLocaleUpperCase(code) + name.slice(1) : code;
  } catch {
    return code;
  }
}
