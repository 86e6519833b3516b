import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { NotFoundPage } from '../app/NotFoundPage';
import { ReportsPage } from '../reports/ReportsPage';
import { NewOfficePage } from './NewOfficePage';
import { OfficeEditPage } from './OfficeEditPage';
import { OfficesPage } from './OfficesPage';
import '../admin/admin.css';

/** The platform admin's area: the instance's offices (create, edit, suspend) and its health. */
export default function PlatformArea() {
  const { t } = useTranslation(['platform', 'admin']);
  return (
    <div className="admin">
      <nav aria-label={t('nav.label')} className="subnav">
        <NavLink to="/platform/offices" end>
          {t('nav.offices')}
        </NavLink>
        <NavLink to="/platform/offices/new">{t('nav.newOffice')}</NavLink>
        <NavLink to="/platform/reports">{t('admin:reports.nav')}</NavLink>
      </nav>
      <Routes>
        <Route index element={<Navigate to="offices" replace />} />
        <Route path="offices" element={<OfficesPage />} />
        <Route path="offices/new" element={<NewOfficePage />} />
        <Route path="offices/:id" element={<OfficeEditPage />} />
        <Route path="reports" element={<ReportsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </div>
  );
}
