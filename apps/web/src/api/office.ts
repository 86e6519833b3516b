import { useSuspenseQuery } from '@tanstack/react-query';
import { useSession } from '../auth/session';
import { request } from './client';
import type { components } from './openapi';

export type Office = components['schemas']['PublicOfficeDto'];

/**
 * The time zone of the logged-in staff member's office, for its weeks and the admin's times (the
 * session knows it from the login). Without an office (a platform admin) the default office's, asked
 * once per page load; the page shows its loading state until the answer is there.
 */
export function useOfficeZone(): string {
  const own = useSession().staff?.office?.timeZone ?? null;
  const office = useSuspenseQuery({
    queryKey: ['office-zone', own],
    queryFn: () =>
      own === null ? request<Office>('/api/public/office') : Promise.resolve({ timeZone: own }),
    staleTime: Infinity,
  });
  return office.data.timeZone;
}
