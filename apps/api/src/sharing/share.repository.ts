import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The few reads sharing needs that no other module offers. */
@Injectable()
export class ShareRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The languages the office's active counsellors speak (ISO 639-1), in no particular order. */
  async counsellorLanguages(officeId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ language: string }[]>(
      `SELECT DISTINCT unnest(languages) AS language FROM counsellor
        WHERE office_id = $1 AND active AND kind = 'counsellor'`,
      [officeId],
    );
    return rows.map((row) => row.language);
  }
}
