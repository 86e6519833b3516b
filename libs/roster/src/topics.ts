import { clientLanguageChain } from '@app/common';
import type { LocalizedText } from './roster.entities.js';

/**
 * The counselling topics. German and English are reviewed; the other languages are
 * machine-quality translations (marked "mt") awaiting review by native speakers.
 */
export const TOPICS: readonly { code: string; name: LocalizedText; mt: readonly string[] }[] = [
  {
    code: 'residence',
    name: {
      de: 'Aufenthalt und Visum',
      en: 'Residence and visa',
      ar: 'الإقامة والتأشيرة',
      fa: 'اقامت و ویزا',
      uk: 'Перебування та віза',
      ru: 'Пребывание и виза',
      tr: 'Oturum ve vize',
    },
    mt: ['ar', 'fa', 'uk', 'ru', 'tr'],
  },
  {
    code: 'work',
    name: {
      de: 'Arbeit und Anerkennung',
      en: 'Work and recognition of qualifications',
      ar: 'العمل والاعتراف بالمؤهلات',
      fa: 'کار و به رسمیت شناختن مدارک',
      uk: 'Робота та визнання кваліфікацій',
      ru: 'Работа и признание квалификаций',
      tr: 'Çalışma ve diploma denkliği',
    },
    mt: ['ar', 'fa', 'uk', 'ru', 'tr'],
  },
  {
    code: 'housing',
    name: {
      de: 'Wohnen',
      en: 'Housing',
      ar: 'السكن',
      fa: 'مسکن',
      uk: 'Житло',
      ru: 'Жильё',
      tr: 'Konut',
    },
    mt: ['ar', 'fa', 'uk', 'ru', 'tr'],
  },
  {
    code: 'health',
    name: {
      de: 'Gesundheit und Versicherung',
      en: 'Health and insurance',
      ar: 'الصحة والتأمين',
      fa: 'سلامت و بیمه',
      uk: 'Здоров’я та страхування',
      ru: 'Здоровье и страхование',
      tr: 'Sağlık ve sigorta',
    },
    mt: ['ar', 'fa', 'uk', 'ru', 'tr'],
  },
  {
    code: 'family',
    name: {
      de: 'Familie und Kinder',
      en: 'Family and children',
      ar: 'الأسرة والأطفال',
      fa: 'خانواده و کودکان',
      uk: 'Сім’я та діти',
      ru: 'Семья и дети',
      tr: 'Aile ve çocuklar',
    },
    mt: ['ar', 'fa', 'uk', 'ru', 'tr'],
  },
  {
    code: 'language',
    name: {
      de: 'Deutschkurse und Bildung',
      en: 'German courses and education',
      ar: 'دورات اللغة الألمانية والتعليم',
      fa: 'کلاس‌های زبان آلمانی و آموزش',
      uk: 'Курси німецької та освіта',
      ru: 'Курсы немецкого и образование',
      tr: 'Almanca kursları ve eğitim',
    },
    mt: ['ar', 'fa', 'uk', 'ru', 'tr'],
  },
  {
    code: 'benefits',
    name: {
      de: 'Sozialleistungen',
      en: 'Social benefits',
      ar: 'المساعدات الاجتماعية',
      fa: 'کمک‌های اجتماعی',
      uk: 'Соціальні виплати',
      ru: 'Социальные пособия',
      tr: 'Sosyal yardımlar',
    },
    mt: ['ar', 'fa', 'uk', 'ru', 'tr'],
  },
  {
    code: 'general',
    name: {
      de: 'Allgemeine Orientierung',
      en: 'General orientation',
      ar: 'توجيه عام',
      fa: 'راهنمایی عمومی',
      uk: 'Загальна орієнтація',
      ru: 'Общая ориентация',
      tr: 'Genel yönlendirme',
    },
    mt: ['ar', 'fa', 'uk', 'ru', 'tr'],
  },
];

export const TOPIC_CODES: readonly string[] = TOPICS.map((topic) => topic.code);

/** The text in the requested language, else English, else German, else any. */
export function localize(text: LocalizedText, language: string): string {
  const found = clientLanguageChain(language).find((code) => text[code]);
  return (found && text[found]) ?? text.de ?? Object.values(text)[0] ?? '';
}
