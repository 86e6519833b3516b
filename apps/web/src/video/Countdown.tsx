import { DateTime } from 'luxon';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat, useNumber } from '../ui/format';

/** A new attempt at most this often, even if the phone's clock runs ahead of the server's. */
const MIN_RETRY_MS = 5_000;

/**
 * Time left until the room opens, ticking each second; calls onDone when it opens. The ticking
 * number is not announced (that would be every second); the opening time is said once.
 */
export function Countdown({
  opensAt,
  zone,
  onDone,
}: {
  opensAt: string;
  zone: string;
  onDone: () => void;
}) {
  const { t } = useTranslation('video');
  const format = useFormat();
  const number = useNumber();
  const target = DateTime.fromISO(opensAt);
  const [left, setLeft] = useState(() => Math.max(0, target.diffNow().as('seconds')));
  const done = useRef(onDone);
  useEffect(() => {
    done.current = onDone;
  }, [onDone]);
  useEffect(() => {
    const opens = DateTime.fromISO(opensAt);
    const started = Date.now();
    const timer = window.setInterval(() => {
      const seconds = Math.max(0, opens.diffNow().as('seconds'));
      setLeft(seconds);
      if (seconds <= 0 && Date.now() - started >= MIN_RETRY_MS) {
        window.clearInterval(timer);
        done.current();
      }
    }, 1000);
    return () => window.clearInterval(timer);
  }, [opensAt]);
  const total = Math.ceil(left);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (value: number) => number(value).padStart(2, number(0));
  const clock =
    hours > 0
      ? `${number(hours)}:${two(minutes)}:${two(seconds)}`
      : `${two(minutes)}:${two(seconds)}`;
  return (
    <div className="countdown">
      <p role="status">
        {t('early.opensAt', {
          time: total > 43_200 ? format.dateTime(opensAt, zone) : format.time(opensAt, zone),
        })}
      </p>
      <p className="countdown-clock" role="timer" aria-live="off">
        <span className="visually-hidden">{t('early.timeLeft')} </span>
        <span dir="ltr">{clock}</span>
      </p>
    </div>
  );
}
