import { useQuery } from '@tanstack/react-query';
import { request } from '../api/client';
import type { ShareLinks } from './links';

/** An office's share links in a language; they change when an admin edits types or hours. */
export function useShareLinks(office: string | undefined, language: string) {
  return useQuery({
    queryKey: ['share-links', office, language],
    queryFn: ({ signal }) =>
      request<ShareLinks>('/api/public/share/links', {
        query: { office: office ?? '', language },
        signal,
      }),
    enabled: Boolean(office),
    staleTime: 5 * 60_000,
  });
}
