import { FamilyMembersField, familyMembersOf } from './FamilyMembersField';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorCode, request } from '../api/client';
import { useOfficeZone } from '../api/office';
import type { PublicConsultationType, Slot } from '../api/types';
import { useSession } from '../auth/session';
import { contactProblem, normalisePhone } from '../booking/logic';
import { SlotPicker } from '../booking/SlotPicker';
import { ConfirmButton } from '../ui/ConfirmButton';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { useFormat } from '../ui/format';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { minutesSince, textIn } from '../walkin/logic';
import { useLanguageName } from '../walkin/useLanguageName';
import { useMe, type Counsellor } from './staffApi';
import {
  useDuty,
  useWalkInConsole,
  walkInKeys,
  type CalledTicket,
  type CallJoin,
  type ConsoleCall,
  type ConsoleSession,
  type DutyHour,
  type FollowUpRequest,
  type WalkInOutcome,
} from './walkInApi';

/** The time now, ticking every 15 seconds (waiting times count up). */
function useTick(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 15_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/**
 * The counsellor on duty: sign on for a walk-in hour, the live queue (number, language, topic,
 * waiting time; never contact data), "call next", the current call with its outcome, hand-over
 * and follow-up appointment.
 */
export function WalkInConsolePage() {
  const { t } = useTranslation('walkin');
  usePageTitle(t('console.title'));
  const me = useMe();
  if (me.isPending) return <Loading />;
  return (
    <div className="stack walk-in-console">
      <h1>{t('console.title')}</h1>
      <ErrorNotice error={me.error} />
      {me.data ? (
        <>
          <DutyList />
          <LiveConsole me={me.data} />
        </>
      ) : (
        <p className="notice notice-warning">{t('console.noProfile')}</p>
      )}
    </div>
  );
}

function DutyList() {
  const { t, i18n } = useTranslation('walkin');
  const { call } = useSession();
  const format = useFormat();
  const zone = useOfficeZone();
  const languageName = useLanguageName();
  const queryClient = useQueryClient();
  const duty = useDuty();
  const toggle = useMutation({
    mutationFn: (hour: DutyHour) =>
      call<void>(`/api/walk-in/hours/${hour.id}/${hour.signedOn ? 'sign-off' : 'sign-on'}`, {
        method: 'POST',
      }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: walkInKeys.duty }),
        queryClient.invalidateQueries({ queryKey: walkInKeys.console }),
      ]),
  });
  return (
    <section className="card stack" aria-labelledby="duty-heading">
      <h2 id="duty-heading">{t('console.hours')}</h2>
      {duty.isPending ? <Loading /> : null}
      <ErrorNotice error={duty.error} />
      {duty.data?.length === 0 ? <p>{t('console.noHours')}</p> : null}
      <ul className="plain-list stack">
        {(duty.data ?? []).map((hour) => {
          const name = textIn(hour.name, i18n.language);
          return (
            <li key={hour.id} className="waiting-item">
              <span>
                <strong>{name}</strong>{' '}
                <span className="muted">
                  {hour.languages.map(languageName).join(', ')} ·{' '}
                  {hour.open
                    ? t('console.openUntil', { time: format.time(hour.open.endsAt, zone) })
                    : hour.next
                      ? t('console.nextAt', {
                          when: `${format.shortDate(hour.next.startsAt, zone)} ${format.time(hour.next.startsAt, zone)}`,
                        })
                      : t('console.noNext')}
                </span>
                <br />
                <span className="muted">
                  {hour.onDuty.length > 0
                    ? t('console.onDuty', {
                        names: hour.onDuty.map((person) => person.displayName).join(', '),
                      })
                    : t('console.nobodyOnDuty')}
                </span>
              </span>
              {hour.open ? (
                <button
                  type="button"
                  className={`btn${hour.signedOn ? '' : ' btn-primary'}`}
                  disabled={toggle.isPending}
                  onClick={() => toggle.mutate(hour)}
                >
                  {hour.signedOn ? t('console.signOff', { name }) : t('console.signOn', { name })}
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
      <ErrorNotice error={toggle.error} />
    </section>
  );
}

function LiveConsole({ me }: { me: Counsellor }) {
  const { t } = useTranslation('walkin');
  const { call } = useSession();
  const queryClient = useQueryClient();
  const view = useWalkInConsole();
  const [nobody, setNobody] = useState(false);
  const callNext = useMutation({
    mutationFn: () => call<CalledTicket | null>('/api/walk-in/call-next', { method: 'POST' }),
    onSuccess: async (called) => {
      setNobody(!called);
      await queryClient.invalidateQueries({ queryKey: walkInKeys.console });
    },
  });
  if (view.isPending) return <Loading />;
  if (!view.data) return <ErrorNotice error={view.error} />;
  const { sessions, call: current } = view.data;
  const waiting = sessions.reduce(
    (sum, session) => sum + session.queue.filter((entry) => entry.status === 'waiting').length,
    0,
  );
  return (
    <>
      <section className="card stack" aria-labelledby="queue-heading">
        <h2 id="queue-heading">{t('console.queue')}</h2>
        <p role="status" aria-live="polite" className="waiting-summary">
          {sessions.length === 0
            ? t('console.notSignedOn')
            : t('console.waitingCount', { count: waiting })}
          {nobody && !current ? ` ${t('console.nobodyWaiting')}` : ''}
        </p>
        {sessions.length > 0 && !current ? (
          <p>
            <button
              type="button"
              className="btn btn-primary btn-large"
              disabled={callNext.isPending}
              onClick={() => callNext.mutate()}
            >
              {t('console.callNext')}
            </button>
          </p>
        ) : null}
        <ErrorNotice error={callNext.error} />
        {sessions.map((session) => (
          <SessionQueue key={session.sessionId} session={session} />
        ))}
      </section>
      {current ? <CurrentCall call={current} sessions={sessions} me={me} /> : null}
    </>
  );
}

function SessionQueue({ session }: { session: ConsoleSession }) {
  const { t, i18n } = useTranslation('walkin');
  const languageName = useLanguageName();
  const now = useTick();
  const topics = useTopicNames();
  const name = textIn(session.hourName, i18n.language);
  return (
    <div className="stack">
      <h3>{name}</h3>
      {session.queue.length === 0 ? (
        <p className="muted">{t('console.empty')}</p>
      ) : (
        <div className="table-wrap" role="region" aria-label={name} tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('console.number')}</th>
                <th scope="col">{t('console.language')}</th>
                <th scope="col">{t('console.topic')}</th>
                <th scope="col">{t('console.waitingFor')}</th>
                <th scope="col">{t('console.status')}</th>
              </tr>
            </thead>
            <tbody>
              {session.queue.map((entry) => (
                <tr key={entry.id}>
                  <td dir="ltr">
                    <strong>{entry.label}</strong>
                  </td>
                  <td>
                    {languageName(entry.language)}
                    {entry.interpreterLanguage
                      ? ` · ${t('console.withInterpreter', { language: languageName(entry.interpreterLanguage) })}`
                      : ''}
                  </td>
                  <td>{entry.topic ? (topics[entry.topic] ?? entry.topic) : '—'}</td>
                  <td>{t('console.minutes', { count: minutesSince(entry.queuedAt, now) })}</td>
                  <td>
                    {t(`console.statuses.${entry.status}`)}
                    {entry.handedToMe ? ` · ${t('console.handedToMe')}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {session.othersWaiting > 0 ? (
        <p className="muted">{t('console.othersWaiting', { count: session.othersWaiting })}</p>
      ) : null}
      {session.interpreters.length > 0 ? (
        <p className="muted">
          {t('console.interpretersOnDuty', {
            names: session.interpreters
              .map(
                (person) =>
                  `${person.displayName} (${person.languages.map(languageName).join(', ')}${
                    person.busy ? `; ${t('console.interpreterBusy')}` : ''
                  })`,
              )
              .join(' · '),
          })}
        </p>
      ) : null}
    </div>
  );
}

function useTopicNames(): Record<string, string> {
  const { i18n } = useTranslation();
  const topics = useQuery({
    queryKey: ['topics', i18n.language],
    queryFn: ({ signal }) =>
      request<{ code: string; name: string }[]>('/api/public/topics', {
        query: { language: i18n.language },
        signal,
      }),
    staleTime: 5 * 60_000,
  });
  return Object.fromEntries((topics.data ?? []).map((topic) => [topic.code, topic.name]));
}

/** My call: join it, record how it ended, hand it over, or book a follow-up. */
function CurrentCall({
  call: current,
  sessions,
  me,
}: {
  call: ConsoleCall;
  sessions: ConsoleSession[];
  me: Counsellor;
}) {
  const { t } = useTranslation('walkin');
  const { call } = useSession();
  const format = useFormat();
  const zone = useOfficeZone();
  const languageName = useLanguageName();
  const topics = useTopicNames();
  const queryClient = useQueryClient();
  const session =
    sessions.find((candidate) => candidate.queue.some((e) => e.id === current.ticketId)) ??
    sessions[0];
  const [phone, setPhone] = useState<CallJoin | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: walkInKeys.console });
  const joinPhone = useMutation({
    mutationFn: () =>
      call<CallJoin>(`/api/walk-in/tickets/${current.ticketId}/join`, { method: 'POST' }),
    onSuccess: setPhone,
  });
  const [family, setFamily] = useState('');
  const outcome = useMutation({
    mutationFn: (value: WalkInOutcome) =>
      call<void>(`/api/walk-in/tickets/${current.ticketId}/outcome`, {
        body: {
          outcome: value,
          ...(value === 'served' ? { accompanyingFamilyMembers: familyMembersOf(family) } : {}),
        },
      }),
    onSuccess: refresh,
  });
  const name = current.pseudonym ?? current.label;
  const colleagues = (session?.onDuty ?? []).filter(
    (person) => person.counsellorId !== me.id && person.languages.includes(current.language),
  );

  return (
    <section className="card stack waiting-panel-active" aria-labelledby="call-heading">
      <h2 id="call-heading">{t('console.callTitle', { label: current.label })}</h2>
      <p role="status" aria-live="polite">
        {current.status === 'called'
          ? t('console.called', { name, time: format.time(current.calledAt, zone) })
          : t('console.inCall', { name })}
      </p>
      <dl className="facts">
        <dt>{t('console.name')}</dt>
        <dd>{name}</dd>
        <dt>{t('console.language')}</dt>
        <dd>{languageName(current.language)}</dd>
        <dt>{t('console.topic')}</dt>
        <dd>{current.topic ? (topics[current.topic] ?? current.topic) : '—'}</dd>
        {current.interpreter ? (
          <>
            <dt>{t('console.interpreter')}</dt>
            <dd>
              {t('console.interpreterOf', {
                name: current.interpreter.name,
                language: languageName(current.interpreter.language),
              })}
            </dd>
          </>
        ) : null}
      </dl>
      <div className="row">
        {session?.channel === 'phone' ? (
          <button
            type="button"
            className="btn btn-primary"
            disabled={joinPhone.isPending}
            onClick={() => joinPhone.mutate()}
          >
            {t('console.showNumber')}
          </button>
        ) : (
          <Link className="btn btn-primary" to={`/staff/walk-in/call/${current.ticketId}`}>
            {t('console.join')}
          </Link>
        )}
      </div>
      {phone ? (
        <p className="notice" role="status">
          {phone.phone ? t('console.callNumber', { phone: phone.phone }) : t('console.noNumber')}
        </p>
      ) : null}
      <ErrorNotice error={joinPhone.error} />
      <fieldset>
        <legend>{t('console.outcome')}</legend>
        <FamilyMembersField value={family} onChange={setFamily} />
        <div className="row">
          <button
            type="button"
            className="btn btn-primary"
            disabled={outcome.isPending}
            onClick={() => outcome.mutate('served')}
          >
            {t('console.outcomes.served')}
          </button>
          <button
            type="button"
            className="btn"
            disabled={outcome.isPending}
            onClick={() => outcome.mutate('missed')}
          >
            {t('console.outcomes.missed')}
          </button>
          <ConfirmButton
            label={t('console.outcomes.left')}
            question={t('console.leftQuestion', { name })}
            disabled={outcome.isPending}
            onConfirm={() => outcome.mutate('left')}
            className="btn"
          />
        </div>
      </fieldset>
      <ErrorNotice error={outcome.error} />
      <HandOver ticketId={current.ticketId} colleagues={colleagues} onDone={refresh} />
      <FollowUp call={current} me={me} />
    </section>
  );
}

function HandOver({
  ticketId,
  colleagues,
  onDone,
}: {
  ticketId: string;
  colleagues: ConsoleSession['onDuty'];
  onDone: () => Promise<void>;
}) {
  const { t } = useTranslation('walkin');
  const { call } = useSession();
  const id = useId();
  const [colleague, setColleague] = useState('');
  const handOver = useMutation({
    mutationFn: () =>
      call<void>(`/api/walk-in/tickets/${ticketId}/hand-over`, {
        body: { counsellorId: colleague },
      }),
    onSuccess: onDone,
  });
  if (colleagues.length === 0) return <p className="muted">{t('console.noColleague')}</p>;
  return (
    <form
      className="row"
      onSubmit={(event) => {
        event.preventDefault();
        if (colleague) handOver.mutate();
      }}
    >
      <div className="field">
        <label htmlFor={id}>{t('console.handOverTo')}</label>
        <select id={id} value={colleague} onChange={(event) => setColleague(event.target.value)}>
          <option value="">{t('console.chooseColleague')}</option>
          {colleagues.map((person) => (
            <option key={person.counsellorId} value={person.counsellorId}>
              {person.displayName}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="btn" disabled={!colleague || handOver.isPending}>
        {t('console.handOver')}
      </button>
      <ErrorNotice error={handOver.error} />
    </form>
  );
}

/**
 * A follow-up appointment in one step: a type and a free time in the client's language (the
 * client's booking picker, as on "book for a client"), their consent; the confirmation goes to the ticket's contact or one
 * given here.
 */
function FollowUp({ call: current, me }: { call: ConsoleCall; me: Counsellor }) {
  const { t, i18n } = useTranslation('walkin');
  const { call, staff } = useSession();
  // A counsellor books into their own calendar; an admin's booking is assigned fairly.
  const counsellorId = staff?.role === 'admin' ? undefined : me.id;
  const format = useFormat();
  const officeZone = useOfficeZone();
  const [zone, setZone] = useState(officeZone);
  const ids = { type: useId() };
  const [open, setOpen] = useState(false);
  const [typeId, setTypeId] = useState('');
  const [slot, setSlot] = useState<Slot | null>(null);
  const [consent, setConsent] = useState(false);
  const [channel, setChannel] = useState<'email' | 'phone'>('email');
  const [contact, setContact] = useState('');
  const [booked, setBooked] = useState<string | null>(null);
  const types = useQuery({
    queryKey: ['consultation-types', i18n.language],
    queryFn: ({ signal }) =>
      request<PublicConsultationType[]>('/api/public/consultation-types', {
        query: { language: i18n.language },
        signal,
      }),
    staleTime: 5 * 60_000,
    enabled: open,
  });
  const book = useMutation({
    mutationFn: (body: FollowUpRequest) =>
      call<{ appointmentId: string }>(`/api/walk-in/tickets/${current.ticketId}/follow-up`, {
        body,
      }),
    onSuccess: () => setBooked(slot?.start ?? null),
  });
  const needsContact = errorCode(book.error) === 'contact_required';
  const contactError =
    contact.trim() !== '' && contactProblem(channel, contact)
      ? t(`take.errors.${channel}`)
      : undefined;

  if (!open) {
    return (
      <p>
        <button type="button" className="btn" onClick={() => setOpen(true)}>
          {t('followUp.open')}
        </button>
      </p>
    );
  }
  if (booked) {
    return (
      <p className="notice notice-success" role="status">
        {t('followUp.done', { when: format.dateTime(booked, zone) })}
      </p>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!slot || !consent || contactError) return;
    book.mutate({
      consultationTypeId: typeId,
      start: slot.start,
      clientConsent: true,
      contact:
        contact.trim() === ''
          ? undefined
          : { channel, value: channel === 'phone' ? normalisePhone(contact) : contact.trim() },
    });
  };
  return (
    <form className="stack" onSubmit={submit} aria-labelledby="follow-up-heading">
      <h3 id="follow-up-heading">{t('followUp.title')}</h3>
      <ErrorNotice error={types.error} />
      <div className="field">
        <label htmlFor={ids.type}>{t('followUp.type')}</label>
        <select
          id={ids.type}
          value={typeId}
          onChange={(event) => {
            setTypeId(event.target.value);
            setSlot(null);
          }}
        >
          <option value="">{t('followUp.chooseType')}</option>
          {(types.data ?? []).map((type) => (
            <option key={type.id} value={type.id}>
              {type.name} ({t(`channel.${type.channel}`)})
            </option>
          ))}
        </select>
      </div>
      {typeId ? (
        <SlotPicker
          consultationTypeId={typeId}
          counsellorLanguage={current.language}
          counsellorId={counsellorId}
          zone={zone}
          onZoneChange={(next) => {
            setZone(next);
            setSlot(null);
          }}
          selected={slot?.start ?? null}
          onSelect={setSlot}
        />
      ) : null}
      {slot ? (
        <p className="notice">
          {t('followUp.chosen', { when: format.dateTime(slot.start, zone) })}
        </p>
      ) : null}
      <fieldset>
        <legend>{t('followUp.contact')}</legend>
        <p className="field-hint">{t('followUp.contactHint')}</p>
        {(['email', 'phone'] as const).map((option) => (
          <label className="choice" key={option}>
            <input
              type="radio"
              name="follow-up-channel"
              checked={channel === option}
              onChange={() => setChannel(option)}
            />
            {t(`take.contactOptions.${option}`)}
          </label>
        ))}
      </fieldset>
      <Field
        label={channel === 'email' ? t('take.email') : t('take.phone')}
        error={contactError ?? (needsContact ? t('followUp.contactRequired') : undefined)}
      >
        <input
          type={channel === 'email' ? 'email' : 'tel'}
          dir="ltr"
          value={contact}
          onChange={(event) => setContact(event.target.value)}
        />
      </Field>
      <label className="choice">
        <input
          type="checkbox"
          checked={consent}
          onChange={(event) => setConsent(event.target.checked)}
        />
        {t('followUp.consent')}
      </label>
      {needsContact ? null : <ErrorNotice error={book.error} />}
      <div className="row">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={!slot || !consent || book.isPending}
        >
          {t('followUp.book')}
        </button>
        <button type="button" className="btn" onClick={() => setOpen(false)}>
          {t('followUp.cancel')}
        </button>
      </div>
    </form>
  );
}
