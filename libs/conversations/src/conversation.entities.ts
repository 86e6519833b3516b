import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { AppointmentEntity } from '@app/appointments';
import { DocumentEntity } from '@app/documents';
import { OfficeEntity } from '@app/offices';
import { StaffAccountEntity } from '@app/staff';
import { WalkInTicketEntity } from '@app/walk-in';

export const CONVERSATION_AUTHORS = ['client', 'counsellor'] as const;
export type ConversationAuthor = (typeof CONVERSATION_AUTHORS)[number];

/**
 * The one conversation of an appointment or a walk-in ticket between the client and the counsellor
 * assigned to it (whoever that is now: access follows the assignment). Its messages are sealed
 * with the conversation's own AES-256-GCM key, stored wrapped by a master key (named by
 * `master_key_id`), so that a master-key rotation re-wraps one key per conversation and never
 * touches a message. The marks say up to when each side has fetched and read what the other wrote.
 */
@Entity({ name: 'conversation' })
@Unique('uq_conversation_appointment', ['appointmentId'])
@Unique('uq_conversation_walk_in_ticket', ['walkInTicketId'])
@Check('ck_conversation_subject', 'num_nonnulls("appointment_id", "walk_in_ticket_id") = 1')
@Index('ix_conversation_office', ['officeId'])
// A conversation is of its appointment's office: the key includes it.
@ForeignKey(() => AppointmentEntity, ['appointmentId', 'officeId'], ['id', 'officeId'], {
  name: 'fk_conversation_appointment',
  onDelete: 'CASCADE',
})
export class ConversationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_conversation' })
  id: string;

  @Column({ name: 'office_id', type: 'uuid' })
  officeId: string;

  @ManyToOne(() => OfficeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_conversation_office' })
  office?: OfficeEntity;

  @Column({ name: 'appointment_id', type: 'uuid', nullable: true })
  appointmentId: string | null;

  // For joins only: the foreign key is the composite one above.
  @ManyToOne(() => AppointmentEntity, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'appointment_id' })
  appointment?: AppointmentEntity;

  @Column({ name: 'walk_in_ticket_id', type: 'uuid', nullable: true })
  walkInTicketId: string | null;

  @ManyToOne(() => WalkInTicketEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'walk_in_ticket_id',
    foreignKeyConstraintName: 'fk_conversation_walk_in_ticket',
  })
  walkInTicket?: WalkInTicketEntity;

  @Column({ name: 'key_wrapped', type: 'varchar', length: 200 })
  keyWrapped: string;

  @Column({ name: 'master_key_id', type: 'varchar', length: 16 })
  masterKeyId: string;

  /** Everything the counsellor wrote at or before this instant has been fetched by the client. */
  @Column({ name: 'client_delivered_at', type: 'timestamptz', nullable: true })
  clientDeliveredAt: Date | null;

  @Column({ name: 'client_read_at', type: 'timestamptz', nullable: true })
  clientReadAt: Date | null;

  @Column({ name: 'counsellor_delivered_at', type: 'timestamptz', nullable: true })
  counsellorDeliveredAt: Date | null;

  @Column({ name: 'counsellor_read_at', type: 'timestamptz', nullable: true })
  counsellorReadAt: Date | null;

  @Column({ name: 'last_client_message_at', type: 'timestamptz', nullable: true })
  lastClientMessageAt: Date | null;

  @Column({ name: 'last_counsellor_message_at', type: 'timestamptz', nullable: true })
  lastCounsellorMessageAt: Date | null;

  @Column({ name: 'message_count', type: 'integer', default: 0 })
  messageCount: number;

  /** Text bytes plus document sizes: what an admin may know about a conversation. */
  @Column({ name: 'size_bytes', type: 'bigint', default: 0 })
  sizeBytes: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * One message: a text sealed with the conversation key (conversation id, message id and author as
 * associated data, so a ciphertext cannot be moved to another message or side), or a document, or
 * both. The document row keeps
 * its own key; deleting the document leaves the message with `document_id` NULL.
 */
@Entity({ name: 'conversation_message' })
@Check('ck_conversation_message_author', `"author" IN ('client', 'counsellor')`)
@Index('ix_conversation_message_conversation', ['conversationId', 'createdAt'])
@Index('ix_conversation_message_document', ['documentId'])
export class ConversationMessageEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_conversation_message' })
  id: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId: string;

  @ManyToOne(() => ConversationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'conversation_id',
    foreignKeyConstraintName: 'fk_conversation_message_conversation',
  })
  conversation?: ConversationEntity;

  @Column({ name: 'office_id', type: 'uuid' })
  officeId: string;

  @ManyToOne(() => OfficeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_conversation_message_office' })
  office?: OfficeEntity;

  @Column({ type: 'varchar', length: 10 })
  author: ConversationAuthor;

  /** The counsellor's staff account that wrote it (null for the client's messages). */
  @Column({ name: 'author_staff_id', type: 'uuid', nullable: true })
  authorStaffId: string | null;

  @ManyToOne(() => StaffAccountEntity, { onDelete: 'SET NULL' })
  @JoinColumn({
    name: 'author_staff_id',
    foreignKeyConstraintName: 'fk_conversation_message_author_staff',
  })
  authorStaff?: StaffAccountEntity;

  /** IV (12 bytes) ‖ tag (16 bytes) ‖ AES-256-GCM ciphertext; null for a pure document message. */
  @Column({ name: 'body_sealed', type: 'bytea', nullable: true })
  bodySealed: Buffer | null;

  @Column({ name: 'document_id', type: 'uuid', nullable: true })
  documentId: string | null;

  @ManyToOne(() => DocumentEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'fk_conversation_message_document' })
  document?: DocumentEntity;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
