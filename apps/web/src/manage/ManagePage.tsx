import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { Fragment, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { download, errorCode, request } from '../api/client';
import type { ClientAppointment, RescheduleRequest, Slot } from '../api/types';
import { manageLink } from '../booking/logic';
import { SlotPicker } from '../booking/SlotPicker';
import { ConversationSection } from '../conversation/Conversation';
import { LanguageLabelText } from '../interpreter/InterpreterChoice';
import { languageLabel } from '../interpreter/languageNames';
import { ErrorNotice } from '../ui/ErrorNotice';
import { useFormat } from '../ui/format';
import { MessengerOptIn } from '../messengers/MessengerOptIn';
import { useMessengerBindings } from '../messengers/api';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { Countdown } from './Countdown';
import { useManageToken } from './useManageToken';

/** Offers a Blob as a file download. */
function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The page behind the manage link: see, move or cancel the appointment, join the call, own data. */
export default function ManagePage() {
  const { t } = useTranslation('manage');
  const { token, booked } = useManageToken();
  usePageTitle(booked ? t('booked.title') : t('title'));
  const queryClient = useQueryClient();
  const key = ['manage', token];
  const appointment = useQuery({
    queryKey: key,
    queryFn: ({ signal }) =>
      request<ClientAppointment>('/api/public/manage', { manageToken: token ?? '', signal }),
    enabled: token !== null,
  });
  // Asked for beside the appointment, so the messenger section does not appear a moment later.
  useMessengerBindings({ kind: 'appointment', manageToken: token ?? '' }, token !== null);
  const [erased, setErased] = useState(false);

  if (erased) {
    return (
      <section className="card narrow" aria-live="polite">
        <h1>{t('privacy.erasedTitle')}</h1>
        <p>{t('privacy.erasedText')}</p>
        <Link to="/" className="btn btn-primary">
          {t('bookNew')}
        </Link>
      </section>
    );
  }
  if (token === null) {
    return (
      <section className="card narrow">
        <h1>{t('invalid.title')}</h1>
        <p>{t('invalid.text')}</p>
        <Link to="/" className="btn btn-primary">
          {t('bookNew')}
        </Link>
      </section>
    );
  }
  if (appointment.isPending) return <Loading />;
  if (appointment.isError) {
    return (
      <section className="card narrow">
        <h1>{t('title')}</h1>
        <ErrorNotice error={appointment.error} overrides={{ 404: 'manage:invalid.text' }} />
        <Link to="/" className="btn">
          {t('bookNew')}
        </Link>
      </section>
    );
  }
  const a = appointment.data;
  return (
    <AppointmentView
      appointment={a}
      token={token}
      booked={booked}
      onChanged={(next) => queryClient.setQueryData(key, next)}
      onErased={() => {
        queryClient.removeQueries({ queryKey: key });
        setErased(true);
      }}
    />
  );
}

interface ViewProps {
  appointment: ClientAppointment;
  token: string;
  booked: boolean;
  onChanged: (next: ClientAppointment) => void;
  onErased: () => void;
}

function AppointmentView({ appointment: a, token, booked, onChanged, onErased }: ViewProps) {
  const { t, i18n } = useTranslation('manage');
  const format = useFormat();
  const [mode, setMode] = useState<'view' | 'reschedule' | 'cancel' | 'erase'>('view');
  const [zone, setZone] = useState(a.timeZone);
  const [slot, setSlot] = useState<Slot | null>(null);
  const [copied, setCopied] = useState(false);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  // After a move, the new time is announced where the focus lands, not only changed in place.
  const [movedTo, setMovedTo] = useState<ClientAppointment | null>(null);
  const movedNotice = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (!movedTo) return;
    movedNotice.current?.focus({ preventScroll: true });
    movedNotice.current?.scrollIntoView({ block: 'center' });
  }, [movedTo]);
  const link = manageLink(window.location.origin, token);
  const active = a.status === 'confirmed';
  const upcoming = DateTime.fromISO(a.end) > DateTime.now();
  const online = a.consultationType.channel !== 'phone';

  const reschedule = useMutation({
    mutationFn: (start: string) =>
      request<ClientAppointment>('/api/public/manage/reschedule', {
        manageToken: token,
        body: { start } satisfies RescheduleRequest,
      }),
    onSuccess: (next) => {
      onChanged(next);
      setMode('view');
      setSlot(null);
      setMovedTo(next);
    },
  });
  const cancel = useMutation({
    mutationFn: () =>
      request<ClientAppointment>('/api/public/manage/cancel', { manageToken: token, body: {} }),
    onSuccess: (next) => {
      onChanged(next);
      setMode('view');
    },
  });
  const erase = useMutation({
    mutationFn: () => request('/api/public/manage/erase', { manageToken: token, body: {} }),
    onSuccess: onErased,
  });

  const fetchFile = async (path: string, name: string) => {
    setDownloadError(null);
    try {
      saveFile(await download(path, { manageToken: token }), name);
    } catch (failure) {
      setDownloadError(failure);
    }
  };

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  const when = `${format.date(a.start, a.timeZone)}, ${format.time(a.start, a.timeZone)} – ${format.time(a.end, a.timeZone)}`;
  const officeContact = [a.office.contact.email, a.office.contact.phone].filter(Boolean);
  const bookingPage = `/o/${encodeURIComponent(a.office.slug)}`;

  return (
    <div className="manage stack">
      <section className="card">
        {booked && active ? (
          <p className="notice notice-success" role="status">
            {t('booked.lead')}
          </p>
        ) : null}
        <h1>{booked && active ? t('booked.title') : t('title')}</h1>
        <p className="office-name">{t('office.with', { office: a.office.name })}</p>
        {movedTo && movedTo.status === 'confirmed' ? (
          <p className="notice notice-success" role="status" tabIndex={-1} ref={movedNotice}>
            {t('change.moved', {
              when: `${format.date(movedTo.start, movedTo.timeZone)}, ${format.time(movedTo.start, movedTo.timeZone)}`,
            })}
          </p>
        ) : null}
        {a.status === 'cancelled' ? (
          <p className="notice notice-warning" role="status">
            {t('cancelled')}
          </p>
        ) : null}
        <dl className="facts">
          <dt>{t('facts.when')}</dt>
          <dd>
            {when}
            <br />
            <span className="muted">{format.zone(a.timeZone, a.start)}</span>
          </dd>
          <dt>{t('facts.what')}</dt>
          <dd>
            {a.consultationType.name} ({t(`common:channel.${a.consultationType.channel}`)},{' '}
            {t('facts.minutes', { minutes: a.consultationType.durationMinutes })})
          </dd>
          <dt>{t('facts.counsellor')}</dt>
          <dd>{a.counsellor.displayName}</dd>
          <dt>{t('facts.office')}</dt>
          <dd>
            <Link to={bookingPage}>{a.office.name}</Link>
            {officeContact.map((contact) => (
              <Fragment key={contact}>
                <br />
                <span dir="ltr" className="contact-value">
                  {contact}
                </span>
              </Fragment>
            ))}
          </dd>
          <dt>{t('facts.name')}</dt>
          <dd>{a.pseudonym}</dd>
          <dt>{t('facts.contact')}</dt>
          <dd dir="ltr" className="contact-value">
            {a.contact.value}
          </dd>
          {a.interpreter ? (
            <>
              <dt>{t('facts.interpreter')}</dt>
              <dd>
                <LanguageLabelText label={languageLabel(a.interpreter.language, i18n.language)} /> (
                {a.interpreter.name})
              </dd>
            </>
          ) : a.needsInterpreter ? (
            <>
              <dt>{t('facts.interpreter')}</dt>
              <dd>{t('facts.interpreterYes')}</dd>
            </>
          ) : null}
          <dt>{t('facts.status')}</dt>
          <dd>
            <span className="status">{t(`common:status.${a.status}`)}</span>
          </dd>
        </dl>
        {active && upcoming ? (
          <div className="row">
            <button
              type="button"
              className="btn"
              onClick={() => void fetchFile('/api/public/manage/calendar.ics', 'appointment.ics')}
            >
              {t('calendar')}
            </button>
          </div>
        ) : null}
        <ErrorNotice error={downloadError} />
      </section>

      {booked && active ? (
        <section className="card stack" aria-labelledby="link-title">
          <h2 id="link-title">{t('link.title')}</h2>
          {/* No SMS gateway: nothing will ever reach this client, so this page is their only copy. */}
          {a.messagesReachContact ? null : (
            <p className="notice notice-warning" id="no-messages">
              {t('link.noMessages')}
            </p>
          )}
          <p>{t('link.text')}</p>
          <div className="link-box">
            <label htmlFor="manage-link" className="visually-hidden">
              {t('link.label')}
            </label>
            <input id="manage-link" readOnly value={link} onFocus={(e) => e.target.select()} />
            <button type="button" className="btn" onClick={() => void copy()}>
              {t('link.copy')}
            </button>
          </div>
          {a.messagesReachContact ? null : (
            <div className="row">
              <button
                type="button"
                className="btn"
                aria-describedby="no-messages"
                onClick={() => void fetchFile('/api/public/manage/calendar.ics', 'appointment.ics')}
              >
                {t('calendar')}
              </button>
            </div>
          )}
          <p role="status" aria-live="polite" className="muted">
            {copied ? t('link.copied') : ''}
          </p>
          <h2>{t('next.title')}</h2>
          <ol className="next-steps">
            {a.messagesReachContact ? (
              <>
                <li>{t(`next.message.${a.contact.channel}`)}</li>
                <li>{t('next.reminders')}</li>
              </>
            ) : (
              <li>{t('next.noMessages')}</li>
            )}
            <li>{online ? t('next.join') : t('next.phone')}</li>
            {a.canChange ? (
              <li>{t('next.change', { until: format.dateTime(a.changeableUntil, a.timeZone) })}</li>
            ) : null}
          </ol>
        </section>
      ) : null}

      {active && upcoming ? (
        <MessengerOptIn owner={{ kind: 'appointment', manageToken: token }} />
      ) : null}

      {active && upcoming ? (
        <section className="card stack" aria-labelledby="call-title">
          <h2 id="call-title">{online ? t('call.title') : t('call.phoneTitle')}</h2>
          <p>
            {t('call.startsIn')} <Countdown to={a.start} />.
          </p>
          {online ? (
            <>
              <p>{t('call.text', { time: format.dateTime(a.joinOpensAt, a.timeZone) })}</p>
              <div className="row">
                <Link
                  to={`/manage/video#token=${encodeURIComponent(token)}`}
                  className="btn btn-primary btn-large"
                >
                  {t('call.join')}
                </Link>
              </div>
              <p className="muted">{t('call.check')}</p>
            </>
          ) : (
            <p>{t('call.phoneText')}</p>
          )}
        </section>
      ) : null}

      {/* The secure conversation with the counsellor (absent when the appointment has none). */}
      <ConversationSection kind="appointment" token={token} />

      {active && upcoming ? (
        <section className="card stack" aria-labelledby="change-title">
          <h2 id="change-title">{t('change.title')}</h2>
          {a.canChange ? (
            <p>{t('change.until', { until: format.dateTime(a.changeableUntil, a.timeZone) })}</p>
          ) : (
            <p className="notice">{t('change.tooLate')}</p>
          )}
          {a.canChange && mode === 'view' ? (
            <div className="row">
              <button
                type="button"
                className="btn"
                onClick={() => {
                  setMovedTo(null);
                  setMode('reschedule');
                }}
              >
                {t('change.reschedule')}
              </button>
              <button type="button" className="btn btn-danger" onClick={() => setMode('cancel')}>
                {t('change.cancel')}
              </button>
            </div>
          ) : null}
          {mode === 'reschedule' ? (
            <div className="stack">
              <h3>{t('change.rescheduleTitle')}</h3>
              {/* The same question the server asks on a reschedule: this type, only counsellors who
                  speak the conversation language asked for at booking, and this appointment's own
                  time free (a move may overlap it). */}
              <SlotPicker
                consultationTypeId={a.consultationType.id}
                counsellorLanguage={a.counsellorLanguage ?? undefined}
                interpreterLanguage={a.interpreter?.language}
                manageToken={token}
                zone={zone}
                onZoneChange={setZone}
                selected={slot?.start ?? null}
                onSelect={setSlot}
              />
              <ErrorNotice
                error={reschedule.error}
                overrides={{
                  409:
                    errorCode(reschedule.error) === 'interpreter_taken'
                      ? 'booking:interpreter.taken'
                      : 'booking:errors.taken',
                  422: 'manage:change.notPossible',
                }}
              />
              <div className="row">
                <button
                  type="button"
                  className="btn"
                  onClick={() => {
                    setMode('view');
                    reschedule.reset();
                  }}
                >
                  {t('common:actions.cancel')}
                </button>
                <button
                  type="button"
                  className="btn btn-primary"
                  disabled={!slot || reschedule.isPending}
                  onClick={() => slot && reschedule.mutate(slot.start)}
                >
                  {slot
                    ? t('change.moveTo', { when: format.dateTime(slot.start, zone) })
                    : t('change.pick')}
                </button>
              </div>
            </div>
          ) : null}
          {mode === 'cancel' ? (
            <div className="stack" role="group" aria-labelledby="cancel-question">
              <p id="cancel-question" className="notice notice-warning">
                {t('change.cancelQuestion')}
              </p>
              <ErrorNotice error={cancel.error} overrides={{ 422: 'manage:change.notPossible' }} />
              <div className="row">
                <button type="button" className="btn" onClick={() => setMode('view')}>
                  {t('change.keep')}
                </button>
                <button
                  type="button"
                  className="btn btn-danger"
                  disabled={cancel.isPending}
                  onClick={() => cancel.mutate()}
                >
                  {t('change.confirmCancel')}
                </button>
              </div>
            </div>
          ) : null}
        </section>
      ) : null}

      {a.status === 'cancelled' ? (
        <p>
          <Link to={bookingPage} className="btn btn-primary">
            {t('bookNew')}
          </Link>
        </p>
      ) : null}

      <section className="card stack" aria-labelledby="privacy-title">
        <h2 id="privacy-title">{t('privacy.title')}</h2>
        <p>
          {t('privacy.controller', { office: a.office.name })}{' '}
          <Link to={a.office.privacyNotice}>{t('privacy.notice', { office: a.office.name })}</Link>
        </p>
        <p>{t('privacy.text')}</p>
        <div className="row">
          <button
            type="button"
            className="btn"
            onClick={() => void fetchFile('/api/public/manage/export', 'sprechstunde-my-data.json')}
          >
            {t('privacy.export')}
          </button>
          {mode !== 'erase' ? (
            <button type="button" className="btn btn-danger" onClick={() => setMode('erase')}>
              {t('privacy.erase')}
            </button>
          ) : null}
        </div>
        {mode === 'erase' ? (
          <div className="stack" role="group" aria-labelledby="erase-question">
            <p id="erase-question" className="notice notice-warning">
              {t('privacy.eraseQuestion')}
            </p>
            <ErrorNotice error={erase.error} />
            <div className="row">
              <button type="button" className="btn" onClick={() => setMode('view')}>
                {t('change.keep')}
              </button>
              <button
                type="button"
                className="btn btn-danger"
                disabled={erase.isPending}
                onClick={() => erase.mutate()}
              >
                {t('privacy.confirmErase')}
              </button>
            </div>
          </div>
        ) : null}
      </section>
    </div>
  );
}
