import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  useCallback,
  useContext,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { ApiError, request, type RequestOptions } from '../api/client';
import type { ChangePasswordRequest, LoginRequest, LoginResponse, StaffMember } from '../api/types';

export interface Session {
  /** The logged-in staff member; null when nobody is (or it is not known yet: see `ready`). */
  staff: StaffMember | null;
  /** Whether the server has answered who is logged in (asked once per page load, see ensureChecked). */
  ready: boolean;
  /** Asks the server who is logged in, unless already asked; staff pages call it. */
  ensureChecked: () => void;
  login: (email: string, password: string) => Promise<StaffMember>;
  logout: () => Promise<void>;
  /** Changes the own password; a wrong current password answers 401 without ending the session. */
  changePassword: (currentPassword: string, newPassword: string) => Promise<void>;
  /** A request in the staff session; a 401 (session ended) logs out and rethrows. */
  call: <T>(path: string, options?: Omit<RequestOptions, 'token'>) => Promise<T>;
}

const SessionContext = createContext<Session | null>(null);

/**
 * Staff sessions are server-side (opaque token, 30 min idle) and live in an HttpOnly,
 * SameSite=Strict cookie that the browser sends with every API request: no script of the page,
 * injected or not, can read the token, and a link from a mail opened in a new tab finds the session.
 * The server refuses state-changing requests with the cookie from other origins (CSRF).
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [staff, setStaff] = useState<StaffMember | null>(null);
  const [ready, setReady] = useState(false);

  const queryClient = useQueryClient();
  const store = useCallback(
    (next: StaffMember | null) => {
      // Nothing one person loaded (appointments, contacts) stays in memory for the next on this tab.
      queryClient.clear();
      setStaff(next);
      setReady(true);
    },
    [queryClient],
  );

  // Who is logged in, if anyone: the cookie is invisible to the page, so the server is asked, once,
  // when a staff page first needs to know (clients booking never cause the question).
  const asked = useRef(false);
  const ensureChecked = useCallback(() => {
    if (asked.current) return;
    asked.current = true;
    request<StaffMember>('/api/auth/me').then(
      (me) => store(toStaff(me)),
      () => store(null),
    );
  }, [store]);

  const login = useCallback(
    async (email: string, password: string) => {
      asked.current = true;
      const answer = await request<LoginResponse>('/api/auth/login', {
        body: { email, password } satisfies LoginRequest,
      });
      // The answer's token is for API clients; this page's session is the cookie just set.
      const who = toStaff(answer.staff);
      store(who);
      return who;
    },
    [store],
  );

  const logout = useCallback(async () => {
    try {
      await request('/api/auth/logout', { method: 'POST' });
    } catch {
      // Already ended on the server: nothing to undo.
    }
    store(null);
  }, [store]);

  const call = useCallback(
    async <T,>(path: string, options: Omit<RequestOptions, 'token'> = {}): Promise<T> => {
      try {
        return await request<T>(path, options);
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) store(null);
        throw error;
      }
    },
    [store],
  );

  const changePassword = useCallback(async (currentPassword: string, newPassword: string) => {
    const body: ChangePasswordRequest = { currentPassword, newPassword };
    await request('/api/auth/password', { body });
  }, []);

  const value = useMemo<Session>(
    () => ({ staff, ready, ensureChecked, login, logout, call, changePassword }),
    [staff, ready, ensureChecked, login, logout, call, changePassword],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

function toStaff(answer: StaffMember): StaffMember {
  return {
    id: answer.id,
    email: answer.email,
    displayName: answer.displayName,
    role: answer.role,
    office: answer.office,
  };
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
