import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Exclusion,
  ForeignKey,
  Index,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { OfficeEntity } from '@app/offices';
import { StaffAccountEntity } from '@app/staff';

export const CHANNELS = ['video', 'audio', 'phone'] as const;
export type Channel = (typeof CHANNELS)[number];
/** The contact a type needs from the client: any channel, or a phone number (to be called). */
export const REQUIRED_CONTACTS = ['any', 'phone'] as const;
export type RequiredContact = (typeof REQUIRED_CONTACTS)[number];
/**
 * Roster people: counsellors, and interpreters booked beside them. Both have rules, extra hours,
 * absences and a zone; only counsellors are linked to consultation types.
 */
export const ROSTER_PERSON_KINDS = ['counsellor', 'interpreter'] as const;
export type RosterPersonKind = (typeof ROSTER_PERSON_KINDS)[number];

/** Texts in several languages, keyed by ISO 639-1 code. */
export type LocalizedText = Record<string, string>;

@Entity({ name: 'counsellor' })
@Index('uq_counsellor_staff', ['staffId'], { unique: true, where: '"staff_id" IS NOT NULL' })
@Index('ix_counsellor_office', ['officeId'])
// Targets of the composite foreign keys that keep links and appointments inside one office.
@Unique('uq_counsellor_id_office', ['id', 'officeId'])
// A linked staff account is of the counsellor's office. Deferred to the commit, so that deleting a
// staff account (fk_counsellor_staff sets staff_id to null) is checked after the null is set.
@ForeignKey(() => StaffAccountEntity, ['staffId', 'officeId'], ['id', 'officeId'], {
  name: 'fk_counsellor_staff_office',
  onDelete: 'NO ACTION',
  deferrable: 'INITIALLY DEFERRED',
})
export class CounsellorEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_counsellor' })
  id: string;

  @Column({ name: 'office_id', type: 'uuid' })
  officeId: string;

  @ManyToOne(() => OfficeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_counsellor_office' })
  office?: OfficeEntity;

  @Column({ name: 'display_name', type: 'varchar', length: 120 })
  displayName: string;

  @Column({
    type: 'enum',
    enum: ROSTER_PERSON_KINDS,
    enumName: 'roster_person_kind',
    default: 'counsellor',
  })
  kind: RosterPersonKind;

  /** BCP 47 tags: ISO 639-1 where one exists, else ISO 639-3 (`prs` Dari, `gsg` German Sign Language). */
  @Column({ type: 'varchar', length: 16, array: true, default: () => "'{}'" })
  languages: string[];

  @Column({ type: 'varchar', length: 40, array: true, default: () => "'{}'" })
  topics: string[];

  @Column({ name: 'time_zone', type: 'varchar', length: 64, default: 'Europe/Berlin' })
  timeZone: string;

  @Column({ name: 'staff_id', type: 'uuid', nullable: true })
  staffId: string | null;

  @ManyToOne(() => StaffAccountEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'fk_counsellor_staff' })
  staff?: StaffAccountEntity | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity({ name: 'consultation_type' })
@Check('ck_consultation_type_duration', '"duration_minutes" > 0')
@Check('ck_consultation_type_step', '"step_minutes" > 0')
@Check(
  'ck_consultation_type_buffers',
  '"buffer_before_minutes" >= 0 AND "buffer_after_minutes" >= 0',
)
@Check('ck_consultation_type_horizon', '"horizon_days" * 1440 >= "min_notice_minutes"')
@Index('ix_consultation_type_office', ['officeId'])
@Unique('uq_consultation_type_id_office', ['id', 'officeId'])
export class ConsultationTypeEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_consultation_type' })
  id: string;

  @Column({ name: 'office_id', type: 'uuid' })
  officeId: string;

  @ManyToOne(() => OfficeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_consultation_type_office' })
  office?: OfficeEntity;

  @Column({ type: 'jsonb' })
  name: LocalizedText;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  description: LocalizedText;

  @Column({ type: 'varchar', length: 40 })
  topic: string;

  @Column({ name: 'duration_minutes', type: 'integer' })
  durationMinutes: number;

  @Column({ name: 'step_minutes', type: 'integer' })
  stepMinutes: number;

  @Column({ name: 'buffer_before_minutes', type: 'integer', default: 0 })
  bufferBeforeMinutes: number;

  @Column({ name: 'buffer_after_minutes', type: 'integer', default: 0 })
  bufferAfterMinutes: number;

  @Column({ name: 'min_notice_minutes', type: 'integer', default: 0 })
  minNoticeMinutes: number;

  @Column({ name: 'horizon_days', type: 'integer', default: 60 })
  horizonDays: number;

  /** The video room opens this many minutes before the start … */
  @Column({ name: 'join_opens_minutes_before', type: 'integer', default: 15 })
  joinOpensMinutesBefore: number;

  /** … and closes this many minutes after the end. */
  @Column({ name: 'join_closes_minutes_after', type: 'integer', default: 30 })
  joinClosesMinutesAfter: number;

  /** Hand both participants a key for LiveKit's end-to-end encryption. */
  @Column({ name: 'e2ee', type: 'boolean', default: true })
  e2ee: boolean;

  /** Let the client in without a click once the counsellor is in the room. */
  @Column({ name: 'auto_admit', type: 'boolean', default: false })
  autoAdmit: boolean;

  /** Clients may reschedule or cancel online until this many minutes before the start. */
  @Column({ name: 'change_cutoff_minutes', type: 'integer', default: 120 })
  changeCutoffMinutes: number;

  @Column({ type: 'enum', enum: CHANNELS, enumName: 'consultation_channel', default: 'video' })
  channel: Channel;

  /** What the client must give to be reached: a phone consultation needs a number to call. */
  @Column({
    name: 'required_contact',
    type: 'enum',
    enum: REQUIRED_CONTACTS,
    enumName: 'required_contact',
    default: 'any',
  })
  requiredContact: RequiredContact;

  /** Minutes before the start at which reminders go out. */
  @Column({
    name: 'reminder_offsets_minutes',
    type: 'integer',
    array: true,
    default: () => "'{1440,60}'",
  })
  reminderOffsetsMinutes: number[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Read only: links are written with their office (ConsultationTypeCounsellorEntity). */
  @ManyToMany(() => CounsellorEntity)
  @JoinTable({
    name: 'consultation_type_counsellor',
    synchronize: false,
    joinColumn: {
      name: 'consultation_type_id',
      foreignKeyConstraintName: 'fk_ctc_consultation_type',
    },
    inverseJoinColumn: { name: 'counsellor_id', foreignKeyConstraintName: 'fk_ctc_counsellor' },
  })
  counsellors?: CounsellorEntity[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * "This counsellor serves this type". Both foreign keys include the office, so a type is only ever
 * served by counsellors of its own office, whoever writes the row.
 */
@Entity({ name: 'consultation_type_counsellor' })
@Index('IDX_88d1c50eea3bd0c8770f557ee5', ['consultationTypeId'])
@Index('IDX_486620dbd502608130c2d11111', ['counsellorId'])
@ForeignKey(() => ConsultationTypeEntity, ['consultationTypeId', 'officeId'], ['id', 'officeId'], {
  name: 'fk_ctc_consultation_type',
  onDelete: 'CASCADE',
  onUpdate: 'CASCADE',
})
@ForeignKey(() => CounsellorEntity, ['counsellorId', 'officeId'], ['id', 'officeId'], {
  name: 'fk_ctc_counsellor',
  onDelete: 'CASCADE',
  onUpdate: 'CASCADE',
})
export class ConsultationTypeCounsellorEntity {
  @PrimaryColumn({
    name: 'consultation_type_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_1b559ac9110cafccf9e23907ce2',
  })
  consultationTypeId: string;

  @PrimaryColumn({
    name: 'counsellor_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_1b559ac9110cafccf9e23907ce2',
  })
  counsellorId: string;

  @Column({ name: 'office_id', type: 'uuid' })
  officeId: string;
}

/** A weekly rule in the counsellor's local time; the database refuses two overlapping rules of one counsellor. */
@Entity({ name: 'availability_rule' })
@Index('ix_availability_rule_counsellor', ['counsellorId'])
@Check('ck_availability_rule_weekday', '"weekday" BETWEEN 1 AND 7')
@Check(
  'ck_availability_rule_times',
  '"start_minute" >= 0 AND "end_minute" <= 1440 AND "start_minute" < "end_minute"',
)
@Check(
  'ck_availability_rule_validity',
  '"valid_until" IS NULL OR "valid_from" IS NULL OR "valid_from" <= "valid_until"',
)
@Exclusion(
  'ex_availability_rule_overlap',
  `USING gist ("counsellor_id" WITH =, "weekday" WITH =, int4range("start_minute", "end_minute") WITH &&, daterange("valid_from", "valid_until", '[]') WITH &&)`,
)
export class AvailabilityRuleEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_availability_rule' })
  id: string;

  @Column({ name: 'counsellor_id', type: 'uuid' })
  counsellorId: string;

  @ManyToOne(() => CounsellorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'counsellor_id',
    foreignKeyConstraintName: 'fk_availability_rule_counsellor',
  })
  counsellor?: CounsellorEntity;

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

/**
 * Extra hours on one local date (they open even a public holiday); the database refuses two
 * overlapping entries of one counsellor on one date.
 */
@Entity({ name: 'availability_extra' })
@Index('ix_availability_extra_counsellor_date', ['counsellorId', 'date'])
@Check(
  'ck_availability_extra_times',
  '"start_minute" >= 0 AND "end_minute" <= 1440 AND "start_minute" < "end_minute"',
)
@Exclusion(
  'ex_availability_extra_overlap',
  'USING gist ("counsellor_id" WITH =, "date" WITH =, int4range("start_minute", "end_minute") WITH &&)',
)
export class ExtraHoursEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_availability_extra' })
  id: string;

  @Column({ name: 'counsellor_id', type: 'uuid' })
  counsellorId: string;

  @ManyToOne(() => CounsellorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'counsellor_id',
    foreignKeyConstraintName: 'fk_availability_extra_counsellor',
  })
  counsellor?: CounsellorEntity;

  @Column({ type: 'date' })
  date: string;

  @Column({ name: 'start_minute', type: 'smallint' })
  startMinute: number;

  @Column({ name: 'end_minute', type: 'smallint' })
  endMinute: number;
}

/**
 * A closed period (vacation, sick leave: deliberately no reason is stored). Whole local days are
 * converted to instants in the counsellor's zone when saved.
 */
@Entity({ name: 'absence' })
@Index('ix_absence_counsellor_period', ['counsellorId', 'startsAt'])
@Check('ck_absence_period', '"starts_at" < "ends_at"')
export class AbsenceEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_absence' })
  id: string;

  @Column({ name: 'counsellor_id', type: 'uuid' })
  counsellorId: string;

  @ManyToOne(() => CounsellorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'counsellor_id', foreignKeyConstraintName: 'fk_absence_counsellor' })
  counsellor?: CounsellorEntity;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;
}

/** A public holiday an office works on after all. */
@Entity({ name: 'holiday_opening' })
export class HolidayOpeningEntity {
  @PrimaryColumn({
    name: 'office_id',
    type: 'uuid',
    primaryKeyConstraintName: 'pk_holiday_opening',
  })
  officeId: string;

  @ManyToOne(() => OfficeEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_holiday_opening_office' })
  office?: OfficeEntity;

  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'pk_holiday_opening' })
  date: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * How often the slot engine's inputs of one counsellor (scope = the counsellor's id) or the holiday
 * openings (scope = 'holidays') have changed. Written only by database triggers (see the migration
 * RosterVersion1795800000000); read to tell whether cached roster data is still current.
 */
@Entity({ name: 'roster_version' })
export class RosterVersionEntity {
  @PrimaryColumn({ type: 'varchar', length: 40, primaryKeyConstraintName: 'pk_roster_version' })
  scope: string;

  @Column({ type: 'bigint', default: 1 })
  version: string;
}
