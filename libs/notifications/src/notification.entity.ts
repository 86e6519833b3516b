import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { OfficeEntity } from '@app/offices';
import type { NotificationKind } from '@app/queue';

export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/**
 * One message that was to be sent, keyed so that a retried or duplicated job finds it: the key is
 * built from the appointment, the kind and the appointment's version (plus the reminder's offset),
 * or from the counsellor and date for an agenda. No addresses, names or texts: ids and outcomes.
 */
@Entity({ name: 'notification' })
@Index('ux_notification_key', ['key'], { unique: true })
@Index('ix_notification_status_kind', ['status', 'kind'])
@Index('ix_notification_appointment', ['appointmentId'])
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_notification' })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  key: string;

  /** The office of the appointment or counsellor it was sent for. */
  @Column({ name: 'office_id', type: 'uuid' })
  officeId: string;

  @ManyToOne(() => OfficeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_notification_office' })
  office?: OfficeEntity;

  @Column({ type: 'varchar', length: 40 })
  kind: NotificationKind;

  @Column({ name: 'appointment_id', type: 'uuid', nullable: true })
  appointmentId: string | null;

  @Column({ name: 'appointment_version', type: 'integer', nullable: true })
  appointmentVersion: number | null;

  @Column({ name: 'counsellor_id', type: 'uuid', nullable: true })
  counsellorId: string | null;

  /** The adapter that carried it: email, sms, … */
  @Column({ type: 'varchar', length: 20 })
  channel: string;

  @Column({
    type: 'enum',
    enum: NOTIFICATION_STATUSES,
    enumName: 'notification_status',
    default: 'pending',
  })
  status: NotificationStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** The job sending it right now, and until when that claim holds (a dead sender's claim runs out). */
  @Column({ name: 'claimed_by', type: 'varchar', length: 200, nullable: true })
  claimedBy: string | null;

  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true })
  claimedUntil: Date | null;

  /** The provider's error, for admins; never contains the message or the address. */
  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
