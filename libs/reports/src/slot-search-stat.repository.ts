import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** office, day, topic, channel, language, interpreter language, found within 14 days, days. */
export type SlotSearchRow = [
  string | null,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  boolean | null,
  number | null,
];

@Injectable()
export class SlotSearchStatRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One statement and eight parameters (column arrays, unnested) whatever the number of rows. */
  async insertMany(rows: SlotSearchRow[]): Promise<void> {
    const columns = rows[0].map((_, i) => rows.map((row) => row[i]));
    await this.dataSource.query(
      `INSERT INTO slot_search_stat (office_id, searched_on, topic, channel, language,
              interpreter_language, found_within_14_days, days_to_first_slot)
       SELECT * FROM unnest($1::uuid[], $2::date[], $3::varchar[], $4::consultation_channel[],
              $5::varchar[], $6::varchar[], $7::boolean[], $8::smallint[])`,
      columns,
    );
  }
}
