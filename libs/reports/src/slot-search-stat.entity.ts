import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { OfficeEntity } from '@app/offices';
import { CHANNELS, type Channel } from '@app/roster';

/**
 * One public slot search, anonymously: which office (null: the search across all offices), the
 * day (office zone), topic, channel and languages asked for, and whether a free slot was found
 * within 14 days, after how many days. Nothing of the client (no address, no session, no time of
 * day) is kept, so the rows never need erasing.
 */
@Entity({ name: 'slot_search_stat' })
@Index('ix_slot_search_stat_day', ['searchedOn'])
@Check('ck_slot_search_stat_days', '"days_to_first_slot" IS NULL OR "days_to_first_slot" >= 0')
export class SlotSearchStatEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_slot_search_stat' })
  id: string;

  @Column({ name: 'office_id', type: 'uuid', nullable: true })
  officeId: string | null;

  @ManyToOne(() => OfficeEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_slot_search_stat_office' })
  office?: OfficeEntity | null;

  /** The local day of the search (YYYY-MM-DD). */
  @Column({ name: 'searched_on', type: 'date' })
  searchedOn: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  topic: string | null;

  @Column({ type: 'enum', enum: CHANNELS, enumName: 'consultation_channel', nullable: true })
  channel: Channel | null;

  /** The counsellor language asked for. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  language: string | null;

  @Column({ name: 'interpreter_language', type: 'varchar', length: 16, nullable: true })
  interpreterLanguage: string | null;

  /** Null when the search looked at fewer than 14 days and found nothing (unknown). */
  @Column({ name: 'found_within_14_days', type: 'boolean', nullable: true })
  foundWithin14Days: boolean | null;

  /** Whole days from the search to the first free slot; null when none was found. */
  @Column({ name: 'days_to_first_slot', type: 'smallint', nullable: true })
  daysToFirstSlot: number | null;
}
