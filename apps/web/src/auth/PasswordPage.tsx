import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { usePageTitle } from '../ui/usePageTitle';
import { useSession } from './session';

/** The API's minimum (apps/api/src/staff/staff.dto.ts). */
const MIN_LENGTH = 12;

/** Any staff member changes their own password; other sessions of the account end. */
export function PasswordPage() {
  const { t } = useTranslation('common');
  usePageTitle(t('password.title'));
  const { changePassword } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [checked, setChecked] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const problems = {
    next: next.length < MIN_LENGTH ? t('password.tooShort', { count: MIN_LENGTH }) : undefined,
    repeat: repeat !== next ? t('password.mismatch') : undefined,
  };
  const wrongCurrent = error instanceof ApiError && error.status === 401;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    setDone(false);
    if (problems.next || problems.repeat) return;
    setBusy(true);
    setError(null);
    try {
      await changePassword(current, next);
      setDone(true);
      setCurrent('');
      setNext('');
      setRepeat('');
      setChecked(false);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card narrow">
      <h1>{t('password.title')}</h1>
      <p>{t('password.intro')}</p>
      <form className="stack" noValidate onSubmit={(event) => void submit(event)}>
        <Field
          label={t('password.current')}
          error={wrongCurrent ? t('password.wrongCurrent') : undefined}
        >
          <input
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(event) => setCurrent(event.target.value)}
          />
        </Field>
        <Field
          label={t('password.new')}
          hint={t('password.hint', { count: MIN_LENGTH })}
          error={checked ? problems.next : undefined}
        >
          <input
            type="password"
            autoComplete="new-password"
            value={next}
            onChange={(event) => setNext(event.target.value)}
          />
        </Field>
        <Field label={t('password.repeat')} error={checked ? problems.repeat : undefined}>
          <input
            type="password"
            autoComplete="new-password"
            value={repeat}
            onChange={(event) => setRepeat(event.target.value)}
          />
        </Field>
        {wrongCurrent ? null : <ErrorNotice error={error} />}
        <div role="status" aria-live="polite">
          {done ? <p className="notice notice-success">{t('password.done')}</p> : null}
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('password.submit')}
        </button>
      </form>
    </section>
  );
}
