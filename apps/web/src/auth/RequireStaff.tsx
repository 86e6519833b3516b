import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import type { StaffRole } from '../api/types';
import { useSession } from './session';

/** Staff pages: to the login without a session, a plain refusal for the wrong role (if one is required). */
export function RequireStaff({ role, children }: { role?: StaffRole; children: ReactNode }) {
  const { staff, ready, ensureChecked } = useSession();
  useEffect(ensureChecked, [ensureChecked]);
  const location = useLocation();
  const { t } = useTranslation('common');
  // Until the server has said whether the session cookie is still good: nothing, not the login.
  if (!ready) return null;
  if (!staff) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/staff/login?next=${next}`} replace />;
  }
  if (role && staff.role !== role) {
    return (
      <p className="notice notice-error" role="alert">
        {t('errors.forbidden')}
      </p>
    );
  }
  return children;
}
