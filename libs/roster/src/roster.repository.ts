import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  AbsenceEntity,
  AvailabilityRuleEntity,
  ConsultationTypeEntity,
  CounsellorEntity,
  ExtraHoursEntity,
  HolidayOpeningEntity,
} from './roster.entities.js';

/** Everything the slot engine needs about some counsellors in a period, fetched in a few queries. */
export interface RosterData {
  rules: AvailabilityRuleEntity[];
  extras: ExtraHoursEntity[];
  absences: AbsenceEntity[];
  appointments: {
    counsellorId: string;
    startsAt: Date;
    endsAt: Date;
    bufferBeforeMinutes: number;
    bufferAfterMinutes: number;
  }[];
}

/** The only place that touches roster tables. */
@Injectable()
export class RosterRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  private get em(): EntityManager {
    return this.dataSource.manager;
  }

  // Counsellors

  listCounsellors(): Promise<CounsellorEntity[]> {
    return this.em.getRepository(CounsellorEntity).find({ order: { displayName: 'ASC' } });
  }

  findCounsellorByStaff(staffId: string): Promise<CounsellorEntity | null> {
    return this.em.getRepository(CounsellorEntity).findOneBy({ staffId });
  }

  findCounsellor(id: string): Promise<CounsellorEntity | null> {
    return this.em.getRepository(CounsellorEntity).findOneBy({ id });
  }

  saveCounsellor(counsellor: Partial<CounsellorEntity>): Promise<CounsellorEntity> {
    const repository = this.em.getRepository(CounsellorEntity);
    return repository.save(repository.create(counsellor));
  }

  // Consultation types

  listConsultationTypes(onlyActive: boolean): Promise<ConsultationTypeEntity[]> {
    return this.em.getRepository(ConsultationTypeEntity).find({
      where: onlyActive ? { active: true } : {},
      relations: { counsellors: true },
      order: { createdAt: 'ASC' },
    });
  }

  /** The type alone, without the counsellors who serve it. */
  findConsultationTypeOnly(id: string): Promise<ConsultationTypeEntity | null> {
    return this.em.getRepository(ConsultationTypeEntity).findOneBy({ id });
  }

  findConsultationType(id: string): Promise<ConsultationTypeEntity | null> {
    return this.em
      .getRepository(ConsultationTypeEntity)
      .findOne({ where: { id }, relations: { counsellors: true } });
  }

  /** Saves a type and, when given, replaces the counsellors who serve it, in one transaction. */
  saveConsultationType(
    type: Partial<ConsultationTypeEntity>,
    counsellorIds?: string[],
  ): Promise<ConsultationTypeEntity> {
    return this.transaction(async (manager) => {
      const repository = manager.getRepository(ConsultationTypeEntity);
      const entity = repository.create(type);
      if (counsellorIds)
        entity.counsellors = counsellorIds.map((id) => ({ id }) as CounsellorEntity);
      return repository.save(entity);
    });
  }

  countCounsellors(ids: string[]): Promise<number> {
    return ids.length === 0
      ? Promise.resolve(0)
      : this.em.getRepository(CounsellorEntity).countBy({ id: In(ids) });
  }

  // Availability

  listRules(counsellorId: string): Promise<AvailabilityRuleEntity[]> {
    return this.em.getRepository(AvailabilityRuleEntity).find({
      where: { counsellorId },
      order: { weekday: 'ASC', startMinute: 'ASC' },
    });
  }

  insertRule(
    rule: Omit<AvailabilityRuleEntity, 'id' | 'counsellor'>,
  ): Promise<AvailabilityRuleEntity> {
    const repository = this.em.getRepository(AvailabilityRuleEntity);
    return repository.save(repository.create(rule));
  }

  async deleteRule(counsellorId: string, id: string): Promise<boolean> {
    return (
      ((await this.em.getRepository(AvailabilityRuleEntity).delete({ counsellorId, id }))
        .affected ?? 0) > 0
    );
  }

  listExtras(counsellorId: string): Promise<ExtraHoursEntity[]> {
    return this.em
      .getRepository(ExtraHoursEntity)
      .find({ where: { counsellorId }, order: { date: 'ASC', startMinute: 'ASC' } });
  }

  insertExtra(extra: Omit<ExtraHoursEntity, 'id' | 'counsellor'>): Promise<ExtraHoursEntity> {
    const repository = this.em.getRepository(ExtraHoursEntity);
    return repository.save(repository.create(extra));
  }

  async deleteExtra(counsellorId: string, id: string): Promise<boolean> {
    return (
      ((await this.em.getRepository(ExtraHoursEntity).delete({ counsellorId, id })).affected ?? 0) >
      0
    );
  }

  listAbsences(counsellorId: string): Promise<AbsenceEntity[]> {
    return this.em
      .getRepository(AbsenceEntity)
      .find({ where: { counsellorId }, order: { startsAt: 'ASC' } });
  }

  insertAbsence(absence: Omit<AbsenceEntity, 'id' | 'counsellor'>): Promise<AbsenceEntity> {
    const repository = this.em.getRepository(AbsenceEntity);
    return repository.save(repository.create(absence));
  }

  async deleteAbsence(counsellorId: string, id: string): Promise<boolean> {
    return (
      ((await this.em.getRepository(AbsenceEntity).delete({ counsellorId, id })).affected ?? 0) > 0
    );
  }

  // Holidays

  async openedHolidays(fromDate: string, toDate: string): Promise<Set<string>> {
    const rows = await this.em
      .getRepository(HolidayOpeningEntity)
      .createQueryBuilder('opening')
      .where('opening.date BETWEEN :fromDate AND :toDate', { fromDate, toDate })
      .getMany();
    return new Set(rows.map((row) => row.date));
  }

  async openHoliday(date: string): Promise<void> {
    await this.em.getRepository(HolidayOpeningEntity).upsert({ date }, ['date']);
  }

  async closeHoliday(date: string): Promise<void> {
    await this.em.getRepository(HolidayOpeningEntity).delete({ date });
  }

  // Slot search

  /** Active counsellors who serve the type, optionally narrowed by language, topic or id. */
  servingCounsellors(
    typeId: string,
    filter: { language?: string; topic?: string; counsellorId?: string },
  ): Promise<CounsellorEntity[]> {
    const query = this.em
      .getRepository(CounsellorEntity)
      .createQueryBuilder('counsellor')
      .innerJoin('consultation_type_counsellor', 'serves', 'serves.counsellor_id = counsellor.id')
      .where('serves.consultation_type_id = :typeId', { typeId })
      .andWhere('counsellor.active = true')
      .orderBy('counsellor.id');
    if (filter.language)
      query.andWhere(':language = ANY(counsellor.languages)', { language: filter.language });
    if (filter.topic) query.andWhere(':topic = ANY(counsellor.topics)', { topic: filter.topic });
    if (filter.counsellorId)
      query.andWhere('counsellor.id = :counsellorId', { counsellorId: filter.counsellorId });
    return query.getMany();
  }

  /** Rules, extra hours, absences and live appointments of these counsellors around [from, to). */
  async rosterData(
    counsellorIds: string[],
    from: Date,
    to: Date,
    fromDate: string,
    toDate: string,
    ignoreAppointmentId?: string,
  ): Promise<RosterData> {
    if (counsellorIds.length === 0)
      return { rules: [], extras: [], absences: [], appointments: [] };
    const ids = { ids: counsellorIds };
    const [rules, extras, absences, appointments] = await Promise.all([
      this.em
        .getRepository(AvailabilityRuleEntity)
        .find({ where: { counsellorId: In(counsellorIds) } }),
      this.em
        .getRepository(ExtraHoursEntity)
        .createQueryBuilder('extra')
        .where('extra.counsellorId IN (:...ids)', ids)
        .andWhere('extra.date BETWEEN :fromDate AND :toDate', { fromDate, toDate })
        .getMany(),
      this.em
        .getRepository(AbsenceEntity)
        .createQueryBuilder('absence')
        .where('absence.counsellorId IN (:...ids)', ids)
        .andWhere('absence.startsAt < :to AND absence.endsAt > :from', { from, to })
        .getMany(),
      // Raw SQL: the appointments capability builds on this one, not the other way round.
      this.em.query<RosterData['appointments']>(
        `SELECT counsellor_id AS "counsellorId", starts_at AS "startsAt", ends_at AS "endsAt",
                buffer_before_minutes AS "bufferBeforeMinutes", buffer_after_minutes AS "bufferAfterMinutes"
           FROM appointment
          WHERE counsellor_id = ANY($1::uuid[]) AND status = 'confirmed'
            AND starts_at < $3 AND ends_at > $2 AND ($4::uuid IS NULL OR id <> $4::uuid)`,
        [counsellorIds, from, to, ignoreAppointmentId ?? null],
      ),
    ]);
    return { rules, extras, absences, appointments };
  }
}
