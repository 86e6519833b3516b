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
} from 'typeorm';
import { AppointmentEntity } from '@app/appointments';
import { OfficeEntity } from '@app/offices';
import { WalkInTicketEntity } from '@app/walk-in';

/**
 * A document exchanged for an appointment or, in its conversation, for a walk-in ticket (exactly
 * one of the two). The content and the file name are encrypted with the
 * document's own key; that key is stored wrapped by a master key (named by `master_key_id`), so a
 * master-key rotation re-wraps keys and never touches the files.
 */
@Entity({ name: 'document' })
@Index('ix_document_appointment', ['appointmentId'])
@Index('ix_document_walk_in_ticket', ['walkInTicketId'])
@Check('ck_document_owner', 'num_nonnulls("appointment_id", "walk_in_ticket_id") = 1')
// A document is of its appointment's office: the key includes it.
@ForeignKey(() => AppointmentEntity, ['appointmentId', 'officeId'], ['id', 'officeId'], {
  name: 'fk_document_appointment',
  onDelete: 'CASCADE',
})
export class DocumentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_document' })
  id: string;

  @Column({ name: 'office_id', type: 'uuid' })
  officeId: string;

  @ManyToOne(() => OfficeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_document_office' })
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
  @JoinColumn({ name: 'walk_in_ticket_id', foreignKeyConstraintName: 'fk_document_walk_in_ticket' })
  walkInTicket?: WalkInTicketEntity;

  @Column({ name: 'uploaded_by', type: 'varchar', length: 10 })
  uploadedBy: 'client' | 'counsellor';

  /** The file name, sealed with the document key (names carry personal data: "Pass_Mariam.pdf"). */
  @Column({ name: 'file_name_sealed', type: 'varchar', length: 600 })
  fileNameSealed: string;

  /** Detected from the content, never taken from the upload's claims. */
  @Column({ name: 'content_type', type: 'varchar', length: 40 })
  contentType: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes: number;

  @Column({ name: 'storage_key', type: 'varchar', length: 80 })
  storageKey: string;

  @Column({ name: 'key_wrapped', type: 'varchar', length: 200 })
  keyWrapped: string;

  @Column({ name: 'master_key_id', type: 'varchar', length: 16 })
  masterKeyId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** Whose a document is: an appointment's, or (sent in its conversation) a walk-in ticket's. */
export type DocumentOwner =
  | { appointmentId: string; walkInTicketId?: undefined }
  | { walkInTicketId: string; appointmentId?: undefined };

/** Encrypted document contents when DOCUMENT_STORE=database. */
@Entity({ name: 'document_blob' })
export class DocumentBlobEntity {
  @PrimaryColumn({
    name: 'storage_key',
    type: 'varchar',
    length: 80,
    primaryKeyConstraintName: 'pk_document_blob',
  })
  storageKey: string;

  @Column({ type: 'bytea' })
  data: Buffer;
}
