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
  ConsultationTypeCounsellorEntity,
  ConsultationTypeEntity,
  CounsellorEntity,
  ExtraHoursEntity,
  HolidayOpeningEntity,
  RosterVersionEntity,
} from '@app/roster';
import { DocumentBlobEntity, DocumentEntity } from '@app/documents';
import {
  ConversationNoticeEntity,
  ConversationNoticeTokenEntity,
  NotificationEntity,
} from '@app/notifications';
import { OfficeEntity, OfficeInterpreterPoolEntity } from '@app/offices';
import { SlotSearchStatEntity } from '@app/reports';
import { StaffAccountEntity, StaffSessionEntity } from '@app/staff';
import { SurveyAnswerEntity, SurveyInvitationEntity } from '@app/survey';
import { LiveKitWebhookEventEntity, VideoGuestEntity, VideoSessionEntity } from '@app/video';
import {
  WalkInDutyEntity,
  WalkInExceptionEntity,
  WalkInHourEntity,
  WalkInInterpreterDutyEntity,
  WalkInRuleEntity,
  WalkInSessionEntity,
  WalkInTicketEntity,
  WalkInTicketTokenEntity,
} from '@app/walk-in';
import {
  MessengerBindingEntity,
  MessengerInboundEntity,
  MessengerLinkEntity,
} from '@app/messengers';
import { WaitlistEntryEntity, WaitlistTokenEntity } from '@app/waitlist';
import { ConversationEntity, ConversationMessageEntity } from '@app/conversations';

/** Every entity mapped by TypeORM. */
export const ENTITIES = [
  OfficeEntity,
  OfficeInterpreterPoolEntity,
  StaffAccountEntity,
  StaffSessionEntity,
  CounsellorEntity,
  ConsultationTypeEntity,
  ConsultationTypeCounsellorEntity,
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
  VideoGuestEntity,
  LiveKitWebhookEventEntity,
  NotificationEntity,
  DocumentEntity,
  DocumentBlobEntity,
  WalkInHourEntity,
  WalkInRuleEntity,
  WalkInExceptionEntity,
  WalkInSessionEntity,
  WalkInDutyEntity,
  WalkInInterpreterDutyEntity,
  WalkInTicketEntity,
  WalkInTicketTokenEntity,
  WaitlistEntryEntity,
  WaitlistTokenEntity,
  MessengerLinkEntity,
  MessengerBindingEntity,
  MessengerInboundEntity,
  ConversationEntity,
  ConversationMessageEntity,
  ConversationNoticeEntity,
  ConversationNoticeTokenEntity,
  SurveyInvitationEntity,
  SurveyAnswerEntity,
  SlotSearchStatEntity,
];
