import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../app/NotFoundPage';
import { TicketPage } from './TicketPage';
import { WalkInPage } from './WalkInPage';
import './walkin.css';

// The call needs the video libraries: a chunk of its own, loaded when the client joins.
const WalkInCallPage = lazy(() => import('./WalkInCallPage'));

/** The client's walk-in pages (/walk-in/…): a lazy chunk, so the directory stays small. */
export default function WalkInArea() {
  return (
    <Routes>
      <Route path="ticket" element={<TicketPage />} />
      <Route path="call" element={<WalkInCallPage />} />
      <Route path=":hourId" element={<WalkInPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
