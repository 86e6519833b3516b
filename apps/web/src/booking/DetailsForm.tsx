import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, errorCode, request } from '../api/client';
import { useFieldErrors } from '../api/errors';
import type { BookingResponse, PublicConsultationType, Slot } from '../api/types';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { useFormat } from '../ui/format';
import { bookingRequest, contactProblem, type ContactChannel } from './logic';

interface DetailsFormProps {
  type: PublicConsultationType;
  slot: Slot;
  zone: string;
  counsellorLanguage?: string;
  /** An interpreter for this language is booked with the counsellor. */
  interpreterLanguage?: string;
  /**
   * The type's office has interpreters to book (the client chose before the times, or chose none):
   * then the old "I need an interpreter" wish is not asked again.
   */
  offersInterpreters?: boolean;
  /** The interpreter of this time was booked meanwhile (409 interpreter_taken): new times needed. */
  onInterpreterTaken?: () => void;
  onBack: () => void;
  /** The slot was taken meanwhile: the client picked one of the next free ones. */
  onTaken: (slot: Slot) => void;
  /** The slot cannot be booked any more: back to the picker. */
  onGone: () => void;
  /** Staff booking for a client: a chosen counsellor. */
  counsellorId?: string;
  /** Staff booking for a client: the client's language (else the page's). */
  clientLanguage?: string;
  /**
   * Staff booking for a client: sends the body on the staff route instead of the public one (the
   * client then gets their manage link by their own channel).
   */
  onBook?: (body: ReturnType<typeof bookingRequest>, idempotencyKey: string) => Promise<void>;
}

const newKey = () => crypto.randomUUID();

export function DetailsForm({
  type,
  slot,
  zone,
  counsellorLanguage,
  interpreterLanguage,
  offersInterpreters = false,
  onInterpreterTaken,
  onBack,
  onTaken,
  onGone,
  counsellorId,
  clientLanguage,
  onBook,
}: DetailsFormProps) {
  const { t, i18n } = useTranslation('booking');
  const format = useFormat();
  const navigate = useNavigate();
  const [pseudonym, setPseudonym] = useState('');
  // The channels this type takes (a phone consultation: a number to call) and the office can send to.
  const channels: ContactChannel[] = type.contactChannels?.length
    ? type.contactChannels
    : ['email', 'phone'];
  const toBeCalled = channels.length === 1 && channels[0] === 'phone';
  const [channel, setChannel] = useState<ContactChannel>(channels[0]);
  const [contact, setContact] = useState('');
  const [note, setNote] = useState('');
  const [interpreter, setInterpreter] = useState(false);
  const [consent, setConsent] = useState(false);
  const [checked, setChecked] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // One key per request: a retry of the same request after a lost answer returns the same booking,
  // never a second one; any other request (edited form, other slot) gets a new key.
  const [attempt, setAttempt] = useState<{ key: string; body: string } | null>(null);
  const form = useRef<HTMLFormElement>(null);
  // Each refused submit counts up; the effect then shows where the problem is.
  const [refusals, setRefusals] = useState(0);

  // A refused form must not look as if nothing happened (on a phone the message may be far off
  // screen): focus goes to the first invalid field, or else to the error message.
  useEffect(() => {
    if (refusals === 0) return;
    const target =
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form.current?.querySelector<HTMLElement>('[role="alert"]');
    if (!target) return;
    target.focus({ preventScroll: true });
    target.scrollIntoView?.({ block: 'center' });
  }, [refusals]);

  const problems = {
    pseudonym: pseudonym.trim() === '' ? t('details.errors.pseudonym') : undefined,
    contact: (() => {
      const problem = contactProblem(channel, contact);
      return problem ? t(`details.errors.contact.${problem}`) : undefined;
    })(),
    consent: consent ? undefined : t('details.errors.consent'),
  };
  // The API's verdict wins over the browser's check, in this form's own words.
  const invalid = useFieldErrors(error);
  const server: Record<string, string | undefined> = {
    pseudonym: invalid.pseudonym ? t('details.errors.pseudonym') : undefined,
    contact:
      invalid['contact.value'] || invalid['contact.channel'] || invalid.contact
        ? t(`details.errors.contact.${channel}`)
        : undefined,
    note: invalid.note,
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
    const body = bookingRequest({
      consultationTypeId: type.id,
      start: slot.start,
      counsellorLanguage,
      counsellorId,
      pseudonym,
      language: clientLanguage ?? i18n.language,
      timeZone: zone,
      contactChannel: channel,
      contactValue: contact,
      note,
      needsInterpreter: !offersInterpreters && interpreter,
      interpreterLanguage,
    });
    const text = JSON.stringify(body);
    const key = attempt?.body === text ? attempt.key : newKey();
    setAttempt({ key, body: text });
    try {
      if (onBook) {
        await onBook(body, key);
        setBusy(false);
        return;
      }
      const answer = await request<BookingResponse>('/api/public/appointments', {
        body,
        headers: { 'Idempotency-Key': key },
      });
      void navigate(`/manage#token=${encodeURIComponent(answer.manageToken)}&booked=1`);
    } catch (failure) {
      // Only a request whose answer was lost may be repeated with its key.
      if (!(failure instanceof ApiError && failure.status === 0)) setAttempt(null);
      if (errorCode(failure) === 'interpreter_taken' && onInterpreterTaken) {
        setBusy(false);
        onInterpreterTaken();
        return;
      }
      setError(failure);
      setBusy(false);
      setRefusals((count) => count + 1);
    }
  };

  // Another time offered for a taken one counts without the interpreter: not offered then.
  const interpreterTaken = errorCode(error) === 'interpreter_taken';
  const taken =
    error instanceof ApiError && error.status === 409 && !interpreterTaken
      ? error.body?.nextFreeSlots
      : null;
  const gone = error instanceof ApiError && error.status === 422;

  return (
    <form className="stack" noValidate ref={form} onSubmit={(event) => void submit(event)}>
      <Field
        label={t('details.pseudonym')}
        hint={t('details.pseudonymHint')}
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
          <legend>{t('details.channel')}</legend>
          <p className="field-hint">{t('details.channelHint')}</p>
          {channels.map((option) => (
            <label className="choice" key={option}>
              <input
                type="radio"
                name="channel"
                value={option}
                checked={channel === option}
                onChange={() => setChannel(option)}
              />
              {t(`details.${option}`)}
            </label>
          ))}
        </fieldset>
      ) : null}

      <Field
        label={
          channel === 'email'
            ? t('details.emailAddress')
            : toBeCalled
              ? t('details.phoneCall')
              : t('details.phoneNumber')
        }
        hint={channel === 'phone' ? t('details.phoneHint') : undefined}
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

      <Field label={t('details.note')} hint={t('details.noteHint')} error={server.note}>
        <textarea
          rows={3}
          maxLength={500}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
      </Field>

      {offersInterpreters ? null : (
        <label className="choice">
          <input
            type="checkbox"
            checked={interpreter}
            onChange={(event) => setInterpreter(event.target.checked)}
          />
          {t('details.interpreter')}
        </label>
      )}

      <section className="notice" aria-labelledby="privacy-title">
        <h2 id="privacy-title">{t('privacy.title')}</h2>
        <ul>
          <li>{t('privacy.what')}</li>
          <li>{t('privacy.who')}</li>
          <li>{t('privacy.delete')}</li>
          <li>{t('privacy.rights')}</li>
        </ul>
      </section>
      <div className={`field${shown('consent') ? ' field-invalid' : ''}`}>
        <label className="choice">
          <input
            type="checkbox"
            checked={consent}
            aria-describedby={shown('consent') ? 'consent-error' : undefined}
            aria-invalid={shown('consent') ? true : undefined}
            onChange={(event) => setConsent(event.target.checked)}
          />
          {t('privacy.consent')}
        </label>
        {shown('consent') ? (
          <p className="field-error" id="consent-error">
            {shown('consent')}
          </p>
        ) : null}
      </div>

      <ErrorNotice
        error={error}
        overrides={{
          409: interpreterTaken ? 'booking:interpreter.taken' : 'booking:errors.taken',
          422: 'booking:errors.gone',
        }}
      />
      {taken && taken.length > 0 ? (
        <fieldset>
          <legend>{t('errors.alternatives')}</legend>
          <div className="time-list">
            {taken.slice(0, 6).map((alternative) => (
              <button
                key={alternative.start}
                type="button"
                className="btn"
                onClick={() => {
                  setError(null);
                  onTaken(alternative);
                }}
              >
                {format.shortDate(alternative.start, zone)} {format.time(alternative.start, zone)}
              </button>
            ))}
          </div>
        </fieldset>
      ) : null}
      {gone || interpreterTaken || (taken && taken.length === 0) ? (
        <button type="button" className="btn" onClick={onGone}>
          {t('errors.chooseOther')}
        </button>
      ) : null}

      <div className="row">
        <button type="button" className="btn" onClick={onBack}>
          {t('common:actions.back')}
        </button>
        <button type="submit" className="btn btn-primary btn-large" disabled={busy}>
          {busy ? t('details.sending') : t('details.submit')}
        </button>
      </div>
    </form>
  );
}
