import { DateTime } from 'luxon';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localeOf } from '../ui/format';

/** "in 2 days", "in 3 hours", "in 12 minutes": the largest unit that is at least 1. */
export function relativeParts(
  target: DateTime,
  now: DateTime,
): { value: number; unit: 'day' | 'hour' | 'minute' } {
  const minutes = Math.max(0, Math.ceil(target.diff(now, 'minutes').minutes));
  if (minutes >= 2 * 24 * 60) return { value: Math.floor(minutes / (24 * 60)), unit: 'day' };
  if (minutes >= 120) return { value: Math.floor(minutes / 60), unit: 'hour' };
  return { value: minutes, unit: 'minute' };
}

/** A live "starts in …" for a time in the future (updates every 30 s). */
export function Countdown({ to }: { to: string }) {
  const { i18n } = useTranslation();
  const [now, setNow] = useState(() => DateTime.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(DateTime.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const { value, unit } = relativeParts(DateTime.fromISO(to), now);
  const text = new Intl.RelativeTimeFormat(localeOf(i18n.language), { numeric: 'auto' }).format(
    value,
    unit,
  );
  return <span>{text}</span>;
}
