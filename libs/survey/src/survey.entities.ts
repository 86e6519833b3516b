import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OfficeEntity } from '@app/offices';

/**
 * A survey link sent to one client after a consultation that took place: the token's hash, when
 * the link dies, and the anonymous dimensions its answer will carry (office, month, channel,
 * language, topic). Never the appointment, the ticket or the client: once the row is written
 * nothing leads from it back to who got it. Deleted when it expires (at the latest with the
 * client's other data: the expiry never lies beyond the office's retention period).
 */
@Entity({ name: 'survey_invitation' })
@Index('uq_survey_invitation_token', ['tokenHash'], { unique: true })
@Index('ix_survey_invitation_expires', ['expiresAt'])
export class SurveyInvitationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_survey_invitation' })
  id: string;

  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Column({ name: 'office_id', type: 'uuid' })
  officeId: string;

  @ManyToOne(() => OfficeEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_survey_invitation_office' })
  office?: OfficeEntity;

  /** The first day of the consultation's month in the office's zone. */
  @Column({ type: 'date' })
  month: string;

  /** The consultation's channel: video, audio or phone. */
  @Column({ type: 'varchar', length: 16 })
  channel: string;

  /** The client's language (BCP 47). */
  @Column({ type: 'varchar', length: 35 })
  language: string;

  /** The consultation type's topic, or the walk-in ticket's (null when the ticket named none). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  topic: string | null;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  /** The link was used: a second answer is refused (410) until the row expires. */
  @Column({ type: 'boolean', default: false })
  answered: boolean;
}

/**
 * One client's answers, with only the dimensions the reports filter by: no invitation, no time
 * finer than the month, no appointment, no client. Kept after retention (anonymous).
 */
@Entity({ name: 'survey_answer' })
@Index('ix_survey_answer_office_month', ['officeId', 'month'])
@Index('uq_survey_answer_completion', ['completionKeyHash'], {
  unique: true,
  where: '"completion_key_hash" IS NOT NULL',
})
export class SurveyAnswerEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_survey_answer' })
  id: string;

  @Column({ name: 'office_id', type: 'uuid' })
  officeId: string;

  @ManyToOne(() => OfficeEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_survey_answer_office' })
  office?: OfficeEntity;

  @Column({ type: 'date' })
  month: string;

  @Column({ type: 'varchar', length: 16 })
  channel: string;

  @Column({ type: 'varchar', length: 35 })
  language: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  topic: string | null;

  /** Was the conversation helpful: 1 (not at all) to 5 (very). */
  @Column({ type: 'smallint' })
  helpful: number;

  /** Was the technology easy: 1 to 5; null when left out. */
  @Column({ name: 'technology_easy', type: 'smallint', nullable: true })
  technologyEasy: number | null;

  /** Would use it again; null when left out. */
  @Column({ name: 'use_again', type: 'boolean', nullable: true })
  useAgain: boolean | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  comment: string | null;

  /**
   * The hash of the key with which the survey page may add the answers left open (after a tap in
   * the message answered the first); null once used or expired.
   */
  @Column({ name: 'completion_key_hash', type: 'char', length: 64, nullable: true })
  completionKeyHash: string | null;

  @Column({ name: 'completion_expires_at', type: 'timestamptz', nullable: true })
  completionExpiresAt: Date | null;
}
