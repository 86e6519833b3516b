import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThanOrEqual, Not, type EntityManager } from 'typeorm';
import { StaffAccountEntity, type StaffRole } from './staff-account.entity.js';
import { StaffSessionEntity } from './staff-session.entity.js';

export interface NewStaffAccount {
  email: string;
  displayName: string;
  role: StaffRole;
  passwordHash: string;
  officeId: string | null;
}

export interface SessionWithStaff {
  session: StaffSessionEntity;
  staff: StaffAccountEntity;
}

/** The only place that touches staff tables. */
@Injectable()
export class StaffRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get em(): EntityManager {
    return this.dataSource.manager;
  }

  findByEmail(email: string): Promise<StaffAccountEntity | null> {
    return this.em.getRepository(StaffAccountEntity).findOneBy({ email });
  }

  /** The account, if it is one of the office's (when an office is named). */
  findById(id: string, officeId?: string): Promise<StaffAccountEntity | null> {
    return this.em
      .getRepository(StaffAccountEntity)
      .findOneBy({ id, ...(officeId !== undefined && { officeId }) });
  }

  list(officeId: string): Promise<StaffAccountEntity[]> {
    return this.em
      .getRepository(StaffAccountEntity)
      .find({ where: { officeId }, order: { displayName: 'ASC' } });
  }

  /** The kind of roster person ('counsellor' or 'interpreter') linked to the account, if any. */
  async linkedRosterKind(staffId: string): Promise<'counsellor' | 'interpreter' | null> {
    const [row] = await this.em.query<{ kind: 'counsellor' | 'interpreter' }[]>(
      'SELECT kind FROM counsellor WHERE staff_id = $1',
      [staffId],
    );
    return row?.kind ?? null;
  }

  count(): Promise<number> {
    return this.em.getRepository(StaffAccountEntity).count();
  }

  /** In `manager`'s transaction when given (an office and its first admin commit together). */
  insert(account: NewStaffAccount, manager: EntityManager = this.em): Promise<StaffAccountEntity> {
    const repository = manager.getRepository(StaffAccountEntity);
    return repository.save(repository.create(account));
  }

  async update(id: string, changes: Partial<StaffAccountEntity>): Promise<void> {
    await this.em.getRepository(StaffAccountEntity).update({ id }, changes);
  }

  async insertSession(
    session: Omit<StaffSessionEntity, 'id' | 'createdAt' | 'staff'>,
  ): Promise<StaffSessionEntity> {
    const repository = this.em.getRepository(StaffSessionEntity);
    return repository.save(repository.create(session));
  }

  async findLiveSession(tokenHash: string, now: Date): Promise<SessionWithStaff | null> {
    const session = await this.em
      .getRepository(StaffSessionEntity)
      .createQueryBuilder('session')
      .innerJoinAndSelect('session.staff', 'staff')
      .where('session.tokenHash = :tokenHash', { tokenHash })
      .andWhere('session.idleExpiresAt > :now', { now })
      .andWhere('session.absoluteExpiresAt > :now', { now })
      .andWhere('staff.active = true')
      .getOne();
    if (!session?.staff) return null;
    return { session, staff: session.staff };
  }

  async extendSession(id: string, idleExpiresAt: Date): Promise<void> {
    await this.em.getRepository(StaffSessionEntity).update({ id }, { idleExpiresAt });
  }

  async deleteSession(id: string): Promise<void> {
    await this.em.getRepository(StaffSessionEntity).delete({ id });
  }

  /** Ends every session of an account, except `keepSessionId` if given. */
  async deleteSessionsOf(staffId: string, keepSessionId?: string): Promise<void> {
    await this.em
      .getRepository(StaffSessionEntity)
      .delete(keepSessionId ? { staffId, id: Not(keepSessionId) } : { staffId });
  }

  async deleteExpiredSessions(now: Date): Promise<number> {
    const repository = this.em.getRepository(StaffSessionEntity);
    const idle = await repository.delete({ idleExpiresAt: LessThanOrEqual(now) });
    const absolute = await repository.delete({ absoluteExpiresAt: LessThanOrEqual(now) });
    return (idle.affected ?? 0) + (absolute.affected ?? 0);
  }
}
