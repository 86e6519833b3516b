import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { OfficeEntity } from '@app/offices';
import { AppointmentEntity } from './appointment.entity.js';

/** A manage link's token, stored only as its SHA-256. An appointment may have several (web answer, emails). */
@Entity({ name: 'manage_token' })
@Index('ix_manage_token_appointment', ['appointmentId'])
export class ManageTokenEntity {
  @PrimaryColumn({
    name: 'token_hash',
    type: 'char',
    length: 64,
    primaryKeyConstraintName: 'pk_manage_token',
  })
  tokenHash: string;

  @Column({ name: 'appointment_id', type: 'uuid' })
  appointmentId: string;

  @ManyToOne(() => AppointmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'appointment_id', foreignKeyConstraintName: 'fk_manage_token_appointment' })
  appointment?: AppointmentEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A booking request's Idempotency-Key (hashed) and a fingerprint of its body. */
@Entity({ name: 'idempotency_key' })
export class IdempotencyKeyEntity {
  @PrimaryColumn({
    name: 'key_hash',
    type: 'char',
    length: 64,
    primaryKeyConstraintName: 'pk_idempotency_key',
  })
  keyHash: string;

  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash: string;

  @Column({ name: 'appointment_id', type: 'uuid' })
  appointmentId: string;

  @ManyToOne(() => AppointmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'appointment_id',
    foreignKeyConstraintName: 'fk_idempotency_key_appointment',
  })
  appointment?: AppointmentEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** Who changed what and when. Never client personal data: ids, statuses, times. */
@Entity({ name: 'audit_event' })
@Index('ix_audit_event_appointment', ['appointmentId'])
@Index('ix_audit_event_occurred', ['occurredAt'])
@Index('ix_audit_event_office_occurred', ['officeId', 'occurredAt'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    primaryKeyConstraintName: 'pk_audit_event',
  })
  id: string;

  /** The office of the appointment (or counsellor) the entry is about. */
  @Column({ name: 'office_id', type: 'uuid' })
  officeId: string;

  @ManyToOne(() => OfficeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_audit_event_office' })
  office?: OfficeEntity;

  @CreateDateColumn({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'actor_type', type: 'varchar', length: 10 })
  actorType: 'client' | 'staff' | 'system';

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 40 })
  action: string;

  @Column({ name: 'appointment_id', type: 'uuid', nullable: true })
  appointmentId: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  changes: Record<string, unknown>;
}

/**
 * Domain events written in the same transaction as the change they describe, and published to the
 * queue afterwards by the outbox relay: nothing is lost if the process dies right after commit.
 */
@Entity({ name: 'outbox_event' })
@Index('ix_outbox_event_unpublished', ['id'], { where: '"published_at" IS NULL' })
export class OutboxEventEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    primaryKeyConstraintName: 'pk_outbox_event',
  })
  id: string;

  @Column({ type: 'varchar', length: 40 })
  type: string;

  @Column({ name: 'appointment_id', type: 'uuid' })
  appointmentId: string;

  /** Ids and versions only. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true })
  claimedUntil: Date | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;
}
