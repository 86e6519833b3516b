import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { RosterPersonKind } from './roster.entities.js';

/** An audit entry about a roster person (no appointment): who changed what. */
export interface RosterPersonAuditEntry {
  officeId: string;
  actorId: string;
  action: 'interpreter.created' | 'interpreter.updated';
  changes: Record<string, unknown>;
}

/**
 * The interpreters' own reads and writes beside RosterRepository: kinds of roster people and
 * staff accounts, and the audit trail of interpreters' records.
 */
@Injectable()
export class InterpreterRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * How many of these ids are interpreters of the office (another office's are unknown ids to it,
   * never "interpreters", which would tell that they exist).
   */
  async countInterpreters(ids: string[], officeId: string): Promise<number> {
    if (ids.length === 0) return 0;
    const [row] = await this.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM counsellor
        WHERE id = ANY($1::uuid[]) AND office_id = $2 AND kind = 'interpreter'`,
      [ids, officeId],
    );
    return row?.count ?? 0;
  }

  /** The kind of a roster person, if the id is one. */
  async kindOf(id: string): Promise<RosterPersonKind | null> {
    const [row] = await this.dataSource.query<{ kind: RosterPersonKind }[]>(
      'SELECT kind FROM counsellor WHERE id = $1',
      [id],
    );
    return row?.kind ?? null;
  }

  /** The role of a staff account of the office, if it is one of the office's. */
  async staffRole(staffId: string, officeId: string): Promise<string | null> {
    const [row] = await this.dataSource.query<{ role: string }[]>(
      'SELECT role::text AS role FROM staff_account WHERE id = $1 AND office_id = $2',
      [staffId, officeId],
    );
    return row?.role ?? null;
  }

  /** The kind of an office ('office' or 'interpreter_pool'). */
  async officeKind(officeId: string): Promise<string | null> {
    const [row] = await this.dataSource.query<{ kind: string }[]>(
      'SELECT kind::text AS kind FROM office WHERE id = $1',
      [officeId],
    );
    return row?.kind ?? null;
  }

  async audit(entry: RosterPersonAuditEntry): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO audit_event (office_id, actor_type, actor_id, action, changes) VALUES ($1, 'staff', $2, $3, $4)`,
      [entry.officeId, entry.actorId, entry.action, JSON.stringify(entry.changes)],
    );
  }
}
