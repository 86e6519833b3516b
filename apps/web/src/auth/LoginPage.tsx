import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import type { StaffRole } from '../api/types';
import { useSession } from './session';
import { Field } from '../ui/Field';
import { ErrorNotice } from '../ui/ErrorNotice';
import { usePageTitle } from '../ui/usePageTitle';

/** Only paths of this site are followed after login (no open redirect). */
export function safeNext(next: string | null, origin = window.location.origin): string | null {
  if (!next || !next.startsWith('/') || next.includes('\\')) return null;
  try {
    const target = new URL(next, origin);
    return target.origin === origin ? target.pathname + target.search + target.hash : null;
  } catch {
    return null;
  }
}

/**
 * Where each role starts: the platform's offices, the office's administration, the interpreter's
 * assignments, the day's appointments.
 */
export function homeOf(role: StaffRole): string {
  if (role === 'platform_admin') return '/platform';
  if (role === 'interpreter') return '/interpreter';
  return role === 'admin' ? '/admin' : '/staff';
}

export function LoginPage() {
  const { t } = useTranslation('common');
  usePageTitle(t('login.title'));
  const { staff, login } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (staff && !busy) {
    return <Navigate to={homeOf(staff.role)} replace />;
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const who = await login(email.trim(), password);
      void navigate(safeNext(params.get('next')) ?? homeOf(who.role), { replace: true });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card narrow">
      <h1>{t('login.title')}</h1>
      <form onSubmit={(event) => void submit(event)} className="stack">
        <Field label={t('login.email')}>
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </Field>
        <Field label={t('login.password')}>
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </Field>
        <ErrorNotice error={error} overrides={{ 401: 'common:login.failed' }} />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </section>
  );
}
