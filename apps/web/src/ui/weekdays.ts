import { useTranslation } from 'react-i18next';

/** ISO weekdays 1 (Monday) … 7 (Sunday), named in the UI language. */
export function useWeekdays(): { iso: number; long: string; short: string }[] {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'fa' ? 'fa-IR-u-ca-gregory' : i18n.language;
  const long = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  const short = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
  // 2024-01-01 was a Monday.
  return [1, 2, 3, 4, 5, 6, 7].map((iso) => {
    const day = new Date(Date.UTC(2024, 0, iso));
    return { iso, long: long.format(day), short: short.format(day) };
  });
}
