import {
  AppointmentEntity,
  AuditEventEntity,
  CalendarFeedEntity,
  IdempotencyKeyEntity,
  ManageTokenEntity,
  OutboxEventEntity,
} from '@app/appointments';
import {
  AbsenceEntity,
  AvailabilityRuleEntity,
  ConsultationTypeEntity,
  CounsellorEntity,
  ExtraHoursEntity,
  HolidayOpeningEntity,
  RosterVersionEntity,
} from '@app/roster';
import { DocumentBlobEntity, DocumentEntity } from '@app/documents';
import { NotificationEntity } from '@app/notifications';
import { StaffAccountEntity, StaffSessionEntity } from '@app/staff';
import { LiveKitWebhookEventEntity, VideoSessionEntity } from '@app/video';

/** Every entity mapped by TypeORM. */
export const ENTITIES = [
  StaffAccountEntity,
  StaffSessionEntity,
  CounsellorEntity,
  ConsultationTypeEntity,
  AvailabilityRuleEntity,
  ExtraHoursEntity,
  AbsenceEntity,
  HolidayOpeningEntity,
  RosterVersionEntity,
  AppointmentEntity,
  ManageTokenEntity,
  IdempotencyKeyEntity,
  AuditEventEntity,
  OutboxEventEntity,
  CalendarFeedEntity,
  VideoSessionEntity,
  LiveKitWebhookEventEntity,
  NotificationEntity,
  DocumentEntity,
  DocumentBlobEntity,
];
