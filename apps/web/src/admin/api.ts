import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { request } from '../api/client';
import type { Channel, PublicTopic, StaffRole } from '../api/types';
import { useSession } from '../auth/session';

export type { Absence, Counsellor, ExtraHours, Rule, StaffAppointment } from '../api/availability';
import type { Counsellor } from '../api/availability';

/** Shapes of the admin API's answers (see /api/docs). */

export type LocalizedText = Record<string, string>;

export interface StaffAccount {
  id: string;
  email: string;
  displayName: string;
  role: StaffRole;
  active: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface ConsultationType {
  id: string;
  name: LocalizedText;
  description: LocalizedText;
  topic: string;
  durationMinutes: number;
  stepMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  minNoticeMinutes: number;
  horizonDays: number;
  channel: Channel;
  reminderOffsetsMinutes: number[];
  changeCutoffMinutes: number;
  joinOpensMinutesBefore: number;
  joinClosesMinutesAfter: number;
  e2ee: boolean;
  autoAdmit: boolean;
  active: boolean;
  counsellorIds: string[];
}

export interface Holiday {
  date: string;
  name: string;
  open: boolean;
}

export interface AuditEvent {
  id: string;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  action: string;
  appointmentId: string | null;
  changes: Record<string, unknown>;
}

export interface NotificationMetrics {
  kinds: { kind: string; sent: number; failed: number; pending: number }[];
  queue: Record<string, number>;
}

export interface FailedNotification {
  id: string;
  kind: string;
  appointmentId: string | null;
  appointmentVersion: number | null;
  counsellorId: string | null;
  channel: string;
  attempts: number;
  lastError: string | null;
  failedAt: string;
}

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

export function useCounsellors() {
  const { call } = useSession();
  return useQuery({
    queryKey: keys.counsellors,
    queryFn: () => call<Counsellor[]>('/api/admin/counsellors'),
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
