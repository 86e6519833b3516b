import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, errorCode, request, type ApiErrorBody } from '../api/client';
import type { PublicTopic } from '../api/types';
import { NotFoundPage } from '../app/NotFoundPage';
import { contactProblem, normalisePhone } from '../booking/logic';
import { WalkInShareButtons } from '../share/WalkInShareButtons';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { browserZone, useFormat } from '../ui/format';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import {
  forgetTicket,
  isLive,
  REFUSALS,
  rememberTicket,
  rememberedTicket,
  textIn,
  type PublicWalkInHour,
  type TakeNumberRequest,
  type TakenTicket,
} from './logic';
import { fetchTicket, ticketKey } from './useLiveTicket';
import { useLanguageName } from './useLanguageName';

/**
 * One walk-in hour (its direct link, shared in social media or as a QR code): open now or when
 * next, how many wait, and the take-a-number form. A closed or full hour points to the next
 * session and the office's appointments: never a dead end.
 */
export function WalkInPage() {
  const { t, i18n } = useTranslation('walkin');
  const { hourId = '' } = useParams();
  const hour = useQuery({
    queryKey: ['walk-in', 'hour', hourId],
    queryFn: ({ signal }) =>
      request<PublicWalkInHour>(`/api/public/walk-in/hours/${encodeURIComponent(hourId)}`, {
        signal,
      }),
    staleTime: 15_000,
    refetchInterval: 60_000,
  });
  const name = textIn(hour.data?.name, i18n.language);
  usePageTitle(name || t('hour.title'));
  if (hour.isPending) return <Loading />;
  if (hour.error instanceof ApiError && (hour.error.status === 404 || hour.error.status === 400))
    return <NotFoundPage />;
  if (!hour.data) return <ErrorNotice error={hour.error} />;
  const data = hour.data;
  return (
    <section className="walk-in stack narrow">
      <header className="card stack">
        <h1>{name}</h1>
        <p className="muted">
          <Link to={`/o/${encodeURIComponent(data.officeSlug)}`}>
            {textIn(data.officeName, i18n.language)}
          </Link>{' '}
          · {t(`channel.${data.channel}`)}
        </p>
        {textIn(data.description, i18n.language) ? (
          <p>{textIn(data.description, i18n.language)}</p>
        ) : null}
        <HourStatus hour={data} />
        <WalkInShareButtons hourId={data.id} office={data.officeSlug} name={name} />
      </header>
      <ExistingTicket hourId={data.id} />
      {data.open ? (
        <div className="card stack">
          <h2>{t('take.title')}</h2>
          <TakeNumberForm hour={data} />
        </div>
      ) : null}
    </section>
  );
}

/** "Open now until 12:00 · 3 waiting", or when it opens next, with the office's appointments. */
export function HourStatus({
  hour,
  withBooking = true,
}: {
  hour: PublicWalkInHour;
  /** The link to the office's appointments (not on the office's own page). */
  withBooking?: boolean;
}) {
  const { t } = useTranslation('walkin');
  const format = useFormat();
  const [zone] = useState(browserZone);
  if (hour.open) {
    return (
      <p className="walk-in-open">
        <strong>{t('hour.openUntil', { time: format.time(hour.open.endsAt, zone) })}</strong>{' '}
        {t('hour.waiting', { count: hour.waiting })}
      </p>
    );
  }
  return (
    <div className="stack">
      <p>
        {hour.next
          ? t('hour.next', {
              date: format.date(hour.next.startsAt, zone),
              from: format.time(hour.next.startsAt, zone),
              to: format.time(hour.next.endsAt, zone),
            })
          : t('hour.noNext')}
      </p>
      {withBooking ? (
        <p>
          <Link className="btn" to={`/o/${encodeURIComponent(hour.officeSlug)}`}>
            {t('hour.bookInstead')}
          </Link>
        </p>
      ) : null}
    </div>
  );
}

/** A number taken earlier on this phone for this hour, while it is in the queue. */
function ExistingTicket({ hourId }: { hourId: string }) {
  const { t } = useTranslation('walkin');
  const [token] = useState(() => rememberedTicket(hourId));
  const ticket = useQuery({
    queryKey: ticketKey(token ?? ''),
    queryFn: ({ signal }) => fetchTicket(token ?? '', signal),
    enabled: token !== null,
  });
  useEffect(() => {
    if (token && ticket.error instanceof ApiError && ticket.error.status === 404)
      forgetTicket(token);
  }, [token, ticket.error]);
  if (!token || !ticket.data || !isLive(ticket.data.status)) return null;
  return (
    <div className="card notice notice-success stack">
      <p>{t('hour.haveTicket', { label: ticket.data.label })}</p>
      <p>
        <Link
          className="btn btn-primary btn-large"
          to={{ pathname: '/walk-in/ticket', hash: `token=${token}` }}
        >
          {t('hour.openTicket')}
        </Link>
      </p>
    </div>
  );
}

type ContactChoice = 'none' | 'email' | 'phone';

/** Language, topic, pseudonym, an optional contact, the privacy notice: then the ticket page. */
function TakeNumberForm({ hour }: { hour: PublicWalkInHour }) {
  const { t, i18n } = useTranslation('walkin');
  const navigate = useNavigate();
  const languageName = useLanguageName();
  const ids = { language: useId(), topic: useId(), consent: useId(), interpreter: useId() };
  const topics = useQuery({
    queryKey: ['topics', i18n.language],
    queryFn: ({ signal }) =>
      request<PublicTopic[]>('/api/public/topics', { query: { language: i18n.language }, signal }),
    staleTime: 5 * 60_000,
    enabled: hour.topics.length > 0,
  });
  const [language, setLanguage] = useState(
    hour.languages.includes(i18n.language) ? i18n.language : hour.languages[0],
  );
  const [topic, setTopic] = useState('');
  const [interpreter, setInterpreter] = useState('');
  const [pseudonym, setPseudonym] = useState('');
  const [channel, setChannel] = useState<ContactChoice>('none');
  const [contact, setContact] = useState('');
  const [consent, setConsent] = useState(false);
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [refusals, setRefusals] = useState(0);
  const form = useRef<HTMLFormElement>(null);

  // A refused form leads to its first problem (on a phone the message may be off screen).
  useEffect(() => {
    if (refusals === 0) return;
    const target =
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form.current?.querySelector<HTMLElement>('[role="alert"]');
    target?.focus({ preventScroll: true });
    target?.scrollIntoView?.({ block: 'center' });
  }, [refusals]);

  const problems = {
    pseudonym: pseudonym.trim() === '' ? t('take.errors.pseudonym') : undefined,
    contact: (() => {
      if (channel === 'none') return undefined;
      const problem = contactProblem(channel, contact);
      return problem ? t(`take.errors.${problem === 'empty' ? channel : problem}`) : undefined;
    })(),
    consent: consent ? undefined : t('take.errors.consent'),
  };
  const shown = (name: keyof typeof problems) => (checked ? problems[name] : undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (problems.pseudonym || problems.contact || problems.consent) {
      setRefusals((count) => count + 1);
      return;
    }
    setBusy(true);
    setError(null);
    const body: TakeNumberRequest = {
      language,
      topic: (topic || undefined) as TakeNumberRequest['topic'],
      pseudonym: pseudonym.trim(),
      interpreterLanguage: interpreter || undefined,
      contact:
        channel === 'none'
          ? undefined
          : { channel, value: channel === 'phone' ? normalisePhone(contact) : contact.trim() },
      privacyAccepted: true,
    };
    try {
      const taken = await request<TakenTicket>(
        `/api/public/walk-in/hours/${encodeURIComponent(hour.id)}/tickets`,
        { body },
      );
      rememberTicket(taken.ticketToken, hour.id);
      void navigate(`/walk-in/ticket#token=${encodeURIComponent(taken.ticketToken)}`);
    } catch (failure) {
      setError(failure);
      setBusy(false);
      setRefusals((count) => count + 1);
    }
  };

  const refusal = errorCode(error);
  const refused = refusal !== undefined && REFUSALS.includes(refusal);
  const contactInvalid =
    error instanceof ApiError &&
    error.status === 400 &&
    (error.body?.details ?? []).some((detail) => detail.field.startsWith('contact'));

  return (
    <form className="stack" noValidate ref={form} onSubmit={(event) => void submit(event)}>
      {hour.languages.length > 1 ? (
        <div className="field">
          <label htmlFor={ids.language}>{t('take.language')}</label>
          <select
            id={ids.language}
            value={language}
            onChange={(event) => setLanguage(event.target.value)}
          >
            {hour.languages.map((code) => (
              <option key={code} value={code}>
                {languageName(code)}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <p>{t('take.onlyLanguage', { language: languageName(hour.languages[0]) })}</p>
      )}
      {hour.interpreterLanguages.length > 0 ? (
        <div className="field">
          <label htmlFor={ids.interpreter}>{t('take.interpreter')}</label>
          <p className="field-hint" id={`${ids.interpreter}-hint`}>
            {t('take.interpreterHint')}
          </p>
          <select
            id={ids.interpreter}
            aria-describedby={`${ids.interpreter}-hint`}
            value={interpreter}
            onChange={(event) => setInterpreter(event.target.value)}
          >
            <option value="">{t('take.noInterpreter')}</option>
            {hour.interpreterLanguages.map((code) => (
              <option key={code} value={code}>
                {languageName(code)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {hour.topics.length > 0 ? (
        <div className="field">
          <label htmlFor={ids.topic}>{t('take.topic')}</label>
          <select id={ids.topic} value={topic} onChange={(event) => setTopic(event.target.value)}>
            <option value="">{t('take.anyTopic')}</option>
            {hour.topics.map((code) => (
              <option key={code} value={code}>
                {topics.data?.find((candidate) => candidate.code === code)?.name ?? code}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <Field label={t('take.pseudonym')} hint={t('take.pseudonymHint')} error={shown('pseudonym')}>
        <input
          type="text"
          autoComplete="nickname"
          maxLength={60}
          value={pseudonym}
          onChange={(event) => setPseudonym(event.target.value)}
        />
      </Field>
      <fieldset>
        <legend>{t('take.contact')}</legend>
        <p className="field-hint">{t('take.contactHint')}</p>
        {(['none', 'email', 'phone'] as const).map((option) => (
          <label className="choice" key={option}>
            <input
              type="radio"
              name="walk-in-contact"
              value={option}
              checked={channel === option}
              onChange={() => setChannel(option)}
            />
            {t(`take.contactOptions.${option}`)}
          </label>
        ))}
      </fieldset>
      {channel !== 'none' ? (
        <Field
          label={channel === 'email' ? t('take.email') : t('take.phone')}
          hint={channel === 'phone' ? t('take.phoneHint') : undefined}
          error={shown('contact') ?? (contactInvalid ? t(`take.errors.${channel}`) : undefined)}
        >
          <input
            type={channel === 'email' ? 'email' : 'tel'}
            autoComplete={channel === 'email' ? 'email' : 'tel'}
            inputMode={channel === 'email' ? 'email' : 'tel'}
            dir="ltr"
            maxLength={254}
            value={contact}
            onChange={(event) => setContact(event.target.value)}
          />
        </Field>
      ) : null}
      <div className={`field${shown('consent') ? ' field-invalid' : ''}`}>
        <label className="choice">
          <input
            type="checkbox"
            checked={consent}
            aria-describedby={shown('consent') ? ids.consent : undefined}
            aria-invalid={shown('consent') ? true : undefined}
            onChange={(event) => setConsent(event.target.checked)}
          />
          <span>
            {t('take.consent')}{' '}
            <Link to={`/o/${encodeURIComponent(hour.officeSlug)}/privacy`} target="_blank">
              {t('take.privacyLink')}
            </Link>
          </span>
        </label>
        {shown('consent') ? (
          <p className="field-error" id={ids.consent}>
            {shown('consent')}
          </p>
        ) : null}
      </div>
      {refused ? (
        <Refusal code={refusal} body={(error as ApiError).body} />
      ) : refusal === 'interpreter_language_unavailable' ? (
        <p className="notice notice-warning" role="alert" tabIndex={-1}>
          {t('take.interpreterUnavailable')}
        </p>
      ) : (
        <ErrorNotice error={error} />
      )}
      <button type="submit" className="btn btn-primary btn-large" disabled={busy}>
        {busy ? t('take.sending') : t('take.submit')}
      </button>
    </form>
  );
}

/** Why no number was given, and where to go instead: the next session, the office's appointments. */
function Refusal({ code, body }: { code: string; body: ApiErrorBody | null }) {
  const { t } = useTranslation('walkin');
  const format = useFormat();
  const [zone] = useState(browserZone);
  const next = body?.nextSession ?? null;
  return (
    <div className="notice notice-warning stack" role="alert" tabIndex={-1}>
      <p>
        <strong>{t(`refused.${code}`)}</strong>
      </p>
      {code !== 'already_in_queue' ? (
        <p>
          {next
            ? t('hour.next', {
                date: format.date(next.startsAt, zone),
                from: format.time(next.startsAt, zone),
                to: format.time(next.endsAt, zone),
              })
            : t('hour.noNext')}
        </p>
      ) : null}
      {body?.officeSlug ? (
        <p>
          <Link className="btn" to={`/o/${encodeURIComponent(body.officeSlug)}`}>
            {t('hour.bookInstead')}
          </Link>
        </p>
      ) : null}
    </div>
  );
}
