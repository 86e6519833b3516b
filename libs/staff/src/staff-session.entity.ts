import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { StaffAccountEntity } from './staff-account.entity.js';

/** A server-side login session; the client holds the token, we keep only its SHA-256. */
@Entity({ name: 'staff_session' })
@Index('uq_staff_session_token_hash', ['tokenHash'], { unique: true })
@Index('ix_staff_session_staff', ['staffId'])
@Index('ix_staff_session_expires', ['absoluteExpiresAt'])
export class StaffSessionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_staff_session' })
  id: string;

  @Column({ name: 'staff_id', type: 'uuid' })
  staffId: string;

  @ManyToOne(() => StaffAccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'fk_staff_session_staff' })
  staff?: StaffAccountEntity;

  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Slides forward with use, never past absoluteExpiresAt. */
  @Column({ name: 'idle_expires_at', type: 'timestamptz' })
  idleExpiresAt: Date;

  @Column({ name: 'absolute_expires_at', type: 'timestamptz' })
  absoluteExpiresAt: Date;
}
