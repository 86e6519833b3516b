import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { AppointmentEntity, CONTACT_CHANNELS, type ContactChannel } from '@app/appointments';
import { OfficeEntity } from '@app/offices';
import { ConsultationTypeEntity } from '@app/roster';

/**
 * waiting: in line for a time; offered: a time is held for them until offer_expires_at; booked:
 * they took it; expired: their range passed, or an offer went unanswered; cancelled: they left.
 */
export const WAITLIST_STATUSES = ['waiting', 'offered', 'booked', 'expired', 'cancelled'] as const;
export type WaitlistStatus = (typeof WAITLIST_STATUSES)[number];

/**
 * A client waiting for a time of a consultation type to free up, within a range of days (local
 * dates of the office's zone). The pseudonym and contact are personal and erased with the office's
 * retention; type, language, range, status and times stay for the statistics of unmet demand.
 */
@Entity({ name: 'waitlist_entry' })
@Check('ck_waitlist_entry_range', '"from_date" <= "to_date"')
@Check('ck_waitlist_entry_contact', `("contact_channel" IS NULL) = ("contact_value" IS NULL)`)
@Check('ck_waitlist_entry_offer', `"status" <> 'offered' OR "offer_expires_at" IS NOT NULL`)
// The line as the matcher reads it: the waiting entries of a type, first come first.
@Index('ix_waitlist_entry_queue', ['consultationTypeId', 'queuedAt'], {
  where: `"status" = 'waiting'`,
})
@Index('ix_waitlist_entry_live_contact', ['contactValue'], {
  where: `"status" IN ('waiting', 'offered')`,
})
@Index('ix_waitlist_entry_office', ['officeId', 'createdAt'])
@Index('ix_waitlist_entry_erasure', ['finishedAt'], { where: '"personal_data_erased_at" IS NULL' })
@ForeignKey(() => ConsultationTypeEntity, ['consultationTypeId', 'officeId'], ['id', 'officeId'], {
  name: 'fk_waitlist_entry_consultation_type',
  onDelete: 'CASCADE',
})
export class WaitlistEntryEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_waitlist_entry' })
  id: string;

  @Column({ name: 'office_id', type: 'uuid' })
  officeId: string;

  @ManyToOne(() => OfficeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_waitlist_entry_office' })
  office?: OfficeEntity;

  @Column({ name: 'consultation_type_id', type: 'uuid' })
  consultationTypeId: string;

  // For joins only: the foreign key is the composite one above.
  @ManyToOne(() => ConsultationTypeEntity, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'consultation_type_id' })
  consultationType?: ConsultationTypeEntity;

  /** The conversation language wanted: only counsellors who speak it; null: any. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  language: string | null;

  /** An interpreter for this language is held with the counsellor (BCP 47 tag); null: none. */
  @Column({ name: 'interpreter_language', type: 'varchar', length: 16, nullable: true })
  interpreterLanguage: string | null;

  /** The first and last day (office zone) the client could come. */
  @Column({ name: 'from_date', type: 'date' })
  fromDate: string;

  @Column({ name: 'to_date', type: 'date' })
  toDate: string;

  @Column({
    type: 'enum',
    enum: WAITLIST_STATUSES,
    enumName: 'waitlist_entry_status',
    default: 'waiting',
  })
  status: WaitlistStatus;

  /** The line's order: when joined, or when the client declined an offer (then at the end). */
  @Column({ name: 'queued_at', type: 'timestamptz' })
  queuedAt: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** The time held for the client while offered (and the booking once booked). */
  @Column({ name: 'offered_appointment_id', type: 'uuid', nullable: true })
  offeredAppointmentId: string | null;

  @ManyToOne(() => AppointmentEntity, { onDelete: 'SET NULL' })
  @JoinColumn({
    name: 'offered_appointment_id',
    foreignKeyConstraintName: 'fk_waitlist_entry_appointment',
  })
  offeredAppointment?: AppointmentEntity;

  @Column({ name: 'offer_expires_at', type: 'timestamptz', nullable: true })
  offerExpiresAt: Date | null;

  /** A start the client declined: not offered to them again. */
  @Column({ name: 'declined_start', type: 'timestamptz', nullable: true })
  declinedStart: Date | null;

  /** Offers made to this entry (statistics: how often a freed time found a client). */
  @Column({ type: 'smallint', default: 0 })
  offers: number;

  /** When it stopped waiting (booked, expired, cancelled): the retention counts from here. */
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'varchar', length: 60, nullable: true })
  pseudonym: string | null;

  @Column({ name: 'client_language', type: 'varchar', length: 16 })
  clientLanguage: string;

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

  @Column({ name: 'personal_data_erased_at', type: 'timestamptz', nullable: true })
  personalDataErasedAt: Date | null;
}

/** An entry link's token, stored as its SHA-256 hash: the one shown at joining, one per offer. */
@Entity({ name: 'waitlist_token' })
@Index('ix_waitlist_token_entry', ['entryId'])
export class WaitlistTokenEntity {
  @PrimaryColumn({
    name: 'token_hash',
    type: 'char',
    length: 64,
    primaryKeyConstraintName: 'pk_waitlist_token',
  })
  tokenHash: string;

  @Column({ name: 'entry_id', type: 'uuid' })
  entryId: string;

  @ManyToOne(() => WaitlistEntryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'entry_id', foreignKeyConstraintName: 'fk_waitlist_token_entry' })
  entry?: WaitlistEntryEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
