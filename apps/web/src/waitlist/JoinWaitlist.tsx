import { DateTime } from 'luxon';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorCode, request } from '../api/client';
import { useFieldErrors } from '../api/errors';
import type { PublicConsultationType } from '../api/types';
import { contactProblem, normalisePhone, type ContactChannel } from '../booking/logic';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { useFormat } from '../ui/format';
import {
  clampRange,
  entryLink,
  rangeProblem,
  type JoinedWaitlist,
  type JoinWaitlistRequest,
} from './logic';

interface JoinWaitlistProps {
  type: PublicConsultationType;
  /** The office whose privacy notice the client agrees to. */
  officeSlug: string;
  /** Only counsellors who speak this language; any when absent. */
  counsellorLanguage?: string;
  /** An interpreter for this language is held with the counsellor (the client chose one). */
  interpreterLanguage?: string;
  /** The days the client looked at and found nothing in (prefilled, changeable). */
  from: string;
  to: string;
  onBack: () => void;
}

/**
 * Joining the waitlist when no time is free: the days, a pseudonym, where to send the offer, the
 * privacy notice. Afterwards the entry link, the client's only way back to the entry.
 */
export function JoinWaitlist(props: JoinWaitlistProps) {
  const { type, officeSlug, counsellorLanguage, interpreterLanguage, onBack } = props;
  const { t, i18n } = useTranslation('waitlist');
  const [range, setRange] = useState(() => clampRange(props.from, props.to));
  const [pseudonym, setPseudonym] = useState('');
  const channels: ContactChannel[] = type.contactChannels?.length
    ? type.contactChannels
    : ['email'];
  const [channel, setChannel] = useState<ContactChannel>(channels[0]);
  const [contact, setContact] = useState('');
  const [consent, setConsent] = useState(false);
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [joined, setJoined] = useState<JoinedWaitlist | null>(null);
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

  // The API's verdict on single fields, shown in this form's words below.
  const invalid = useFieldErrors(error);
  if (joined) return <Joined joined={joined} />;

  const today = DateTime.now().toISODate() ?? '';
  const rangeIssue = rangeProblem(range.from, range.to, today);
  const contactIssue = contactProblem(channel, contact);
  const problems = {
    from:
      rangeIssue === 'from' || rangeIssue === 'past' ? t(`join.errors.${rangeIssue}`) : undefined,
    to:
      rangeIssue === 'to' || rangeIssue === 'order' || rangeIssue === 'long'
        ? t(`join.errors.${rangeIssue}`)
        : undefined,
    pseudonym: pseudonym.trim() === '' ? t('join.errors.pseudonym') : undefined,
    contact: contactIssue ? t(`join.errors.contact.${contactIssue}`) : undefined,
    consent: consent ? undefined : t('join.errors.consent'),
  };
  const shown = (name: keyof typeof problems) => (checked ? problems[name] : undefined);
  const code = errorCode(error);
  const server = {
    from: invalid.from ? t('join.errors.range') : undefined,
    to: invalid.to ? t('join.errors.range') : undefined,
    pseudonym: invalid.pseudonym ? t('join.errors.pseudonym') : undefined,
    contact:
      code === 'waitlist_contact_unreachable'
        ? t('join.errors.emailOnly')
        : invalid['contact.value'] || invalid['contact.channel'] || invalid.contact
          ? t(`join.errors.contact.${channel}`)
          : undefined,
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (Object.values(problems).some(Boolean)) {
      setRefusals((count) => count + 1);
      return;
    }
    setBusy(true);
    setError(null);
    const body: JoinWaitlistRequest = {
      consultationTypeId: type.id,
      language: counsellorLanguage,
      interpreterLanguage,
      from: range.from,
      to: range.to,
      pseudonym: pseudonym.trim(),
      clientLanguage: i18n.language,
      contact: {
        channel,
        value: channel === 'phone' ? normalisePhone(contact) : contact.trim(),
      },
      privacyAccepted: true,
    };
    try {
      setJoined(await request<JoinedWaitlist>('/api/public/waitlist', { body }));
    } catch (failure) {
      setError(failure);
      setBusy(false);
      setRefusals((count) => count + 1);
    }
  };

  return (
    <form className="stack" noValidate ref={form} onSubmit={(event) => void submit(event)}>
      <p>{t('join.intro')}</p>
      <fieldset>
        <legend>{t('join.days')}</legend>
        <p className="field-hint">{t('join.daysHint')}</p>
        <div className="row">
          <Field label={t('join.from')} error={shown('from') ?? server.from}>
            <input
              type="date"
              min={today}
              value={range.from}
              onChange={(event) => setRange({ ...range, from: event.target.value })}
            />
          </Field>
          <Field label={t('join.to')} error={shown('to') ?? server.to}>
            <input
              type="date"
              min={range.from || today}
              value={range.to}
              onChange={(event) => setRange({ ...range, to: event.target.value })}
            />
          </Field>
        </div>
      </fieldset>

      <Field
        label={t('join.pseudonym')}
        hint={t('join.pseudonymHint')}
        error={shown('pseudonym') ?? server.pseudonym}
      >
        <input
          type="text"
          autoComplete="nickname"
          maxLength={60}
          value={pseudonym}
          onChange={(event) => setPseudonym(event.target.value)}
        />
      </Field>

      {channels.length > 1 ? (
        <fieldset>
          <legend>{t('join.channel')}</legend>
          <p className="field-hint">{t('join.channelHint')}</p>
          {channels.map((option) => (
            <label className="choice" key={option}>
              <input
                type="radio"
                name="waitlist-channel"
                value={option}
                checked={channel === option}
                onChange={() => setChannel(option)}
              />
              {t(`join.${option}`)}
            </label>
          ))}
        </fieldset>
      ) : null}

      <Field
        label={channel === 'email' ? t('join.emailAddress') : t('join.phoneNumber')}
        hint={channel === 'phone' ? t('join.phoneHint') : t('join.emailHint')}
        error={shown('contact') ?? server.contact}
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

      <section className="notice" aria-labelledby="waitlist-privacy-title">
        <h2 id="waitlist-privacy-title">{t('join.privacy.title')}</h2>
        <ul>
          <li>{t('join.privacy.what')}</li>
          <li>{t('join.privacy.delete')}</li>
        </ul>
        <p>
          <Link to={`/o/${encodeURIComponent(officeSlug)}/privacy`} target="_blank">
            {t('join.privacy.link')}
          </Link>
        </p>
      </section>
      <div className={`field${shown('consent') ? ' field-invalid' : ''}`}>
        <label className="choice">
          <input
            type="checkbox"
            checked={consent}
            aria-describedby={shown('consent') ? 'waitlist-consent-error' : undefined}
            aria-invalid={shown('consent') ? true : undefined}
            onChange={(event) => setConsent(event.target.checked)}
          />
          {t('join.privacy.consent')}
        </label>
        {shown('consent') ? (
          <p className="field-error" id="waitlist-consent-error">
            {shown('consent')}
          </p>
        ) : null}
      </div>

      <ErrorNotice
        error={error}
        overrides={{
          ...(code === 'waitlist_language_not_offered'
            ? { 400: 'waitlist:join.errors.language' }
            : {}),
          409: 'waitlist:join.errors.tooMany',
        }}
      />

      <div className="row">
        <button type="button" className="btn" onClick={onBack}>
          {t('common:actions.back')}
        </button>
        <button type="submit" className="btn btn-primary btn-large" disabled={busy}>
          {busy ? t('join.sending') : t('join.submit')}
        </button>
      </div>
    </form>
  );
}

/** After joining: what happens next, and the entry link to keep. */
function Joined({ joined }: { joined: JoinedWaitlist }) {
  const { t } = useTranslation('waitlist');
  const format = useFormat();
  const [copied, setCopied] = useState(false);
  const notice = useRef<HTMLParagraphElement>(null);
  const link = entryLink(window.location.origin, joined.entryToken);
  useEffect(() => notice.current?.focus(), []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <div className="stack">
      <p className="notice notice-success" role="status" tabIndex={-1} ref={notice}>
        {t('joined.lead', {
          from: format.day(joined.entry.from),
          to: format.day(joined.entry.to),
        })}
      </p>
      <p>{t('joined.next')}</p>
      <h2 id="waitlist-link-title">{t('joined.linkTitle')}</h2>
      <p>{t('joined.linkText')}</p>
      <div className="link-box">
        <label htmlFor="waitlist-link" className="visually-hidden">
          {t('joined.linkLabel')}
        </label>
        <input id="waitlist-link" readOnly value={link} onFocus={(e) => e.target.select()} />
        <button type="button" className="btn" onClick={() => void copy()}>
          {t('joined.copy')}
        </button>
      </div>
      <p role="status" aria-live="polite" className="muted">
        {copied ? t('joined.copied') : ''}
      </p>
      <div className="row">
        <Link
          className="btn btn-primary"
          to={`/waitlist/offer#token=${encodeURIComponent(joined.entryToken)}`}
        >
          {t('joined.open')}
        </Link>
      </div>
    </div>
  );
}
