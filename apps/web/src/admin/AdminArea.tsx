import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { AppointmentsPage } from './AppointmentsPage';
import { AuditPage } from './AuditPage';
import { CounsellorEditPage } from './CounsellorEditPage';
import { CounsellorsPage } from './CounsellorsPage';
import { HolidaysPage } from './HolidaysPage';
import { InterpreterEditPage } from './InterpreterEditPage';
import { InterpretersPage } from './InterpretersPage';
import { NotificationsPage } from './NotificationsPage';
import { OfficeSettingsPage } from './OfficeSettingsPage';
import { RosterPage } from './RosterPage';
import { StaffPage } from './StaffPage';
import { TypeEditPage } from './TypeEditPage';
import { TypesPage } from './TypesPage';
import { WalkInHourEditPage, WalkInHoursPage } from './WalkInHoursPage';
import { WalkInStatisticsPage } from './WalkInStatisticsPage';
import { NotFoundPage } from '../app/NotFoundPage';
import { SharePanel } from '../share/SharePanel';
import { ReportsPage } from '../reports/ReportsPage';
import { BookForClientPage } from '../staff/BookForClientPage';
import { OfficeConversationsPage } from '../staff/messages/InboxPage';
import './admin.css';

/** The admin area: counsellors and their hours, logins, types, holidays, appointments, logs, the office. */
export default function AdminArea() {
  const { t } = useTranslation(['admin', 'walkin', 'share', 'staff', 'interpreter']);
  const links = [
    ['counsellors', t('nav.counsellors')],
    ['interpreters', t('interpreter:admin.nav')],
    ['staff', t('nav.staff')],
    ['types', t('nav.types')],
    ['holidays', t('nav.holidays')],
    ['walk-in', t('walkin:admin.nav')],
    ['share', t('share:panel.nav')],
    ['appointments', t('nav.appointments')],
    ['messages', t('staff:messages.nav')],
    ['notifications', t('nav.notifications')],
    ['reports', t('reports.nav')],
    ['audit', t('nav.audit')],
    ['office', t('nav.office')],
  ] as const;
  return (
    <div className="admin">
      <nav aria-label={t('nav.label')} className="subnav">
        {links.map(([path, label]) => (
          <NavLink key={path} to={`/admin/${path}`}>
            {label}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={<Navigate to="counsellors" replace />} />
        <Route path="counsellors" element={<CounsellorsPage />} />
        <Route path="counsellors/new" element={<CounsellorEditPage />} />
        <Route path="counsellors/:id" element={<CounsellorEditPage />} />
        <Route path="counsellors/:id/roster" element={<RosterPage />} />
        <Route path="interpreters" element={<InterpretersPage />} />
        <Route path="interpreters/new" element={<InterpreterEditPage />} />
        <Route path="interpreters/:id" element={<InterpreterEditPage />} />
        <Route path="interpreters/:id/roster" element={<RosterPage kind="interpreter" />} />
        <Route path="staff" element={<StaffPage />} />
        <Route path="types" element={<TypesPage />} />
        <Route path="types/new" element={<TypeEditPage />} />
        <Route path="types/:id" element={<TypeEditPage />} />
        <Route path="holidays" element={<HolidaysPage />} />
        <Route path="walk-in" element={<WalkInHoursPage />} />
        <Route path="walk-in/new" element={<WalkInHourEditPage />} />
        <Route path="walk-in/:id" element={<WalkInHourEditPage />} />
        <Route path="walk-in/:id/statistics" element={<WalkInStatisticsPage />} />
        <Route path="share" element={<SharePanel />} />
        <Route path="appointments" element={<AppointmentsPage />} />
        <Route
          path="appointments/book"
          element={<BookForClientPage backTo="/admin/appointments" />}
        />
        <Route path="messages" element={<OfficeConversationsPage />} />
        <Route path="notifications" element={<NotificationsPage />} />
        <Route path="reports" element={<ReportsPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="office" element={<OfficeSettingsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </div>
  );
}
