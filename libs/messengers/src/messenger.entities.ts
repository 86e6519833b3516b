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
} from 'typeorm';
import { AppointmentEntity } from '@app/appointments';
import { OfficeEntity } from '@app/offices';
import { WalkInTicketEntity } from '@app/walk-in';
import type { MessengerName } from './platforms/platform.js';

/**
 * A one-time opt-in code, stored as its SHA-256 hash: it travels in the deep link to the bot (never
 * the manage token) and binds the chat that sends it back to its appointment or ticket, once, within
 * minutes.
 */
@Entity({ name: 'messenger_link' })
@Check('ck_messenger_link_target', 'num_nonnulls("appointment_id", "ticket_id") = 1')
@Index('ix_messenger_link_appointment', ['appointmentId'])
@Index('ix_messenger_link_ticket', ['ticketId'])
@Index('ix_messenger_link_expiry', ['expiresAt'])
export class MessengerLinkEntity {
  @PrimaryColumn({
    name: 'code_hash',
    type: 'char',
    length: 64,
    primaryKeyConstraintName: 'pk_messenger_link',
  })
  codeHash: string;

  @Column({ type: 'varchar', length: 20 })
  channel: MessengerName;

  @Column({ name: 'office_id', type: 'uuid' })
  officeId: string;

  @ManyToOne(() => OfficeEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_messenger_link_office' })
  office?: OfficeEntity;

  @Column({ name: 'appointment_id', type: 'uuid', nullable: true })
  appointmentId: string | null;

  @ManyToOne(() => AppointmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'appointment_id', foreignKeyConstraintName: 'fk_messenger_link_appointment' })
  appointment?: AppointmentEntity;

  @Column({ name: 'ticket_id', type: 'uuid', nullable: true })
  ticketId: string | null;

  @ManyToOne(() => WalkInTicketEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'fk_messenger_link_ticket' })
  ticket?: WalkInTicketEntity;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * A chat that gets the messages of one appointment or walk-in ticket (one chat per messenger each).
 * The chat id is personal data (on WhatsApp it is the phone number): it goes with the appointment's
 * or ticket's erasure.
 */
@Entity({ name: 'messenger_binding' })
@Check('ck_messenger_binding_target', 'num_nonnulls("appointment_id", "ticket_id") = 1')
@Index('ux_messenger_binding_appointment', ['appointmentId', 'channel'], {
  unique: true,
  where: '"appointment_id" IS NOT NULL',
})
@Index('ux_messenger_binding_ticket', ['ticketId', 'channel'], {
  unique: true,
  where: '"ticket_id" IS NOT NULL',
})
@Index('ix_messenger_binding_chat', ['channel', 'chatId'])
export class MessengerBindingEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_messenger_binding' })
  id: string;

  @Column({ type: 'varchar', length: 20 })
  channel: MessengerName;

  @Column({ name: 'chat_id', type: 'varchar', length: 100 })
  chatId: string;

  @Column({ name: 'office_id', type: 'uuid' })
  officeId: string;

  @ManyToOne(() => OfficeEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_messenger_binding_office' })
  office?: OfficeEntity;

  @Column({ name: 'appointment_id', type: 'uuid', nullable: true })
  appointmentId: string | null;

  @ManyToOne(() => AppointmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'appointment_id',
    foreignKeyConstraintName: 'fk_messenger_binding_appointment',
  })
  appointment?: AppointmentEntity;

  @Column({ name: 'ticket_id', type: 'uuid', nullable: true })
  ticketId: string | null;

  @ManyToOne(() => WalkInTicketEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'fk_messenger_binding_ticket' })
  ticket?: WalkInTicketEntity;

  /** The client's language, for answers in the chat. */
  @Column({ type: 'varchar', length: 16 })
  language: string;

  /** The last automatic answer to free text: at most one per AUTO_REPLY_PAUSE. */
  @Column({ name: 'last_auto_reply_at', type: 'timestamptz', nullable: true })
  lastAutoReplyAt: Date | null;

  /** The last notification sent to the chat for this target: a typed "2" answers the latest. */
  @Column({ name: 'last_notified_at', type: 'timestamptz', nullable: true })
  lastNotifiedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A platform's event id already handled: a replayed webhook finds it and does nothing. */
@Entity({ name: 'messenger_inbound' })
@Index('ix_messenger_inbound_received', ['receivedAt'])
export class MessengerInboundEntity {
  @PrimaryColumn({ type: 'varchar', length: 20, primaryKeyConstraintName: 'pk_messenger_inbound' })
  channel: string;

  @PrimaryColumn({
    name: 'event_id',
    type: 'varchar',
    length: 200,
    primaryKeyConstraintName: 'pk_messenger_inbound',
  })
  eventId: string;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;
}
