import { DateTime } from 'luxon';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useOfficeZone } from '../api/office';
import { useMe } from '../staff/staffApi';
import { ErrorNotice } from '../ui/ErrorNotice';
import { useFormat } from '../ui/format';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { useAssignments, type InterpreterAssignment } from './api';
import { groupAssignmentsByDay, inJoinWindow } from './logic';
import { useSpokenLanguageName } from './languageNames';

function useNow(): DateTime {
  const [now, setNow] = useState(() => DateTime.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(DateTime.now()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/** The interpreter's agenda: a week of assignments by day, in their own time zone. */
export function AssignmentsPage() {
  const { t } = useTranslation('interpreter');
  usePageTitle(t('agenda.title'));
  const format = useFormat();
  const me = useMe();
  const officeZone = useOfficeZone();
  const zone = me.data?.timeZone ?? officeZone;
  const now = useNow();
  const thisMonday = now.setZone(zone).startOf('week');
  // A Monday in the interpreter's zone, kept as a date so it survives the clock's ticks.
  const [shownMonday, setShownMonday] = useState<string | null>(null);
  const monday = shownMonday ? DateTime.fromISO(shownMonday, { zone }) : thisMonday;
  const isCurrentWeek = monday.hasSame(thisMonday, 'day');
  const from = monday.toISODate() ?? '';
  const to = monday.plus({ days: 6 }).toISODate() ?? '';
  const assignments = useAssignments(from, to);
  const days = useMemo(
    () => groupAssignmentsByDay(assignments.data ?? [], zone),
    [assignments.data, zone],
  );
  const showWeek = (next: DateTime) => {
    const start = next.startOf('week');
    setShownMonday(start.hasSame(thisMonday, 'day') ? null : start.toISODate());
  };

  return (
    <div className="stack interpreter-agenda">
      <h1>{t('agenda.title')}</h1>
      <p className="muted">{t('agenda.zoneNote', { zone: format.zone(zone) })}</p>
      <section className="card stack" aria-labelledby="agenda-week">
        <h2 id="agenda-week">
          {t('agenda.week', {
            from: format.shortDate(monday.toISO() ?? '', zone),
            to: format.shortDate(monday.plus({ days: 6 }).toISO() ?? '', zone),
          })}
        </h2>
        <div className="row agenda-pager">
          <button
            type="button"
            className="btn"
            onClick={() => showWeek(monday.minus({ weeks: 1 }))}
          >
            {t('agenda.previous')}
          </button>
          <button
            type="button"
            className="btn"
            disabled={isCurrentWeek}
            onClick={() => setShownMonday(null)}
          >
            {t('agenda.current')}
          </button>
          <button type="button" className="btn" onClick={() => showWeek(monday.plus({ weeks: 1 }))}>
            {t('agenda.next')}
          </button>
        </div>
        {assignments.isPending ? <Loading /> : null}
        <ErrorNotice error={assignments.error} />
        {assignments.isSuccess && days.length === 0 ? <p>{t('agenda.none')}</p> : null}
        {days.map((day) => (
          <section key={day.date} className="stack" aria-labelledby={`day-${day.date}`}>
            <h3 id={`day-${day.date}`}>{format.day(day.date)}</h3>
            <ul className="appointment-cards">
              {day.assignments.map((assignment) => (
                <li key={assignment.id}>
                  <AssignmentCard assignment={assignment} zone={zone} now={now} />
                </li>
              ))}
            </ul>
          </section>
        ))}
      </section>
    </div>
  );
}

function AssignmentCard({
  assignment: a,
  zone,
  now,
}: {
  assignment: InterpreterAssignment;
  zone: string;
  now: DateTime;
}) {
  const { t } = useTranslation('interpreter');
  const common = useTranslation('common').t;
  const format = useFormat();
  const languageName = useSpokenLanguageName();
  const online = a.consultationType.channel !== 'phone';
  const open = inJoinWindow(a, now);
  const upcoming = a.status === 'confirmed' && DateTime.fromISO(a.joinClosesAt) > now;
  const heading = `assignment-${a.id}`;
  return (
    <article className="appointment-card" aria-labelledby={heading}>
      <h4 id={heading}>
        {format.time(a.start, zone)}–{format.time(a.end, zone)}{' '}
        <span className="appointment-name">{languageName(a.language)}</span>
      </h4>
      <dl className="facts">
        <div>
          <dt>{t('agenda.type')}</dt>
          <dd>{a.consultationType.name}</dd>
        </div>
        <div>
          <dt>{t('agenda.counsellor')}</dt>
          <dd>{a.counsellor.displayName}</dd>
        </div>
        {a.pseudonym ? (
          <div>
            <dt>{t('agenda.client')}</dt>
            <dd>{a.pseudonym}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('agenda.office')}</dt>
          <dd>{a.officeName}</dd>
        </div>
        <div>
          <dt>{t('agenda.channel')}</dt>
          <dd>{common(`channel.${a.consultationType.channel}`)}</dd>
        </div>
        <div>
          <dt>{t('agenda.status')}</dt>
          <dd>
            <span className={`status status-${a.status}`}>{common(`status.${a.status}`)}</span>
          </dd>
        </div>
      </dl>
      {online && upcoming ? (
        <div className="row">
          {open ? (
            <Link
              to={`/interpreter/call/${a.id}`}
              className="btn btn-primary"
              aria-label={t('agenda.joinOf', { time: format.time(a.start, zone) })}
            >
              {t('agenda.join')}
            </Link>
          ) : (
            <p className="muted">
              {t('agenda.joinOpens', { time: format.dateTime(a.joinOpensAt, zone) })}
            </p>
          )}
        </div>
      ) : null}
    </article>
  );
}
