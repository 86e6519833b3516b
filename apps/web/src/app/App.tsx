import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { ApiError } from '../api/client';
import { RequireStaff } from '../auth/RequireStaff';
import { SessionProvider } from '../auth/session';
import { DirectoryPage } from '../directory/DirectoryPage';
import { Layout } from './Layout';

// Everything but the directory is a separate chunk: a client on a slow phone downloads the
// directory only (test/web-bundle.spec.ts checks it), an office's booking flow when they open its
// page, the video libraries only when joining a call, the staff login only when a counsellor opens it.
const OfficePage = lazy(() => import('../directory/OfficePage'));
const OfficePrivacyPage = lazy(() =>
  import('../directory/OfficePage').then((m) => ({ default: m.OfficePrivacyPage })),
);
const EasyLanguagePage = lazy(() => import('../easy/EasyLanguagePage'));
const ManagePage = lazy(() => import('../manage/ManagePage'));
const WaitlistPage = lazy(() => import('../waitlist/WaitlistPage'));
const SurveyPage = lazy(() => import('../survey/SurveyPage'));
const ClientVideoPage = lazy(() => import('../video/ClientVideoPage'));
const GuestCallPage = lazy(() => import('../video/GuestCallPage'));
const WalkInArea = lazy(() => import('../walkin/WalkInArea'));
const SharedLinkPage = lazy(() => import('../share/SharedLinkPage'));
const StaffArea = lazy(() => import('../staff/StaffArea'));
const AdminArea = lazy(() => import('../admin/AdminArea'));
const PlatformArea = lazy(() => import('../platform/PlatformArea'));
const InterpreterArea = lazy(() => import('../interpreter/InterpreterArea'));
const LoginPage = lazy(() => import('../auth/LoginPage').then((m) => ({ default: m.LoginPage })));
const PasswordPage = lazy(() =>
  import('../auth/PasswordPage').then((m) => ({ default: m.PasswordPage })),
);
const NotFoundPage = lazy(() =>
  import('./NotFoundPage').then((m) => ({ default: m.NotFoundPage })),
);

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: true,
      // Client errors will not heal by retrying; network and server errors might.
      retry: (failures, error) =>
        failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
  },
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <BrowserRouter>
          <Routes>
            <Route element={<Layout />}>
              <Route index element={<DirectoryPage />} />
              <Route path="o/:slug" element={<OfficePage />} />
              <Route path="o/:slug/privacy" element={<OfficePrivacyPage />} />
              <Route path="o/:slug/leichte-sprache" element={<EasyLanguagePage />} />
              <Route path="manage" element={<ManagePage />} />
              <Route path="waitlist/offer" element={<WaitlistPage />} />
              <Route path="survey" element={<SurveyPage />} />
              <Route path="manage/video" element={<ClientVideoPage />} />
              <Route path="guest" element={<GuestCallPage />} />
              <Route path="walk-in/*" element={<WalkInArea />} />
              <Route path="s/:slug/:lang/*" element={<SharedLinkPage />} />
              <Route path="staff/login" element={<LoginPage />} />
              <Route
                path="account/password"
                element={
                  <RequireStaff>
                    <PasswordPage />
                  </RequireStaff>
                }
              />
              <Route
                path="staff/*"
                element={
                  <RequireStaff role="counsellor">
                    <StaffArea />
                  </RequireStaff>
                }
              />
              <Route
                path="admin/*"
                element={
                  <RequireStaff role="admin">
                    <AdminArea />
                  </RequireStaff>
                }
              />
              <Route
                path="platform/*"
                element={
                  <RequireStaff role="platform_admin">
                    <PlatformArea />
                  </RequireStaff>
                }
              />
              <Route
                path="interpreter/*"
                element={
                  <RequireStaff role="interpreter">
                    <InterpreterArea />
                  </RequireStaff>
                }
              />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </SessionProvider>
    </QueryClientProvider>
  );
}
