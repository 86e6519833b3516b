import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { request } from '../api/client';
import type { components } from '../api/openapi';
import type { PublicTopic } from '../api/types';
import { useSession } from '../auth/session';
import { LANGUAGES } from '../i18n/languages';

export type { Absence, Counsellor, ExtraHours, Rule, StaffAppointment } from '../api/availability';
import type { Counsellor } from '../api/availability';

/** Shapes of the admin API's answers, from its OpenAPI document (api/openapi.ts). */
type Schemas = components['schemas'];

export type StaffAccount = Schemas['StaffResponseDto'];
export type ConsultationType = Schemas['ConsultationTypeResponseDto'];
/** Texts by ISO 639-1 language code (a consultation type's name and description). */
export type LocalizedText = ConsultationType['name'];
export type Holiday = Schemas['HolidayDto'];
export type AuditEvent = Schemas['AuditEventDto'];
export type NotificationMetrics = Schemas['NotificationMetricsDto'];
export type FailedNotification = Schemas['FailedNotificationDto'];

/**
 * A topic code as the API accepts it. Its answers (a counsellor's topics, a type's topic, the public
 * topic list) declare plain strings, so a code read from them is cast to this when sent back.
 */
export type Topic = Schemas['CreateConsultationTypeDto']['topic'];

/** The bodies the admin area sends. */
export type CreateStaffRequest = Schemas['CreateStaffDto'];
export type UpdateStaffRequest = Schemas['UpdateStaffDto'];
export type CreateCounsellorRequest = Schemas['CreateCounsellorDto'];
export type UpdateCounsellorRequest = Schemas['UpdateCounsellorDto'];
export type CounsellorTypesRequest = Schemas['CounsellorTypesDto'];
export type CreateConsultationTypeRequest = Schemas['CreateConsultationTypeDto'];
export type UpdateConsultationTypeRequest = Schemas['UpdateConsultationTypeDto'];
export type ReassignRequest = Schemas['ReassignDto'];

/** Query keys: a mutation invalidates the prefix it changes. */
export const keys = {
  counsellors: ['admin', 'counsellors'] as const,
  staff: ['admin', 'staff'] as const,
  types: ['admin', 'types'] as const,
  topics: (language: string) => ['public', 'topics', language] as const,
  holidays: (year: number) => ['admin', 'holidays', year] as const,
  appointments: ['admin', 'appointments'] as const,
  audit: ['admin', 'audit'] as const,
  notifications: ['admin', 'notifications'] as const,
};

/** The office's counsellors; `enabled` false for a page that may show them to admins only. */
export function useCounsellors(enabled = true) {
  const { call } = useSession();
  return useQuery({
    queryKey: keys.counsellors,
    queryFn: () => call<Counsellor[]>('/api/admin/counsellors'),
    enabled,
  });
}

export function useStaffAccounts() {
  const { call } = useSession();
  return useQuery({
    queryKey: keys.staff,
    queryFn: () => call<StaffAccount[]>('/api/admin/staff'),
  });
}

export function useConsultationTypes() {
  const { call } = useSession();
  return useQuery({
    queryKey: keys.types,
    queryFn: () => call<ConsultationType[]>('/api/admin/consultation-types'),
  });
}

/** Topic codes with their names in the UI language. */
export function useTopics() {
  const { i18n } = useTranslation();
  return useQuery({
    queryKey: keys.topics(i18n.language),
    queryFn: () =>
      request<PublicTopic[]>('/api/public/topics', { query: { language: i18n.language } }),
    staleTime: 60 * 60_000,
  });
}

/** A localized text in the UI language, else German, else English, else any. */
export function localized(text: LocalizedText | undefined, language: string): string {
  if (!text) return '';
  return text[language] ?? text.de ?? text.en ?? Object.values(text)[0] ?? '';
}

/**
 * The app's languages a type has no name in: clients reading them see the name in English (else
 * German) instead, which the admin should know.
 */
export function missingNameLanguages(name: LocalizedText): string[] {
  return LANGUAGES.map((language) => language.code as string).filter((code) => !name[code]?.trim());
}
