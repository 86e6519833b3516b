import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import { OfficeEntity } from './office.entity.js';

/** An office's own fields, as the platform admin sets them (id, status and dates are the database's). */
/** An office's own fields; the kind defaults to a counselling office. */
export type OfficeFields = Omit<
  OfficeEntity,
  'id' | 'status' | 'kind' | 'createdAt' | 'updatedAt'
> &
  Partial<Pick<OfficeEntity, 'kind'>>;

/** An office with what the platform admin sees at a glance. */
export interface OfficeWithCounts {
  office: OfficeEntity;
  /** Active counsellors (of a pool: its active interpreters). */
  counsellors: number;
  /** Confirmed appointments that have not started yet. */
  appointmentsAhead: number;
}

/** An audit entry about an office itself (no appointment): who changed what. */
export interface OfficeAuditEntry {
  officeId: string;
  actorId: string;
  action: 'office.created' | 'office.updated';
  changes: Record<string, unknown>;
}

/** Writes of one transaction: an office, its first admin and their audit entry commit together. */
export class OfficeTransaction {
  constructor(readonly manager: EntityManager) {}

  insert(fields: OfficeFields): Promise<OfficeEntity> {
    const repository = this.manager.getRepository(OfficeEntity);
    return repository.save(repository.create(fields));
  }

  /** Locks the office's row until commit, so that concurrent edits apply one after the other. */
  findForUpdate(id: string): Promise<OfficeEntity | null> {
    return this.manager
      .getRepository(OfficeEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async update(id: string, changes: Partial<OfficeEntity>): Promise<void> {
    await this.manager.getRepository(OfficeEntity).update({ id }, changes);
  }

  /** audit_event belongs to an office: entries about an office are recorded in that office. */
  async audit(entry: OfficeAuditEntry): Promise<void> {
    await this.manager.query(
      `INSERT INTO "audit_event" ("office_id", "actor_type", "actor_id", "action", "changes") VALUES ($1, 'staff', $2, $3, $4)`,
      [entry.officeId, entry.actorId, entry.action, JSON.stringify(entry.changes)],
    );
  }
}

/** The name of the constraint a failed query violated, so services can tell one conflict from another. */
export function violatedConstraint(error: unknown): string | undefined {
  return error instanceof QueryFailedError
    ? (error.driverError as { constraint?: string } | undefined)?.constraint
    : undefined;
}

/** The only place that touches the office table. */
@Injectable()
export class OfficeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get em(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (tx: OfficeTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new OfficeTransaction(manager)));
  }

  findById(id: string): Promise<OfficeEntity | null> {
    return this.em.getRepository(OfficeEntity).findOneBy({ id });
  }

  findBySlug(slug: string): Promise<OfficeEntity | null> {
    return this.em.getRepository(OfficeEntity).findOneBy({ slug });
  }

  /** The instance's first office: the one the migration created from the configuration's defaults. */
  findOldest(): Promise<OfficeEntity | null> {
    return this.em
      .getRepository(OfficeEntity)
      .findOne({ where: {}, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Active counselling offices: interpreter pools are never shown to clients. */
  listActive(): Promise<OfficeEntity[]> {
    return this.em
      .getRepository(OfficeEntity)
      .find({ where: { status: 'active', kind: 'office' }, order: { slug: 'ASC' } });
  }

  /** Every office, suspended ones too, with its counts: three statements whatever the number of offices. */
  async listWithCounts(now: Date): Promise<OfficeWithCounts[]> {
    const offices = await this.em.getRepository(OfficeEntity).find({ order: { slug: 'ASC' } });
    const counts = await this.countsByOffice(now);
    return offices.map((office) => ({
      office,
      counsellors: counts.counsellors.get(office.id) ?? 0,
      appointmentsAhead: counts.appointmentsAhead.get(office.id) ?? 0,
    }));
  }

  async findWithCounts(id: string, now: Date): Promise<OfficeWithCounts | null> {
    const office = await this.findById(id);
    if (!office) return null;
    const counts = await this.countsByOffice(now, id);
    return {
      office,
      counsellors: counts.counsellors.get(id) ?? 0,
      appointmentsAhead: counts.appointmentsAhead.get(id) ?? 0,
    };
  }

  private async countsByOffice(
    now: Date,
    officeId?: string,
  ): Promise<{ counsellors: Map<string, number>; appointmentsAhead: Map<string, number> }> {
    const scope = officeId ? 'AND "office_id" = $2' : '';
    const rows = async (sql: string, parameters: unknown[]) =>
      new Map(
        (await this.em.query<{ office_id: string; count: string }[]>(sql, parameters)).map(
          (row) => [row.office_id, Number(row.count)],
        ),
      );
    const counsellorParameters = officeId ? [true, officeId] : [true];
    return {
      // An office's counsellors, a pool's interpreters.
      counsellors: await rows(
        `SELECT "office_id", count(*) FROM "counsellor" c
          WHERE "active" = $1 ${scope}
            AND (c."kind" = 'counsellor') = (SELECT o."kind" = 'office' FROM "office" o WHERE o."id" = c."office_id")
          GROUP BY "office_id"`,
        counsellorParameters,
      ),
      appointmentsAhead: await rows(
        `SELECT "office_id", count(*) FROM "appointment" WHERE "status" = 'confirmed' AND "starts_at" > $1 ${scope} GROUP BY "office_id"`,
        officeId ? [now, officeId] : [now],
      ),
    };
  }
}
