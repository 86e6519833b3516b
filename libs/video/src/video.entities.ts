import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { AppointmentEntity } from '@app/appointments';

/**
 * The LiveKit room of one appointment: its sealed E2EE key, the waiting room and attendance
 * (first join, last leave per role, from signed webhooks).
 */
@Entity({ name: 'video_session' })
export class VideoSessionEntity {
  @PrimaryColumn({
    name: 'appointment_id',
    type: 'uuid',
    primaryKeyConstraintName: 'pk_video_session',
  })
  appointmentId: string;

  @OneToOne(() => AppointmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'appointment_id', foreignKeyConstraintName: 'fk_video_session_appointment' })
  appointment?: AppointmentEntity;

  /** AES-256-GCM sealed with DATA_ENCRYPTION_KEY; null when the type has no E2EE. */
  @Column({ name: 'e2ee_key_sealed', type: 'varchar', length: 200, nullable: true })
  e2eeKeySealed: string | null;

  @Column({ name: 'client_waiting_since', type: 'timestamptz', nullable: true })
  clientWaitingSince: Date | null;

  @Column({ name: 'client_admitted_at', type: 'timestamptz', nullable: true })
  clientAdmittedAt: Date | null;

  @Column({ name: 'client_joined_at', type: 'timestamptz', nullable: true })
  clientJoinedAt: Date | null;

  @Column({ name: 'client_left_at', type: 'timestamptz', nullable: true })
  clientLeftAt: Date | null;

  @Column({ name: 'counsellor_joined_at', type: 'timestamptz', nullable: true })
  counsellorJoinedAt: Date | null;

  @Column({ name: 'counsellor_left_at', type: 'timestamptz', nullable: true })
  counsellorLeftAt: Date | null;

  /** The booked interpreter (identity "interpreter"): shown, never deciding the outcome. */
  @Column({ name: 'interpreter_joined_at', type: 'timestamptz', nullable: true })
  interpreterJoinedAt: Date | null;

  @Column({ name: 'interpreter_left_at', type: 'timestamptz', nullable: true })
  interpreterLeftAt: Date | null;

  /** The client asked to be phoned instead (e.g. their call failed). */
  @Column({ name: 'phone_requested_at', type: 'timestamptz', nullable: true })
  phoneRequestedAt: Date | null;

  /** The counsellor switched the appointment to a phone call: no video for it any more. */
  @Column({ name: 'switched_to_phone_at', type: 'timestamptz', nullable: true })
  switchedToPhoneAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** Webhook ids already processed: LiveKit may deliver an event twice. */
@Entity({ name: 'livekit_webhook_event' })
export class LiveKitWebhookEventEntity {
  @PrimaryColumn({
    type: 'varchar',
    length: 100,
    primaryKeyConstraintName: 'pk_livekit_webhook_event',
  })
  id: string;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;
}

export const VIDEO_GUEST_ROLES = ['interpreter', 'support'] as const;
export type VideoGuestRole = (typeof VIDEO_GUEST_ROLES)[number];

/**
 * An outside interpreter or support person invited by the counsellor for one call: a one-time
 * link (token stored as SHA-256, bound to the first device that opens it, ending with the join
 * window), the waiting room, and whether the counsellor revoked or the client refused the guest.
 */
@Entity({ name: 'video_guest' })
@Index('uq_video_guest_token_hash', ['tokenHash'], { unique: true })
@Index('ix_video_guest_appointment', ['appointmentId'])
export class VideoGuestEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_video_guest' })
  id: string;

  @Column({ name: 'appointment_id', type: 'uuid' })
  appointmentId: string;

  @ManyToOne(() => AppointmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'appointment_id', foreignKeyConstraintName: 'fk_video_guest_appointment' })
  appointment?: AppointmentEntity;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'enum', enum: VIDEO_GUEST_ROLES, enumName: 'video_guest_role' })
  role: VideoGuestRole;

  /** The language a guest interpreter interprets (BCP 47); a sign language pins their video. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  language: string | null;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  /** SHA-256 of the device key handed to the first device that opened the link. */
  @Column({ name: 'device_hash', type: 'varchar', length: 64, nullable: true })
  deviceHash: string | null;

  /** The end of the appointment's join window. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'waiting_since', type: 'timestamptz', nullable: true })
  waitingSince: Date | null;

  @Column({ name: 'admitted_at', type: 'timestamptz', nullable: true })
  admittedAt: Date | null;

  @Column({ name: 'joined_at', type: 'timestamptz', nullable: true })
  joinedAt: Date | null;

  @Column({ name: 'left_at', type: 'timestamptz', nullable: true })
  leftAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** The client refused this guest (then also revoked). */
  @Column({ name: 'refused_at', type: 'timestamptz', nullable: true })
  refusedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
