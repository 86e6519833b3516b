import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CalendarFeedEntity } from './calendar-feed.entity.js';

/** The only place that touches the calendar_feed table. */
@Injectable()
export class CalendarFeedRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findByCounsellor(counsellorId: string): Promise<CalendarFeedEntity | null> {
    return this.dataSource.getRepository(CalendarFeedEntity).findOneBy({ counsellorId });
  }

  findByTokenHash(tokenHash: string): Promise<CalendarFeedEntity | null> {
    return this.dataSource.getRepository(CalendarFeedEntity).findOneBy({ tokenHash });
  }

  /** The counsellor's one feed, replaced in one statement: the old token stops working at once. */
  async replace(counsellorId: string, tokenHash: string): Promise<CalendarFeedEntity> {
    const rows = await this.dataSource.query<{ createdAt: Date }[]>(
      `INSERT INTO calendar_feed (token_hash, counsellor_id) VALUES ($1, $2)
       ON CONFLICT (counsellor_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()
       RETURNING created_at AS "createdAt"`,
      [tokenHash, counsellorId],
    );
    return this.dataSource
      .getRepository(CalendarFeedEntity)
      .create({ tokenHash, counsellorId, createdAt: rows[0].createdAt });
  }

  async delete(counsellorId: string): Promise<void> {
    await this.dataSource.getRepository(CalendarFeedEntity).delete({ counsellorId });
  }
}
