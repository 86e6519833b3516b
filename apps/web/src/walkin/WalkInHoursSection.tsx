import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { request } from '../api/client';
import { textIn, type PublicWalkInHour } from './logic';
import { HourStatus } from './WalkInPage';
import './walkin.css';

/** An office's walk-in hours on its page: open now or next, each with its own page. */
export function WalkInHoursSection({ office }: { office: string }) {
  const hours = useQuery({
    queryKey: ['walk-in', 'hours', office],
    queryFn: ({ signal }) =>
      request<PublicWalkInHour[]>('/api/public/walk-in', { query: { office }, signal }),
    staleTime: 60_000,
  });
  // Nothing to say without walk-in hours (or when the list cannot be read: booking still works).
  if (!hours.data || hours.data.length === 0) return null;
  return <WalkInHoursList hours={hours.data} />;
}

function WalkInHoursList({ hours }: { hours: PublicWalkInHour[] }) {
  // Its texts load beside the booking page instead of suspending it: the section appears when
  // they are there, and the page does not flash a loading state for it.
  const { t, i18n, ready } = useTranslation('walkin', { useSuspense: false });
  if (!ready) return null;
  return (
    <section className="card stack walk-in-hours" aria-labelledby="walk-in-hours-title">
      <h2 id="walk-in-hours-title">{t('office.title')}</h2>
      <p className="muted">{t('office.intro')}</p>
      <ul>
        {hours.map((hour) => (
          <li key={hour.id} className="stack">
            <Link to={`/walk-in/${hour.id}`}>
              <strong>{textIn(hour.name, i18n.language)}</strong>
            </Link>
            <HourStatus hour={hour} withBooking={false} />
          </li>
        ))}
      </ul>
    </section>
  );
}
