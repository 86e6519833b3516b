import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { ApiError, request, type RequestOptions } from '../api/client';
import type { LoginResponse, StaffMember } from '../api/types';

const STORAGE_KEY = 'sprechstunde.session';

interface StoredSession {
  token: string;
  staff: StaffMember;
}

export interface Session {
  staff: StaffMember | null;
  login: (email: string, password: string) => Promise<StaffMember>;
  logout: () => Promise<void>;
  /** Changes the own password; a wrong current password answers 401 without ending the session. */
  changePassword: (currentPassword: string, newPassword: string) => Promise<void>;
  /** A request with the staff token; a 401 (session ended) logs out and rethrows. */
  call: <T>(path: string, options?: Omit<RequestOptions, 'token'>) => Promise<T>;
}

const SessionContext = createContext<Session | null>(null);

/**
 * Staff sessions are server-side (opaque bearer token, 30 min idle). The token lives in
 * sessionStorage: gone when the tab closes, never in a cookie (no CSRF surface), and the strict
 * Content-Security-Policy keeps foreign scripts from reading it.
 */
function readStored(): StoredSession | null {
  try {
    const text = sessionStorage.getItem(STORAGE_KEY);
    return text ? (JSON.parse(text) as StoredSession) : null;
  } catch {
    return null;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<StoredSession | null>(readStored);

  const queryClient = useQueryClient();
  const store = useCallback(
    (next: StoredSession | null) => {
      // Nothing one person loaded (appointments, contacts) stays in memory for the next on this tab.
      queryClient.clear();
      try {
        if (next) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
        else sessionStorage.removeItem(STORAGE_KEY);
      } catch {
        // Storage unavailable: the session lasts as long as the page.
      }
      setSession(next);
    },
    [queryClient],
  );

  const login = useCallback(
    async (email: string, password: string) => {
      const answer = await request<LoginResponse>('/api/auth/login', {
        body: { email, password },
      });
      const staff: StaffMember = {
        id: answer.staff.id,
        email: answer.staff.email,
        displayName: answer.staff.displayName,
        role: answer.staff.role,
      };
      store({ token: answer.token, staff });
      return staff;
    },
    [store],
  );

  const token = session?.token ?? null;

  const logout = useCallback(async () => {
    if (token) {
      try {
        await request('/api/auth/logout', { method: 'POST', token });
      } catch {
        // Already ended on the server: nothing to undo.
      }
    }
    store(null);
  }, [token, store]);

  const call = useCallback(
    async <T,>(path: string, options: Omit<RequestOptions, 'token'> = {}): Promise<T> => {
      try {
        return await request<T>(path, { ...options, token });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) store(null);
        throw error;
      }
    },
    [token, store],
  );

  const changePassword = useCallback(
    async (currentPassword: string, newPassword: string) => {
      await request('/api/auth/password', { body: { currentPassword, newPassword }, token });
    },
    [token],
  );

  const value = useMemo<Session>(
    () => ({ staff: session?.staff ?? null, login, logout, call, changePassword }),
    [session, login, logout, call, changePassword],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
