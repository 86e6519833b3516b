import { useQuery } from '@tanstack/react-query';
import type { Counsellor } from '../api/availability';
import type { components } from '../api/openapi';
import { useSession } from '../auth/session';

/**
 * The interpreters' side of the API. Interpreters are roster people of kind `interpreter`: they are
 * listed, created and edited through the admin's counsellor routes with `kind`, and their rules,
 * extra hours and absences go through the same roster routes as a counsellor's.
 */

type Schemas = components['schemas'];

/** An appointment's booked interpreter, as staff answers give it (`language`: a BCP 47 tag). */
export type AppointmentInterpreter = Schemas['StaffInterpreterDto'];

/** A roster person of kind interpreter. */
export type Interpreter = Counsellor;

/** What the admin sends to create an interpreter (with kind interpreter) or to change one. */
export type CreateInterpreterBody = Schemas['CreateCounsellorDto'];
export type InterpreterBody = Schemas['UpdateCounsellorDto'];

/** An interpreter pool as the office admin chooses it, with its interpreters' languages. */
export type InterpreterPool = Schemas['InterpreterPoolResponseDto'];

/** One appointment an interpreter is booked for: no contact data of the client. */
export type InterpreterAssignment = Schemas['InterpreterAssignmentDto'];

export const interpreterKeys = {
  list: ['admin', 'interpreters'] as const,
  pools: ['admin', 'interpreter-pools'] as const,
  assignments: (from: string, to: string) => ['interpreter', 'assignments', from, to] as const,
};

/** The office's interpreters (its own, not those of the pools it chose). */
export function useInterpreters(enabled = true) {
  const { call } = useSession();
  return useQuery({
    queryKey: interpreterKeys.list,
    queryFn: () =>
      call<Interpreter[]>('/api/admin/counsellors', { query: { kind: 'interpreter' } }),
    enabled,
  });
}

/** Every active pool, with whether this office chose it. */
export function useInterpreterPools(enabled = true) {
  const { call } = useSession();
  return useQuery({
    queryKey: interpreterKeys.pools,
    queryFn: () => call<InterpreterPool[]>('/api/office/interpreter-pools'),
    enabled,
  });
}

/** The logged-in interpreter's appointments between two days (inclusive, yyyy-MM-dd). */
export function useAssignments(from: string, to: string) {
  const { call } = useSession();
  return useQuery({
    queryKey: interpreterKeys.assignments(from, to),
    queryFn: () =>
      call<InterpreterAssignment[]>('/api/interpreter/assignments', { query: { from, to } }),
    refetchInterval: 60_000,
  });
}
