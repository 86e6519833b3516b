import { Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
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
