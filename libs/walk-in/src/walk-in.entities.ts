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
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { AppointmentEntity, CONTACT_CHANNELS, type ContactChannel } from '@app/appointments';
import { OfficeEntity } from '@app/offices';
import { CHANNELS, CounsellorEntity, type Channel, type LocalizedText } from '@app/roster';

export const TICKET_STATUSES = [
  'waiting',
  'called',
  'in_call',
  'served',
  'missed',
  'left',
  'expired',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/**
 * An office's online open consultation hour: when (weekly rules and one-off dates, in the office's
 * zone), for which topics and languages, by which channel, and the rules of its queue.
 */
@Entity({ name: 'walk_in_hour' })
@Unique('uq_walk_in_hour_id_office', ['id', 'officeId'])
@Index('ix_walk_in_hour_office', ['officeId'])
@Check('ck_walk_in_hour_name_de', `jsonb_typeof("name" -> 'de') = 'string'`)
@Check('ck_walk_in_hour_prefix', `"prefix" ~ '^[A-Z]{1,2}$'`)
@Check('ck_walk_in_hour_languages', `cardinality("languages") > 0`)
@Check('ck_walk_in_hour_margin', `"close_margin_minutes" BETWEEN 0 AND 240`)
@Check('ck_walk_in_hour_max_queue', `"max_queue" BETWEEN 1 AND 5000`)
@Check('ck_walk_in_hour_grace', `"grace_minutes" BETWEEN 1 AND 30`)
@Check('ck_walk_in_hour_handling', `"default_handling_minutes" BETWEEN 1 AND 240`)
export class WalkInHourEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_walk_in_hour' })
  id: string;

  @Column({ name: 'office_id', type: 'uuid' })
  officeId: string;

  @ManyToOne(() => OfficeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_walk_in_hour_office' })
  office?: OfficeEntity;

  @Column({ type: 'jsonb' })
  name: LocalizedText;

  /** The short public text, per language. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  description: LocalizedText;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  topics: string[];

  @Column({ type: 'text', array: true })
  languages: string[];

  @Column({ type: 'enum', enum: CHANNELS, enumName: 'consultation_channel', default: 'video' })
  channel: Channel;

  /** The letter before ticket numbers ("A-023"), so that two hours' numbers are told apart. */
  @Column({ type: 'varchar', length: 2, default: 'A' })
  prefix: string;

  /** No new numbers when the expected wait would run past the end minus this margin. */
  @Column({ name: 'close_margin_minutes', type: 'integer', default: 10 })
  closeMarginMinutes: number;

  @Column({ name: 'max_queue', type: 'integer', default: 40 })
  maxQueue: number;

  /** How long a called client has to answer before the ticket counts as missed. */
  @Column({ name: 'grace_minutes', type: 'integer', default: 3 })
  graceMinutes: number;

  /** The estimate's handling time until this hour has served clients of its own. */
  @Column({ name: 'default_handling_minutes', type: 'integer', default: 15 })
  defaultHandlingMinutes: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A weekly window of a walk-in hour, in its office's wall-clock time (the rosters' semantics). */
@Entity({ name: 'walk_in_rule' })
@Index('ix_walk_in_rule_hour', ['walkInHourId'])
@Check('ck_walk_in_rule_weekday', `"weekday" BETWEEN 1 AND 7`)
@Check(
  'ck_walk_in_rule_minutes',
  `"start_minute" >= 0 AND "end_minute" <= 1440 AND "start_minute" < "end_minute"`,
)
@Check(
  'ck_walk_in_rule_validity',
  `"valid_until" IS NULL OR "valid_from" IS NULL OR "valid_from" <= "valid_until"`,
)
@ForeignKey(() => WalkInHourEntity, ['walkInHourId', 'officeId'], ['id', 'officeId'], {
  name: 'fk_walk_in_rule_hour',
  onDelete: 'CASCADE',
})
export class WalkInRuleEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_walk_in_rule' })
  id: string;

  @Column({ name: 'walk_in_hour_id', type: 'uuid' })
  walkInHourId: string;

  @Column({ name: 'office_id', type: 'uuid' })
  officeId: string;

  @Column({ type: 'smallint' })
  weekday: number;

  @Column({ name: 'start_minute', type: 'smallint' })
  startMinute: number;

  @Column({ name: 'end_minute', type: 'smallint' })
  endMinute: number;

  @Column({ name: 'valid_from', type: 'date', nullable: true })
  validFrom: string | null;

  @Column({ name: 'valid_until', type: 'date', nullable: true })
  validUntil: string | null;
}

/** One date of a walk-in hour: extra hours (with times) or cancelled altogether (without). */
@Entity({ name: 'walk_in_exception' })
@Index('ix_walk_in_exception_hour_date', ['walkInHourId', 'date'])
@Check(
  'ck_walk_in_exception_minutes',
  `("start_minute" IS NULL AND "end_minute" IS NULL) OR ("start_minute" >= 0 AND "end_minute" <= 1440 AND "start_minute" < "end_minute")`,
)
@ForeignKey(() => WalkInHourEntity, ['walkInHourId', 'officeId'], ['id', 'officeId'], {
  name: 'fk_walk_in_exception_hour',
  onDelete: 'CASCADE',
})
export class WalkInExceptionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_walk_in_exception' })
  id: string;

  @Column({ name: 'walk_in_hour_id', type: 'uuid' })
  walkInHourId: string;

  @Column({ name: 'office_id', type: 'uuid' })
  officeId: string;

  @Column({ type: 'date' })
  date: string;

  @Column({ name: 'start_minute', type: 'smallint', nullable: true })
  startMinute: number | null;

  @Column({ name: 'end_minute', type: 'smallint', nullable: true })
  endMinute: number | null;
}

/** One occurrence of a walk-in hour: its own ticket numbers, duties and statistics. */
@Entity({ name: 'walk_in_session' })
@Unique('uq_walk_in_session_id_office', ['id', 'officeId'])
@Unique('uq_walk_in_session_start', ['walkInHourId', 'startsAt'])
@Check('ck_walk_in_session_range', `"starts_at" < "ends_at"`)
@ForeignKey(() => WalkInHourEntity, ['walkInHourId', 'officeId'], ['id', 'officeId'], {
  name: 'fk_walk_in_session_hour',
  onDelete: 'RESTRICT',
})
export class WalkInSessionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_walk_in_session' })
  id: string;

  @Column({ name: 'walk_in_hour_id', type: 'uuid' })
  walkInHourId: string;

  @Column({ name: 'office_id', type: 'uuid' })
  officeId: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  @Column({ name: 'last_number', type: 'integer', default: 0 })
  lastNumber: number;

  /** Clients refused a number because the queue was full or would run past the end. */
  @Column({ name: 'turned_away', type: 'integer', default: 0 })
  turnedAway: number;

  /** The first time a number was refused before the end: when the hour closed early. */
  @Column({ name: 'closed_early_at', type: 'timestamptz', nullable: true })
  closedEarlyAt: Date | null;
}

/** A counsellor signed on for a session (signed off when signedOffAt is set). */
@Entity({ name: 'walk_in_duty' })
@Index('ux_walk_in_duty_on', ['sessionId', 'counsellorId'], {
  unique: true,
  where: '"signed_off_at" IS NULL',
})
@Index('ix_walk_in_duty_counsellor', ['counsellorId'], { where: '"signed_off_at" IS NULL' })
@ForeignKey(() => WalkInSessionEntity, ['sessionId', 'officeId'], ['id', 'officeId'], {
  name: 'fk_walk_in_duty_session',
  onDelete: 'CASCADE',
})
@ForeignKey(() => CounsellorEntity, ['counsellorId', 'officeId'], ['id', 'officeId'], {
  name: 'fk_walk_in_duty_counsellor',
  onDelete: 'CASCADE',
})
export class WalkInDutyEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_walk_in_duty' })
  id: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @Column({ name: 'office_id', type: 'uuid' })
  officeId: string;

  @Column({ name: 'counsellor_id', type: 'uuid' })
  counsellorId: string;

  @Column({ name: 'signed_on_at', type: 'timestamptz' })
  signedOnAt: Date;

  @Column({ name: 'signed_off_at', type: 'timestamptz', nullable: true })
  signedOffAt: Date | null;
}

/**
 * An interpreter on duty for a session, put there by an admin of the session's office. The
 * interpreter is of that office or of an interpreter pool it chose, so the link is by id alone.
 */
@Entity({ name: 'walk_in_interpreter_duty' })
@Index('ux_walk_in_interpreter_duty_on', ['sessionId', 'interpreterId'], {
  unique: true,
  where: '"signed_off_at" IS NULL',
})
@Index('ix_walk_in_interpreter_duty_interpreter', ['interpreterId'], {
  where: '"signed_off_at" IS NULL',
})
@ForeignKey(() => WalkInSessionEntity, ['sessionId', 'officeId'], ['id', 'officeId'], {
  name: 'fk_walk_in_interpreter_duty_session',
  onDelete: 'CASCADE',
})
export class WalkInInterpreterDutyEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_walk_in_interpreter_duty' })
  id: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @Column({ name: 'office_id', type: 'uuid' })
  officeId: string;

  @Column({ name: 'interpreter_id', type: 'uuid' })
  interpreterId: string;

  @ManyToOne(() => CounsellorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'interpreter_id',
    foreignKeyConstraintName: 'fk_walk_in_interpreter_duty_interpreter',
  })
  interpreter?: CounsellorEntity;

  @Column({ name: 'signed_on_at', type: 'timestamptz' })
  signedOnAt: Date;

  @Column({ name: 'signed_off_at', type: 'timestamptz', nullable: true })
  signedOffAt: Date | null;
}

/**
 * A client's place in a session's queue. The pseudonym, contact and token are personal and erased
 * with the office's retention; number, language, topic, status and times stay for statistics.
 */
@Entity({ name: 'walk_in_ticket' })
@Unique('uq_walk_in_ticket_number', ['sessionId', 'number'])
@Check(
  'ck_walk_in_ticket_called',
  `"status" NOT IN ('called', 'in_call') OR ("counsellor_id" IS NOT NULL AND "called_at" IS NOT NULL)`,
)
@Check('ck_walk_in_ticket_contact', `("contact_channel" IS NULL) = ("contact_value" IS NULL)`)
@Index('ix_walk_in_ticket_queue', ['sessionId', 'queuedAt'], { where: `"status" = 'waiting'` })
@Index('ux_walk_in_ticket_live_call', ['counsellorId'], {
  unique: true,
  where: `"status" IN ('called', 'in_call')`,
})
@Index('ux_walk_in_ticket_interpreter_live_call', ['interpreterId'], {
  unique: true,
  where: `"status" IN ('called', 'in_call')`,
})
@Check(
  'ck_walk_in_ticket_interpreter',
  `"interpreter_id" IS NULL OR "interpreter_language" IS NOT NULL`,
)
@Index('ix_walk_in_ticket_erasure', ['takenAt'], { where: '"personal_data_erased_at" IS NULL' })
@Index('ix_walk_in_ticket_called', ['calledAt'], { where: `"status" = 'called'` })
// The reports' scans of days.
@Index('ix_walk_in_ticket_taken', ['takenAt'])
@Check(
  'ck_walk_in_ticket_family_members',
  '"accompanying_family_members" IS NULL OR "accompanying_family_members" BETWEEN 0 AND 20',
)
@ForeignKey(() => WalkInSessionEntity, ['sessionId', 'officeId'], ['id', 'officeId'], {
  name: 'fk_walk_in_ticket_session',
  onDelete: 'RESTRICT',
})
@ForeignKey(() => CounsellorEntity, ['counsellorId', 'officeId'], ['id', 'officeId'], {
  name: 'fk_walk_in_ticket_counsellor',
})
@ForeignKey(() => CounsellorEntity, ['assignedCounsellorId', 'officeId'], ['id', 'officeId'], {
  name: 'fk_walk_in_ticket_assigned',
})
export class WalkInTicketEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_walk_in_ticket' })
  id: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @Column({ name: 'office_id', type: 'uuid' })
  officeId: string;

  @Column({ type: 'integer' })
  number: number;

  @Column({ type: 'varchar', length: 40, nullable: true })
  topic: string | null;

  @Column({ type: 'varchar', length: 8 })
  language: string;

  @Column({
    type: 'enum',
    enum: TICKET_STATUSES,
    enumName: 'walk_in_ticket_status',
    default: 'waiting',
  })
  status: TicketStatus;

  /** The queue's order: when taken, or when a missed client rejoined at the end. */
  @Column({ name: 'queued_at', type: 'timestamptz' })
  queuedAt: Date;

  @Column({ name: 'taken_at', type: 'timestamptz' })
  takenAt: Date;

  @Column({ name: 'called_at', type: 'timestamptz', nullable: true })
  calledAt: Date | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  /** Who called it (and is counselling, while called or in the call). */
  @Column({ name: 'counsellor_id', type: 'uuid', nullable: true })
  counsellorId: string | null;

  /** Handed over to this colleague: only they call it (before anyone else's tickets). */
  @Column({ name: 'assigned_counsellor_id', type: 'uuid', nullable: true })
  assignedCounsellorId: string | null;

  @Column({ type: 'smallint', default: 0 })
  handovers: number;

  /** A missed client may rejoin at the end once. */
  @Column({ type: 'boolean', default: false })
  rejoined: boolean;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ type: 'text', nullable: true })
  pseudonym: string | null;

  @Column({
    name: 'contact_channel',
    type: 'enum',
    enum: CONTACT_CHANNELS,
    enumName: 'contact_channel',
    nullable: true,
  })
  contactChannel: ContactChannel | null;

  @Column({ name: 'contact_value', type: 'text', nullable: true })
  contactValue: string | null;

  @Column({ name: 'room_name', type: 'varchar', length: 100, nullable: true })
  roomName: string | null;

  /** The call's end-to-end-encryption key, sealed under the master key. */
  @Column({ name: 'e2ee_key_sealed', type: 'text', nullable: true })
  e2eeKeySealed: string | null;

  @Column({ name: 'follow_up_appointment_id', type: 'uuid', nullable: true })
  followUpAppointmentId: string | null;

  @ManyToOne(() => AppointmentEntity, { onDelete: 'SET NULL' })
  @JoinColumn({
    name: 'follow_up_appointment_id',
    foreignKeyConstraintName: 'fk_walk_in_ticket_follow_up',
  })
  followUpAppointment?: AppointmentEntity;

  /** The interpreter language the client asked for (kept for statistics). */
  @Column({ name: 'interpreter_language', type: 'varchar', length: 16, nullable: true })
  interpreterLanguage: string | null;

  /** The interpreter the call took (one live call each); erased with the client's data. */
  @Column({ name: 'interpreter_id', type: 'uuid', nullable: true })
  interpreterId: string | null;

  @ManyToOne(() => CounsellorEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'interpreter_id', foreignKeyConstraintName: 'fk_walk_in_ticket_interpreter' })
  interpreter?: CounsellorEntity;

  @Column({ name: 'personal_data_erased_at', type: 'timestamptz', nullable: true })
  personalDataErasedAt: Date | null;

  /** Family members counselled with the client, as recorded with the outcome (0–20). */
  @Column({ name: 'accompanying_family_members', type: 'smallint', nullable: true })
  accompanyingFamilyMembers: number | null;
}

/** A ticket link's token, stored as its SHA-256 hash: the one shown at taking, one per message. */
@Entity({ name: 'walk_in_ticket_token' })
@Index('ix_walk_in_ticket_token_ticket', ['ticketId'])
export class WalkInTicketTokenEntity {
  @PrimaryColumn({
    name: 'token_hash',
    type: 'char',
    length: 64,
    primaryKeyConstraintName: 'pk_walk_in_ticket_token',
  })
  tokenHash: string;

  @Column({ name: 'ticket_id', type: 'uuid' })
  ticketId: string;

  @ManyToOne(() => WalkInTicketEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'fk_walk_in_ticket_token_ticket' })
  ticket?: WalkInTicketEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
