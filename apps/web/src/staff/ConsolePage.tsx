import { FamilyMembersField, familyMembersOf } from './FamilyMembersField';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../auth/session';
import { AppointmentInterpreterText } from '../interpreter/AppointmentInterpreter';
import { ErrorNotice } from '../ui/ErrorNotice';
import { useFormat } from '../ui/format';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import {
  inJoinWindow,
  useAppointmentEvents,
  useMe,
  type ConversationSummary,
  type Counsellor,
  type Outcome,
  type StaffAppointment,
} from './staffApi';
import { useVideoAvailable, SwitchToPhone } from './SwitchToPhone';
import { CalendarFeedPanel } from './CalendarFeedPanel';
import { WaitingPanel } from './WaitingPanel';
import { useOfficeZone } from '../api/office';
import { AppointmentMessages, useConversationsByAppointment } from './messages/AppointmentMessages';

/** The current time, refreshed every 30 seconds (join buttons appear and disappear with it). */
function useNow(): DateTime {
  const [now, setNow] = useState(() => DateTime.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(DateTime.now()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

export function ConsolePage() {
  // The interpreter texts with the console's: no second loading pause inside the lists.
  const { t } = useTranslation(['staff', 'interpreter']);
  usePageTitle(t('console.title'));
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.isError) {
    return (
      <>
        <h1>{t('console.title')}</h1>
        <ErrorNotice error={me.error} />
      </>
    );
  }
  return <Console me={me.data} />;
}

function Console({ me }: { me: Counsellor | null }) {
  const { t } = useTranslation('staff');
  const { staff } = useSession();
  const format = useFormat();
  const officeZone = useOfficeZone();
  const zone = me?.timeZone ?? officeZone;
  const now = useNow();
  const today = now.setZone(zone).startOf('day');
  const weekStart = today.startOf('week');
  // The week shown below today's list: this one, or one the counsellor paged or jumped to (a
  // Monday in their zone, kept as a date so that it survives the clock's ticks).
  const [shownMonday, setShownMonday] = useState<string | null>(null);
  const shownStart = shownMonday ? DateTime.fromISO(shownMonday, { zone }) : weekStart;
  const isCurrentWeek = shownStart.hasSame(weekStart, 'day');
  const showWeekOf = (day: DateTime) => {
    const monday = day.setZone(zone, { keepLocalTime: true }).startOf('week');
    setShownMonday(monday.hasSame(weekStart, 'day') ? null : monday.toISODate());
  };
  const appointments = useWeek(weekStart, zone);
  const shown = useWeek(shownStart, zone);
  useAppointmentEvents();
  // Only a counsellor has conversations of their own (the API's rule too).
  const counsellor = staff?.role === 'counsellor';
  const conversations = useConversationsByAppointment(counsellor);
  const list = shown.list;
  const todays = appointments.list.filter((a) =>
    DateTime.fromISO(a.startsAt).setZone(zone).hasSame(today, 'day'),
  );

  return (
    <div className="staff-console">
      <h1>{t('console.title')}</h1>
      <p className="muted">
        {t('console.greeting', { name: me?.displayName ?? staff?.displayName ?? '' })}{' '}
        {t('zoneNote', { zone: format.zone(zone) })}
      </p>
      {me ? null : <p className="notice notice-warning">{t('console.noProfile')}</p>}
      <WaitingPanel zone={zone} />
      <section className="card" aria-labelledby="today-heading">
        <h2 id="today-heading">
          {t('console.today')}{' '}
          <span className="muted heading-date">{format.date(today.toISO() ?? '', zone)}</span>
        </h2>
        {appointments.query.isPending ? <Loading /> : null}
        <ErrorNotice error={appointments.query.error} />
        {appointments.query.isSuccess && todays.length === 0 ? (
          <p>{t('console.noneToday')}</p>
        ) : null}
        {todays.length > 0 ? (
          <ul className="appointment-cards">
            {todays.map((appointment) => (
              <li key={appointment.id}>
                <AppointmentCard
                  appointment={appointment}
                  zone={zone}
                  now={now}
                  withMessages={counsellor}
                  unread={conversations.get(appointment.id)?.unread ?? 0}
                />
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      <section className="card" aria-labelledby="week-heading">
        <h2 id="week-heading">
          {isCurrentWeek
            ? t('console.week')
            : t('agenda.weekOf', {
                from: format.shortDate(shownStart.toISO() ?? '', zone),
                to: format.shortDate(shownStart.plus({ days: 6 }).toISO() ?? '', zone),
              })}
        </h2>
        <div className="row agenda-pager">
          <button
            type="button"
            className="btn"
            onClick={() => showWeekOf(shownStart.minus({ weeks: 1 }))}
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
          <button
            type="button"
            className="btn"
            onClick={() => showWeekOf(shownStart.plus({ weeks: 1 }))}
          >
            {t('agenda.next')}
          </button>
          <label className="agenda-date">
            {t('agenda.date')}{' '}
            <input
              type="date"
              value={shownStart.toISODate() ?? ''}
              onChange={(event) => {
                const day = DateTime.fromISO(event.target.value, { zone });
                if (day.isValid) showWeekOf(day);
              }}
            />
          </label>
        </div>
        {shown.query.isPending ? <Loading /> : null}
        <ErrorNotice error={shown.query.error} />
        {shown.query.isSuccess && list.length === 0 ? (
          <p>{isCurrentWeek ? t('console.noneWeek') : t('agenda.none')}</p>
        ) : null}
        {list.length > 0 ? (
          <WeekTable list={list} zone={zone} conversations={conversations} />
        ) : null}
      </section>
      {me ? <CalendarFeedPanel zone={zone} /> : null}
    </div>
  );
}

/** A counsellor's appointments of the week starting at `monday` (in their zone), in time order. */
function useWeek(monday: DateTime, zone: string) {
  const { call } = useSession();
  const end = monday.plus({ days: 7 });
  // The API takes office (Berlin) days; one day more on each side covers any other zone.
  const from = monday.minus({ days: 1 }).toISODate() ?? '';
  const to = end.plus({ days: 1 }).toISODate() ?? '';
  const query = useQuery({
    queryKey: ['appointments', 'own', from, to],
    queryFn: () => call<StaffAppointment[]>('/api/appointments', { query: { from, to } }),
    refetchInterval: 60_000,
  });
  const list = (query.data ?? [])
    .filter((a) => {
      const start = DateTime.fromISO(a.startsAt).setZone(zone);
      return start >= monday && start < end;
    })
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return { query, list };
}

function AppointmentCard({
  appointment,
  zone,
  now,
  withMessages,
  unread,
}: {
  appointment: StaffAppointment;
  zone: string;
  now: DateTime;
  /** Whether the messages with the client are offered beside the appointment. */
  withMessages: boolean;
  /** Unread messages from the client. */
  unread: number;
}) {
  const { t } = useTranslation('staff');
  const common = useTranslation('common').t;
  const format = useFormat();
  const started = now >= DateTime.fromISO(appointment.startsAt);
  const videoAvailable = useVideoAvailable();
  const name = appointment.pseudonym ?? t('console.erased');
  return (
    <article className="appointment-card" aria-labelledby={`appt-${appointment.id}`}>
      <h3 id={`appt-${appointment.id}`}>
        {format.time(appointment.startsAt, zone)}–{format.time(appointment.endsAt, zone)}{' '}
        <span className="appointment-name">{name}</span>
      </h3>
      <dl className="facts">
        <div>
          <dt>{t('fields.type')}</dt>
          <dd>{appointment.consultationType.name}</dd>
        </div>
        <div>
          <dt>{t('fields.channel')}</dt>
          <dd>{common(`channel.${appointment.consultationType.channel}`)}</dd>
        </div>
        <div>
          <dt>{t('fields.language')}</dt>
          <dd>{languageName(appointment.language)}</dd>
        </div>
        <div>
          <dt>{t('fields.interpreter')}</dt>
          <dd>
            <AppointmentInterpreterText appointment={appointment} none={t('interpreter.no')} />
          </dd>
        </div>
        {contactNeeded(appointment) ? (
          <div>
            <dt>{t('fields.contact')}</dt>
            <dd className="break" dir="ltr">
              <a href={`tel:${appointment.contact.value}`}>{appointment.contact.value}</a>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t('fields.status')}</dt>
          <dd>
            <span className={`status status-${appointment.status}`}>
              {common(`status.${appointment.status}`)}
            </span>{' '}
            <ClientResponse appointment={appointment} zone={zone} />
          </dd>
        </div>
      </dl>
      {appointment.note ? (
        <p className="appointment-note">
          <strong>{t('fields.note')}:</strong> {appointment.note}
        </p>
      ) : null}
      <div className="row">
        {inJoinWindow(appointment, now) && videoAvailable !== false ? (
          <Link className="btn btn-primary btn-large" to={`/staff/video/${appointment.id}`}>
            {t('console.joinWith', { name })}
          </Link>
        ) : null}
        {videoAvailable === false &&
        appointment.status === 'confirmed' &&
        appointment.consultationType.channel !== 'phone' &&
        now < DateTime.fromISO(appointment.joinClosesAt) ? (
          <>
            <p className="notice">{t('video.notConfigured')}</p>
            <SwitchToPhone appointmentId={appointment.id} label={t('video.switchToPhone')} />
          </>
        ) : null}
      </div>
      {appointment.status === 'confirmed' && started ? (
        <OutcomeForm appointment={appointment} name={name} />
      ) : null}
      {/* Erased client data took the conversation with it. */}
      {withMessages && appointment.pseudonym ? (
        <AppointmentMessages appointmentId={appointment.id} unread={unread} zone={zone} />
      ) : null}
    </article>
  );
}

function OutcomeForm({ appointment, name }: { appointment: StaffAppointment; name: string }) {
  const { t } = useTranslation('staff');
  const { call } = useSession();
  const queryClient = useQueryClient();
  const [family, setFamily] = useState('');
  const record = useMutation({
    mutationFn: (outcome: Outcome) =>
      call<StaffAppointment>(`/api/appointments/${appointment.id}/outcome`, {
        method: 'POST',
        body: {
          outcome,
          ...(outcome === 'completed'
            ? { accompanyingFamilyMembers: familyMembersOf(family) }
            : {}),
        },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['appointments'] }),
  });
  return (
    <fieldset className="outcome">
      <legend>{t('outcome.legend', { name })}</legend>
      <FamilyMembersField value={family} onChange={setFamily} />
      <div className="row">
        <button
          type="button"
          className="btn"
          disabled={record.isPending}
          onClick={() => record.mutate('completed')}
        >
          {t('outcome.completed')}
        </button>
        <button
          type="button"
          className="btn btn-danger"
          disabled={record.isPending}
          onClick={() => record.mutate('no_show')}
        >
          {t('outcome.noShow')}
        </button>
      </div>
      <ErrorNotice error={record.error} />
    </fieldset>
  );
}

function WeekTable({
  list,
  zone,
  conversations,
}: {
  list: StaffAppointment[];
  zone: string;
  /** The inbox rows by appointment: an unread mark links to the conversation. */
  conversations: Map<string, ConversationSummary>;
}) {
  const { t } = useTranslation('staff');
  const common = useTranslation('common').t;
  const format = useFormat();
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="week-heading">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('fields.when')}</th>
            <th scope="col">{t('fields.client')}</th>
            <th scope="col">{t('fields.type')}</th>
            <th scope="col">{t('fields.channel')}</th>
            <th scope="col">{t('fields.language')}</th>
            <th scope="col">{t('fields.interpreter')}</th>
            <th scope="col">{t('fields.contact')}</th>
            <th scope="col">{t('fields.note')}</th>
            <th scope="col">{t('fields.status')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('change.title')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.map((a) => (
            <tr key={a.id}>
              <td className="nowrap">
                {format.shortDate(a.startsAt, zone)}, {format.time(a.startsAt, zone)}–
                {format.time(a.endsAt, zone)}
              </td>
              <td>
                {a.pseudonym ?? t('console.erased')}{' '}
                <UnreadLink summary={conversations.get(a.id)} name={a.pseudonym} />
              </td>
              <td>{a.consultationType.name}</td>
              <td>{common(`channel.${a.consultationType.channel}`)}</td>
              <td>{languageName(a.language)}</td>
              <td>
                <AppointmentInterpreterText appointment={a} none={t('interpreter.no')} />
              </td>
              <td className="nowrap" dir="ltr">
                {contactNeeded(a) ? a.contact.value : ''}
              </td>
              <td>{a.note ?? ''}</td>
              <td>
                <span className={`status status-${a.status}`}>{common(`status.${a.status}`)}</span>{' '}
                <ClientResponse appointment={a} zone={zone} />
              </td>
              <td className="nowrap">
                {a.status === 'confirmed' ? (
                  <Link
                    to={`/staff/appointments/${a.id}`}
                    aria-label={`${t('change.link')}: ${format.shortDate(a.startsAt, zone)} ${format.time(a.startsAt, zone)}`}
                  >
                    {t('change.link')}
                  </Link>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "2 unread" beside a client's name, leading to the conversation in the inbox. */
function UnreadLink({ summary, name }: { summary?: ConversationSummary; name: string | null }) {
  const { t } = useTranslation('staff');
  if (!summary || summary.unread === 0 || !name) return null;
  return (
    <Link
      to={`/staff/messages/${summary.id}`}
      className="count-badge"
      aria-label={t('messages.unreadFrom', { count: summary.unread, name })}
    >
      {t('messages.unread', { count: summary.unread })}
    </Link>
  );
}

/**
 * The client's answer to a reminder (by messenger or SMS): "confirmed by client" or "running late",
 * with the time they said so.
 */
function ClientResponse({ appointment, zone }: { appointment: StaffAppointment; zone: string }) {
  const { t } = useTranslation('staff');
  const format = useFormat();
  if (!appointment.clientResponse || appointment.status !== 'confirmed') return null;
  const at = appointment.clientResponseAt;
  // Usually today; an answer to the day-before reminder shows its day too.
  const time = at
    ? DateTime.fromISO(at).setZone(zone).hasSame(DateTime.now().setZone(zone), 'day')
      ? format.time(at, zone)
      : `${format.shortDate(at, zone)}, ${format.time(at, zone)}`
    : null;
  const label = t(`clientResponse.${appointment.clientResponse}`);
  return (
    <span className={`status client-response client-response-${appointment.clientResponse}`}>
      {time ? t('clientResponse.at', { answer: label, time }) : label}
    </span>
  );
}

/**
 * Whether the counsellor needs the client's contact at hand: for a phone consultation they call
 * the number; video and audio run in the app, so the contact stays out of sight there.
 */
function contactNeeded(
  a: StaffAppointment,
): a is StaffAppointment & { contact: { channel: 'phone'; value: string } } {
  return a.consultationType.channel === 'phone' && a.contact?.channel === 'phone';
}

/** "Ukrainisch (uk)" in the page's language. */
function languageName(code: string): string {
  try {
    const names = new Intl.DisplayNames([document.documentElement.lang || 'de'], {
      type: 'language',
    });
    return `${names.of(code) ?? code} (${code})`;
  } catch {
    return code;
  }
}
