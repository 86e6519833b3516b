import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { OfficeEntity } from './office.entity.js';

/** An active interpreter pool, and whether the office asking chose it. */
export interface PoolChoice {
  pool: OfficeEntity;
  chosen: boolean;
  /** Its active interpreters' languages (BCP 47 tags), sorted. */
  languages: string[];
}

/** The pools an office chose (office_interpreter_pool), and its writes. */
@Injectable()
export class InterpreterPoolRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every active pool, by slug, with whether `officeId` chose it and its interpreters' languages. */
  async activePools(officeId: string): Promise<PoolChoice[]> {
    const pools = await this.dataSource
      .getRepository(OfficeEntity)
      .find({ where: { kind: 'interpreter_pool', status: 'active' }, order: { slug: 'ASC' } });
    if (pools.length === 0) return [];
    const ids = pools.map((pool) => pool.id);
    const chosen = new Set(
      (
        await this.dataSource.query<{ poolId: string }[]>(
          'SELECT pool_id AS "poolId" FROM office_interpreter_pool WHERE office_id = $1',
          [officeId],
        )
      ).map((row) => row.poolId),
    );
    const languages = new Map(
      (
        await this.dataSource.query<{ officeId: string; languages: string[] }[]>(
          `SELECT office_id AS "officeId", array_agg(DISTINCT language ORDER BY language) AS languages
             FROM counsellor, unnest(languages) AS language
            WHERE office_id = ANY($1::uuid[]) AND kind = 'interpreter' AND active
            GROUP BY office_id`,
          [ids],
        )
      ).map((row) => [row.officeId, row.languages]),
    );
    return pools.map((pool) => ({
      pool,
      chosen: chosen.has(pool.id),
      languages: languages.get(pool.id) ?? [],
    }));
  }

  /** The ids among these that are active interpreter pools. */
  async activePoolIds(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM office WHERE id = ANY($1::uuid[]) AND kind = 'interpreter_pool' AND status = 'active'`,
      [ids],
    );
    return new Set(rows.map((row) => row.id));
  }

  /**
   * Replaces the office's chosen pools, in one transaction with its audit entry; answers the pools
   * chosen before. The office's row is locked first, so two concurrent choices apply one after
   * the other. The slot caches of every API process see the change at once: the catalog version
   * (roster_version 'catalog', compared on every search) is raised in the same transaction.
   */
  replace(officeId: string, poolIds: string[], actorId: string): Promise<string[]> {
    return this.dataSource.transaction(async (manager: EntityManager) => {
      await manager.query('SELECT 1 FROM office WHERE id = $1 FOR UPDATE', [officeId]);
      const before = (
        await manager.query<{ poolId: string }[]>(
          'SELECT pool_id AS "poolId" FROM office_interpreter_pool WHERE office_id = $1 ORDER BY pool_id',
          [officeId],
        )
      ).map((row) => row.poolId);
      const after = [...poolIds].sort();
      if (JSON.stringify(before) === JSON.stringify(after)) return before;
      await manager.query(
        'DELETE FROM office_interpreter_pool WHERE office_id = $1 AND NOT (pool_id = ANY($2::uuid[]))',
        [officeId, after],
      );
      await manager.query(
        `INSERT INTO office_interpreter_pool (office_id, pool_id)
         SELECT $1, pool_id FROM unnest($2::uuid[]) AS pool_id ON CONFLICT DO NOTHING`,
        [officeId, after],
      );
      await manager.query(
        `INSERT INTO audit_event (office_id, actor_type, actor_id, action, changes)
         VALUES ($1, 'staff', $2, 'office.interpreter_pools_changed', $3)`,
        [officeId, actorId, JSON.stringify({ poolIds: { from: before, to: after } })],
      );
      await manager.query(
        `INSERT INTO roster_version (scope, version) VALUES ('catalog', 1)
         ON CONFLICT (scope) DO UPDATE SET version = roster_version.version + 1`,
      );
      return before;
    });
  }
}
