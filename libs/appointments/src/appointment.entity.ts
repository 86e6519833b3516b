import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Exclusion,
  ForeignKey,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { OfficeEntity } from '@app/offices';
import { ConsultationTypeEntity, CounsellorEntity } from '@app/roster';

/**
 * 'held': a time kept for a waitlisted client until they answer the offer (hold_expires_at). It
 * blocks the time like a booking, but is no booking: staff lists, reminders and video leave it out.
 */
export const APPOINTMENT_STATUSES = [
  'confirmed',
  'cancelled',
  'completed',
  'no_show',
  'held',
] as const;
export const CONTACT_CHANNELS = ['email', 'phone'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
export const CANCELLED_BY = ['client', 'staff', 'system'] as const;
export type CancelledBy = (typeof CANCELLED_BY)[number];
/** The client's answer to a message ("I will come", "I am running late"), for the counsellor. */
export const CLIENT_RESPONSES = ['confirmed', 'late'] as const;
export type ClientResponse = (typeof CLIENT_RESPONSES)[number];

/**
 * One booked slot. The exclusion constraint is the guarantee against double booking: two live
 * appointments of one counsellor never overlap, buffers included, whatever the concurrency.
 */
@Entity({ name: 'appointment' })
@Index('ix_appointment_counsellor_start', ['counsellorId', 'startsAt'])
// The per-contact limit of live appointments counts by address.
@Index('ix_appointment_live_contact', ['contactValue'], { where: `"status" = 'confirmed'` })
// The retention job's search: appointments whose client data is still there, by end.
@Index('ix_appointment_unerased_end', ['endsAt'], { where: '"personal_data_erased_at" IS NULL' })
@Check('ck_appointment_period', '"starts_at" < "ends_at"')
@Check(
  'ck_appointment_family_members',
  '"accompanying_family_members" IS NULL OR "accompanying_family_members" BETWEEN 0 AND 20',
)
@Check(
  'ck_appointment_cancelled_by',
  `"cancelled_by" IS NULL OR "cancelled_by" IN ('client', 'staff', 'system')`,
)
@Check('ck_appointment_hold', `("status" = 'held') = ("hold_expires_at" IS NOT NULL)`)
// Held times count: nobody books a time held for a waitlisted client, and no two holds overlap.
@Exclusion(
  'ex_appointment_no_double_booking',
  // appointment_blocked_range() is defined by the migration: tstzrange widened by the buffers.
  `USING gist ("counsellor_id" WITH =, appointment_blocked_range("starts_at", "ends_at", "buffer_before_minutes", "buffer_after_minutes") WITH &&) WHERE ("status" IN ('confirmed', 'held'))`,
)
// An interpreter is never in two live appointments at once either.
@Exclusion(
  'ex_appointment_interpreter_no_double_booking',
  `USING gist ("interpreter_id" WITH =, appointment_blocked_range("starts_at", "ends_at", "buffer_before_minutes", "buffer_after_minutes") WITH &&) WHERE ("status" IN ('confirmed', 'held') AND "interpreter_id" IS NOT NULL)`,
)
@Index('ix_appointment_interpreter_start', ['interpreterId', 'startsAt'], {
  where: '"interpreter_id" IS NOT NULL',
})
@Check(
  'ck_appointment_interpreter_language',
  '"interpreter_id" IS NULL OR "interpreter_language" IS NOT NULL',
)
// The release of unanswered holds.
@Index('ix_appointment_hold_expiry', ['holdExpiresAt'], { where: `"status" = 'held'` })
// The type and the counsellor are of the appointment's office: the keys include it.
@ForeignKey(() => ConsultationTypeEntity, ['consultationTypeId', 'officeId'], ['id', 'officeId'], {
  name: 'fk_appointment_consultation_type',
  onDelete: 'RESTRICT',
})
@ForeignKey(() => CounsellorEntity, ['counsellorId', 'officeId'], ['id', 'officeId'], {
  name: 'fk_appointment_counsellor',
  onDelete: 'RESTRICT',
})
@Index('ix_appointment_office_start', ['officeId', 'startsAt'])
// The reports' scans of days across offices.
@Index('ix_appointment_start', ['startsAt'])
// The target of the documents' composite foreign key.
@Unique('uq_appointment_id_office', ['id', 'officeId'])
export class AppointmentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_appointment' })
  id: string;

  @Column({ name: 'office_id', type: 'uuid' })
  officeId: string;

  @ManyToOne(() => OfficeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_appointment_office' })
  office?: OfficeEntity;

  @Column({ name: 'consultation_type_id', type: 'uuid' })
  consultationTypeId: string;

  // For joins only: the foreign key is the composite one above.
  @ManyToOne(() => ConsultationTypeEntity, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'consultation_type_id' })
  consultationType?: ConsultationTypeEntity;

  @Column({ name: 'counsellor_id', type: 'uuid' })
  counsellorId: string;

  @ManyToOne(() => CounsellorEntity, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'counsellor_id' })
  counsellor?: CounsellorEntity;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  /** The buffers it was booked with: later changes to the consultation type do not move them. */
  @Column({ name: 'buffer_before_minutes', type: 'integer', default: 0 })
  bufferBeforeMinutes: number;

  @Column({ name: 'buffer_after_minutes', type: 'integer', default: 0 })
  bufferAfterMinutes: number;

  @Column({
    type: 'enum',
    enum: APPOINTMENT_STATUSES,
    enumName: 'appointment_status',
    default: 'confirmed',
  })
  status: AppointmentStatus;

  /** Until when a held time waits for the waitlisted client's answer; null for every other status. */
  @Column({ name: 'hold_expires_at', type: 'timestamptz', nullable: true })
  holdExpiresAt: Date | null;

  /** The client's last answer by messenger or SMS, and when: the console shows it. */
  @Column({
    name: 'client_response',
    type: 'enum',
    enum: CLIENT_RESPONSES,
    enumName: 'client_response',
    nullable: true,
  })
  clientResponse: ClientResponse | null;

  @Column({ name: 'client_response_at', type: 'timestamptz', nullable: true })
  clientResponseAt: Date | null;

  /** Grows with every change of time, counsellor or status: reminders and notices are keyed by it. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  // The client: a pseudonym and one contact channel are enough. Erased by the retention job.

  @Column({ name: 'client_pseudonym', type: 'varchar', length: 60, nullable: true })
  clientPseudonym: string | null;

  @Column({ name: 'client_language', type: 'varchar', length: 16, default: 'de' })
  clientLanguage: string;

  /** When the client asked for a counsellor speaking a language, reassignments keep to it. */
  @Column({ name: 'requested_language', type: 'varchar', length: 16, nullable: true })
  requestedLanguage: string | null;

  @Column({ name: 'client_time_zone', type: 'varchar', length: 64, default: 'Europe/Berlin' })
  clientTimeZone: string;

  @Column({
    name: 'contact_channel',
    type: 'enum',
    enum: CONTACT_CHANNELS,
    enumName: 'contact_channel',
    nullable: true,
  })
  contactChannel: ContactChannel | null;

  @Column({ name: 'contact_value', type: 'varchar', length: 254, nullable: true })
  contactValue: string | null;

  @Column({ name: 'client_note', type: 'varchar', length: 500, nullable: true })
  clientNote: string | null;

  @Column({ name: 'needs_interpreter', type: 'boolean', default: false })
  needsInterpreter: boolean;

  /**
   * The interpreter booked with the counsellor (a roster person of kind `interpreter`, of this
   * office or of a pool it uses); null when none was asked for.
   */
  @Column({ name: 'interpreter_id', type: 'uuid', nullable: true })
  interpreterId: string | null;

  @ManyToOne(() => CounsellorEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'interpreter_id', foreignKeyConstraintName: 'fk_appointment_interpreter' })
  interpreter?: CounsellorEntity | null;

  /** The language interpreted (BCP 47: `ti`, `prs`, `gsg` for German Sign Language …). */
  @Column({ name: 'interpreter_language', type: 'varchar', length: 16, nullable: true })
  interpreterLanguage: string | null;

  /** The LiveKit room: derived from the appointment's id, never from client input. */
  @Column({ name: 'room_name', type: 'varchar', length: 64, nullable: true })
  roomName: string | null;

  /** Who cancelled: kept after retention for the statistics (no one is named). */
  @Column({ name: 'cancelled_by', type: 'varchar', length: 10, nullable: true })
  cancelledBy: CancelledBy | null;

  /** Family members counselled with the client, as staff recorded with the outcome (0–20). */
  @Column({ name: 'accompanying_family_members', type: 'smallint', nullable: true })
  accompanyingFamilyMembers: number | null;

  @Column({ name: 'cancellation_reason', type: 'varchar', length: 500, nullable: true })
  cancellationReason: string | null;

  /** When the retention job removed the client's data; the rest stays for anonymous statistics. */
  @Column({ name: 'personal_data_erased_at', type: 'timestamptz', nullable: true })
  personalDataErasedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
