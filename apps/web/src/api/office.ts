import { useSuspenseQuery } from '@tanstack/react-query';
import { request } from './client';
import type { components } from './openapi';

export type Office = components['schemas']['PublicOfficeDto'];

/**
 * The office's time zone (OFFICE_TIME_ZONE on the server), for its weeks and the admin's times.
 * Asked once per page load; the page shows its loading state until the answer is there.
 */
export function useOfficeZone(): string {
  const office = useSuspenseQuery({
    queryKey: ['office'],
    queryFn: () => request<Office>('/api/public/office'),
    staleTime: Infinity,
  });
  return office.data.timeZone;
}
