import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { CounsellorEntity } from '@app/roster';

/**
 * A counsellor's private calendar subscription: the URL's token, stored only as its SHA-256 (like
 * manage tokens). At most one per counsellor; a new one replaces the old, deleting it revokes.
 */
@Entity({ name: 'calendar_feed' })
@Index('ux_calendar_feed_counsellor', ['counsellorId'], { unique: true })
export class CalendarFeedEntity {
  @PrimaryColumn({
    name: 'token_hash',
    type: 'char',
    length: 64,
    primaryKeyConstraintName: 'pk_calendar_feed',
  })
  tokenHash: string;

  @Column({ name: 'counsellor_id', type: 'uuid' })
  counsellorId: string;

  @ManyToOne(() => CounsellorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'counsellor_id', foreignKeyConstraintName: 'fk_calendar_feed_counsellor' })
  counsellor?: CounsellorEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
