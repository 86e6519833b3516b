import { useQuery } from '@tanstack/react-query';
import type { components } from '../api/openapi';
import { useSession } from '../auth/session';

/** Shapes of the platform API's answers and bodies, from its OpenAPI document (api/openapi.ts). */
type Schemas = components['schemas'];

export type PlatformOffice = Schemas['PlatformOfficeResponseDto'];
export type CreateOfficeRequest = Schemas['CreateOfficeDto'];
export type UpdateOfficeRequest = Schemas['UpdateOfficeDto'];
export type CreatedOffice = Schemas['CreatedOfficeResponseDto'];
export type PlatformHealth = Schemas['PlatformHealthResponseDto'];
export type OfficeStatus = PlatformOffice['status'];

/** Where bull-board answers (apps/api/src/notifications/queue-dashboard.ts). */
export const QUEUE_DASHBOARD_PATH = '/api/admin/queues/';

/** Query keys: a mutation invalidates the prefix it changes. */
export const keys = {
  offices: ['platform', 'offices'] as const,
  office: (id: string) => ['platform', 'offices', id] as const,
  health: ['platform', 'health'] as const,
};

/** The instance's offices; `enabled` false for a page that shows them to platform admins only. */
export function usePlatformOffices(enabled = true) {
  const { call } = useSession();
  return useQuery({
    queryKey: keys.offices,
    queryFn: () => call<PlatformOffice[]>('/api/platform/offices'),
    enabled,
  });
}

export function usePlatformOffice(id: string) {
  const { call } = useSession();
  return useQuery({
    queryKey: keys.office(id),
    queryFn: () => call<PlatformOffice>(`/api/platform/offices/${encodeURIComponent(id)}`),
  });
}

export function usePlatformHealth() {
  const { call } = useSession();
  return useQuery({
    queryKey: keys.health,
    queryFn: () => call<PlatformHealth>('/api/platform/health'),
    refetchInterval: 60_000,
  });
}
