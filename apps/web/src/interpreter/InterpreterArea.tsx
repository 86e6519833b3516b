import { lazy } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Route, Routes } from 'react-router';
import { NotFoundPage } from '../app/NotFoundPage';
import { AvailabilityPage } from '../staff/AvailabilityPage';
import { AssignmentsPage } from './AssignmentsPage';
import '../staff/staff.css';

// The video libraries are a chunk of their own, loaded only when a call is opened.
const InterpreterVideoPage = lazy(() => import('../video/InterpreterVideoPage'));
const InterpreterWalkInCallPage = lazy(() => import('../walkin/InterpreterWalkInCallPage'));

/**
 * The interpreter's area (App.tsx admits the role interpreter only): their assignments (agenda),
 * their own hours and absences (the counsellors' availability page: one editor for every roster
 * person), the calls they join (the video area's page) and their walk-in duty.
 */
export default function InterpreterArea() {
  const { t } = useTranslation('interpreter');
  return (
    <>
      <nav aria-label={t('nav.label')} className="subnav">
        <NavLink to="/interpreter" end>
          {t('nav.agenda')}
        </NavLink>
        <NavLink to="/interpreter/walk-in">{t('nav.walkIn')}</NavLink>
        <NavLink to="/interpreter/availability">{t('nav.availability')}</NavLink>
      </nav>
      <Routes>
        <Route index element={<AssignmentsPage />} />
        <Route path="availability" element={<AvailabilityPage />} />
        <Route path="call/:appointmentId" element={<InterpreterVideoPage />} />
        <Route path="walk-in" element={<InterpreterWalkInCallPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </>
  );
}
