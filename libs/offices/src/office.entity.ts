import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const OFFICE_STATUSES = ['active', 'suspended'] as const;
export type OfficeStatus = (typeof OFFICE_STATUSES)[number];
/**
 * An office counsels clients; an interpreter pool only holds interpreters that the offices which
 * chose it may book (office_interpreter_pool). A pool is never shown to clients.
 */
export const OFFICE_KINDS = ['office', 'interpreter_pool'] as const;
export type OfficeKind = (typeof OFFICE_KINDS)[number];

/** Texts in several languages, keyed by ISO 639-1 code (German always present where required). */
export type OfficeText = Record<string, string>;

/** What an office's slug looks like: lower-case words joined by single hyphens, 2–40 characters. */
export const OFFICE_SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * One counselling organisation on the instance. Everything its staff, rosters and clients produce
 * carries its id; the database refuses records that join two offices (see the migration Offices…).
 * A suspended office keeps its data and is hidden from clients.
 */
@Entity({ name: 'office' })
@Index('uq_office_slug', ['slug'], { unique: true })
@Check('ck_office_slug', `"slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length("slug") BETWEEN 2 AND 40`)
@Check('ck_office_name_de', `jsonb_typeof("name" -> 'de') = 'string'`)
@Check('ck_office_country', `"country" ~ '^[A-Z]{2}$'`)
@Check('ck_office_holiday_region', `"holiday_region" ~ '^[A-Z]{2}(-[A-Z0-9]{1,3})?$'`)
@Check('ck_office_retention', '"retention_days" > 0')
export class OfficeEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_office' })
  id: string;

  @Column({ type: 'varchar', length: 40 })
  slug: string;

  /** German is required (the office's language towards authorities); other languages optional. */
  @Column({ type: 'jsonb' })
  name: OfficeText;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  description: OfficeText;

  @Column({ type: 'text', nullable: true })
  district: string | null;

  /** Null for offices that counsel remotely only. */
  @Column({ type: 'text', nullable: true })
  address: string | null;

  @Column({ name: 'contact_email', type: 'text', nullable: true })
  contactEmail: string | null;

  @Column({ name: 'contact_phone', type: 'text', nullable: true })
  contactPhone: string | null;

  /** IANA zone: the office's weeks, the default zone of its counsellors and of its clients. */
  @Column({ name: 'time_zone', type: 'varchar', length: 64 })
  timeZone: string;

  /** date-holidays region such as DE-BE: the public holidays on which the office is closed. */
  @Column({ name: 'holiday_region', type: 'varchar', length: 10 })
  holidayRegion: string;

  /** ISO 3166-1 alpha-2: national phone numbers its clients give are read as numbers of this country. */
  @Column({ type: 'char', length: 2 })
  country: string;

  /** ISO 639-1 codes of the languages counselled in. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages: string[];

  /** Topic codes (TOPIC_CODES) counselled on. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  topics: string[];

  /** The data controller under GDPR: each organisation is its own. */
  @Column({ name: 'privacy_controller', type: 'text' })
  privacyController: string;

  /** The data-protection contact (officer or address) named in the privacy notice. */
  @Column({ name: 'privacy_contact', type: 'text' })
  privacyContact: string;

  /** Days after an appointment's end at which its client data is erased. */
  @Column({ name: 'retention_days', type: 'integer' })
  retentionDays: number;

  /**
   * An https address of the office's video in German Sign Language (DGS), shown on its "Leichte
   * Sprache" page. Optional in OfficeFields (a new office has none): hence `?`.
   */
  @Column({ name: 'sign_language_video_url', type: 'text', nullable: true })
  signLanguageVideoUrl?: string | null;

  @Column({
    type: 'enum',
    enum: OFFICE_STATUSES,
    enumName: 'office_status',
    default: 'active',
  })
  status: OfficeStatus;

  @Column({ type: 'enum', enum: OFFICE_KINDS, enumName: 'office_kind', default: 'office' })
  kind: OfficeKind;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** An office may book the interpreters of this pool. */
@Entity({ name: 'office_interpreter_pool' })
@Index('ix_office_interpreter_pool_pool', ['poolId'])
@Check('ck_office_interpreter_pool_other', '"office_id" <> "pool_id"')
export class OfficeInterpreterPoolEntity {
  @PrimaryColumn({
    name: 'office_id',
    type: 'uuid',
    primaryKeyConstraintName: 'pk_office_interpreter_pool',
  })
  officeId: string;

  @PrimaryColumn({
    name: 'pool_id',
    type: 'uuid',
    primaryKeyConstraintName: 'pk_office_interpreter_pool',
  })
  poolId: string;

  @ManyToOne(() => OfficeEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_office_interpreter_pool_office' })
  office?: OfficeEntity;

  @ManyToOne(() => OfficeEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'pool_id', foreignKeyConstraintName: 'fk_office_interpreter_pool_pool' })
  pool?: OfficeEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
