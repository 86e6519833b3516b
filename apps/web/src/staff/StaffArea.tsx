import { lazy } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Route, Routes } from 'react-router';
import { NotFoundPage } from '../app/NotFoundPage';
import { ReportsPage } from '../reports/ReportsPage';
import { AvailabilityPage } from './AvailabilityPage';
import { BookForClientPage } from './BookForClientPage';
import { ChangeAppointmentPage } from './ChangeAppointmentPage';
import { ConsolePage } from './ConsolePage';
import { useConversationEvents } from './messages/conversationApi';
import { InboxPage } from './messages/InboxPage';
import { MessagesNavLink } from './messages/MessagesNavLink';
import { WalkInConsolePage } from './WalkInConsolePage';
import './staff.css';

// The video libraries are a chunk of their own, loaded only when a call is opened.
const StaffVideoPage = lazy(() => import('./StaffVideoPage'));
const WalkInCallPage = lazy(() => import('./WalkInCallPage'));

/**
 * The counsellor console: appointments and who is waiting, messages with clients, own availability,
 * video calls.
 */
export default function StaffArea() {
  const { t } = useTranslation(['staff', 'walkin', 'admin']);
  // One stream for the whole area: the nav badge, the inbox and the console's messages.
  useConversationEvents();
  return (
    <>
      <nav aria-label={t('nav.label')} className="subnav">
        <NavLink to="/staff" end>
          {t('nav.console')}
        </NavLink>
        <NavLink to="/staff/walk-in">{t('walkin:console.nav')}</NavLink>
        <MessagesNavLink />
        <NavLink to="/staff/book">{t('nav.book')}</NavLink>
        <NavLink to="/staff/availability">{t('nav.availability')}</NavLink>
        <NavLink to="/staff/reports">{t('admin:reports.nav')}</NavLink>
      </nav>
      <Routes>
        <Route index element={<ConsolePage />} />
        <Route path="book" element={<BookForClientPage backTo="/staff" />} />
        <Route path="appointments/:appointmentId" element={<ChangeAppointmentPage />} />
        <Route path="availability" element={<AvailabilityPage />} />
        <Route path="reports" element={<ReportsPage />} />
        <Route path="messages" element={<InboxPage />} />
        <Route path="messages/:conversationId" element={<InboxPage />} />
        <Route path="video/:appointmentId" element={<StaffVideoPage />} />
        <Route path="walk-in" element={<WalkInConsolePage />} />
        <Route path="walk-in/call/:ticketId" element={<WalkInCallPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </>
  );
}
