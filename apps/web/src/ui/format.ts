import { DateTime } from 'luxon';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Dates and times in the user's language. Persian is shown in the Gregorian calendar (the calendar of
 * the appointment letters and of German offices), in Persian digits; the same for every locale.
 */
export function localeOf(language: string): string {
  return language === 'fa' ? 'fa-IR-u-ca-gregory' : language;
}

export function inZone(iso: string, zone: string, language: string): DateTime {
  return DateTime.fromISO(iso, { zone }).setLocale(localeOf(language)).reconfigure({
    outputCalendar: 'gregory',
  });
}

export interface Formatters {
  /** "Dienstag, 1. Dezember 2026" */
  date(iso: string, zone: string): string;
  /** "Di., 1. Dez." */
  shortDate(iso: string, zone: string): string;
  /** "10:30" (12- or 24-hour as the locale does it) */
  time(iso: string, zone: string): string;
  /** "Dienstag, 1. Dezember 2026, 10:30" */
  dateTime(iso: string, zone: string): string;
  /** "Europe/Berlin (UTC+1)", for the zone line under a time */
  zone(zone: string, at?: string): string;
  /** A calendar date without a time ("2026-12-01" → "Di., 1. Dez. 2026") */
  day(isoDate: string): string;
}

export function formatters(language: string): Formatters {
  return {
    date: (iso, zone) => inZone(iso, zone, language).toLocaleString(DateTime.DATE_HUGE),
    shortDate: (iso, zone) =>
      inZone(iso, zone, language).toLocaleString({
        weekday: 'short',
        day: 'numeric',
        month: 'short',
      }),
    time: (iso, zone) => inZone(iso, zone, language).toLocaleString(DateTime.TIME_SIMPLE),
    dateTime: (iso, zone) =>
      inZone(iso, zone, language).toLocaleString({
        ...DateTime.DATE_HUGE,
        ...DateTime.TIME_SIMPLE,
      }),
    day: (isoDate) =>
      DateTime.fromISO(isoDate)
        .setLocale(localeOf(language))
        .reconfigure({ outputCalendar: 'gregory' })
        .toLocaleString({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }),
    zone: (zone, at) => {
      const moment = at ? DateTime.fromISO(at, { zone }) : DateTime.now().setZone(zone);
      return `${zone.replaceAll('_', ' ')} (UTC${moment.toFormat('ZZ')})`;
    },
  };
}

export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  return useMemo(() => formatters(i18n.language), [i18n.language]);
}

/** The browser's IANA zone (a phone abroad reports its own). */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'Europe/Berlin';
}

export function useNumber(): (value: number) => string {
  const { i18n } = useTranslation();
  return useCallback(
    (value: number) => new Intl.NumberFormat(localeOf(i18n.language)).format(value),
    [i18n.language],
  );
}
