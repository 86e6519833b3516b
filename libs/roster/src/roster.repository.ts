import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { preparedQuery } from '@app/common';
import {
  AbsenceEntity,
  AvailabilityRuleEntity,
  ConsultationTypeEntity,
  CounsellorEntity,
  ExtraHoursEntity,
  HolidayOpeningEntity,
  type RosterPersonKind,
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

/** What the slot engine reads about some counsellors, with the version it was read at (one snapshot). */
export interface RosterSnapshot {
  versions: Map<string, number>;
  rules: {
    counsellorId: string;
    weekday: number;
    startMinute: number;
    endMinute: number;
    validFrom: string | null;
    validUntil: string | null;
  }[];
  extras: { counsellorId: string; date: string; startMinute: number; endMinute: number }[];
  /** Instants as epoch milliseconds. */
  absences: { counsellorId: string; start: number; end: number }[];
  appointments: {
    counsellorId: string;
    start: number;
    end: number;
    bufferBeforeMinutes: number;
    bufferAfterMinutes: number;
  }[];
}

/** A consultation type with the active counsellors who serve it, as the catalog snapshots read it. */
export interface CatalogEntry {
  type: ConsultationTypeEntity;
  counsellors: CounsellorEntity[];
  /**
   * Active interpreters the type's office may book (its own and those of the active pools it
   * chose), every language, by id.
   */
  interpreters: CounsellorEntity[];
  /** Clients may see and book it: the type is active and its office is not suspended. */
  bookable: boolean;
}

const isBookable = (type: ConsultationTypeEntity): boolean =>
  type.active && type.office?.status === 'active';

const epochMs = (column: string) => `(extract(epoch FROM ${column}) * 1000)::bigint`;

/**
 * The live (confirmed or held) appointments of the people in $1 (by `person`: counsellor_id or
 * interpreter_id) that overlap [$2, $3). The blocked range (with buffers) holds the appointment, so
 * its overlap adds no row and lets the exclusion constraint's GiST index find the few in the range,
 * where the btree on (counsellor_id, starts_at) would read a person's whole past before $3.
 */
const liveOverlapping = (person: 'counsellor_id' | 'interpreter_id') =>
  `${person} = ANY($1::uuid[]) AND status IN ('confirmed', 'held')
   AND appointment_blocked_range(starts_at, ends_at, buffer_before_minutes, buffer_after_minutes) && tstzrange($2, $3)
   AND starts_at < $3 AND ends_at > $2`;

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

  /** The counsellors (or, when asked, the interpreters) of one office. */
  listCounsellors(
    officeId: string,
    kind: RosterPersonKind = 'counsellor',
  ): Promise<CounsellorEntity[]> {
    return this.em
      .getRepository(CounsellorEntity)
      .find({ where: { officeId, kind }, order: { displayName: 'ASC' } });
  }

  /**
   * The active interpreters office `officeId` may book: its own (kind interpreter) and those of
   * every active interpreter pool it chose, by id; with `language`, only who interprets it.
   */
  availableInterpreters(
    officeId: string,
    language?: string,
    manager: EntityManager = this.em,
  ): Promise<CounsellorEntity[]> {
    const query = manager
      .getRepository(CounsellorEntity)
      .createQueryBuilder('counsellor')
      .where("counsellor.kind = 'interpreter' AND counsellor.active = true")
      .andWhere(
        `(counsellor.office_id = :officeId OR counsellor.office_id IN (
           SELECT choice.pool_id FROM office_interpreter_pool choice
             JOIN office pool ON pool.id = choice.pool_id
            WHERE choice.office_id = :officeId AND pool.status = 'active'
              AND pool.kind = 'interpreter_pool'))`,
        { officeId },
      )
      .orderBy('counsellor.id');
    if (language) query.andWhere(':language = ANY(counsellor.languages)', { language });
    return query.getMany();
  }

  /** availableInterpreters of several offices at once (one query), by office id. */
  private async interpretersOfOffices(
    manager: EntityManager,
    officeIds: string[],
  ): Promise<Map<string, CounsellorEntity[]>> {
    const byOffice = new Map<string, CounsellorEntity[]>();
    if (officeIds.length === 0) return byOffice;
    const pairs = await manager.query<{ officeId: string; interpreterId: string }[]>(
      `SELECT office.id AS "officeId", counsellor.id AS "interpreterId"
         FROM unnest($1::uuid[]) AS office(id)
         JOIN counsellor ON counsellor.kind = 'interpreter' AND counsellor.active
          AND (counsellor.office_id = office.id OR counsellor.office_id IN (
                SELECT choice.pool_id FROM office_interpreter_pool choice
                  JOIN office pool ON pool.id = choice.pool_id
                 WHERE choice.office_id = office.id AND pool.status = 'active'
                   AND pool.kind = 'interpreter_pool'))
        ORDER BY counsellor.id`,
      [officeIds],
    );
    const interpreters = new Map(
      (
        await manager.getRepository(CounsellorEntity).findBy({
          id: In([...new Set(pairs.map((pair) => pair.interpreterId))]),
        })
      ).map((interpreter) => [interpreter.id, interpreter]),
    );
    for (const { officeId, interpreterId } of pairs) {
      const list = byOffice.get(officeId) ?? [];
      list.push(interpreters.get(interpreterId) as CounsellorEntity);
      byOffice.set(officeId, list);
    }
    return byOffice;
  }

  /** The counsellor profile linked to a staff account (at most one: staff_id is unique). */
  findCounsellorByStaff(staffId: string): Promise<CounsellorEntity | null> {
    return this.em.getRepository(CounsellorEntity).findOneBy({ staffId });
  }

  /** The counsellor, if it is one of the office's (when an office is named). */
  findCounsellor(id: string, officeId?: string): Promise<CounsellorEntity | null> {
    return this.em
      .getRepository(CounsellorEntity)
      .findOneBy({ id, ...(officeId !== undefined && { officeId }) });
  }

  /** Whether a staff account of this id works in the office. */
  async isStaffOfOffice(staffId: string, officeId: string): Promise<boolean> {
    const rows = await this.em.query<unknown[]>(
      'SELECT 1 FROM staff_account WHERE id = $1 AND office_id = $2',
      [staffId, officeId],
    );
    return rows.length > 0;
  }

  saveCounsellor(counsellor: Partial<CounsellorEntity>): Promise<CounsellorEntity> {
    const repository = this.em.getRepository(CounsellorEntity);
    return repository.save(repository.create(counsellor));
  }

  // Consultation types

  /** All offices' types for the public catalogue, or one office's (when an office is named). */
  listConsultationTypes(onlyActive: boolean, officeId?: string): Promise<ConsultationTypeEntity[]> {
    return this.em.getRepository(ConsultationTypeEntity).find({
      where: {
        ...(onlyActive && { active: true }),
        ...(officeId !== undefined && { officeId }),
      },
      relations: { counsellors: true },
      order: { createdAt: 'ASC' },
    });
  }

  /** The type alone, without the counsellors who serve it. */
  findConsultationTypeOnly(id: string): Promise<ConsultationTypeEntity | null> {
    return this.em.getRepository(ConsultationTypeEntity).findOneBy({ id });
  }

  /** The type with its counsellors, if it is one of the office's (when an office is named). */
  findConsultationType(id: string, officeId?: string): Promise<ConsultationTypeEntity | null> {
    return this.em.getRepository(ConsultationTypeEntity).findOne({
      where: { id, ...(officeId !== undefined && { officeId }) },
      relations: { counsellors: true },
    });
  }

  /**
   * Saves a type and, when given, replaces the counsellors who serve it, in one transaction. The
   * links carry the type's office; a counsellor of another office fails on the composite key.
   */
  saveConsultationType(
    type: Partial<ConsultationTypeEntity>,
    counsellorIds?: string[],
  ): Promise<ConsultationTypeEntity> {
    return this.transaction(async (manager) => {
      const repository = manager.getRepository(ConsultationTypeEntity);
      const saved = await repository.save(repository.create(type));
      if (counsellorIds) {
        await manager.query(
          'DELETE FROM consultation_type_counsellor WHERE consultation_type_id = $1 AND NOT (counsellor_id = ANY($2::uuid[]))',
          [saved.id, counsellorIds],
        );
        await manager.query(
          `INSERT INTO consultation_type_counsellor (consultation_type_id, counsellor_id, office_id)
           SELECT type.id, counsellor_id, type.office_id
             FROM consultation_type type, unnest($2::uuid[]) AS counsellor_id
            WHERE type.id = $1
           ON CONFLICT DO NOTHING`,
          [saved.id, counsellorIds],
        );
      }
      return saved;
    });
  }

  /** How many of these ids are consultation types of the office. */
  countConsultationTypes(ids: string[], officeId: string): Promise<number> {
    return ids.length === 0
      ? Promise.resolve(0)
      : this.em.getRepository(ConsultationTypeEntity).countBy({ id: In(ids), officeId });
  }

  /** Replaces the consultation types a counsellor serves (the "offered by" links), in one transaction. */
  setCounsellorTypes(counsellorId: string, typeIds: string[]): Promise<void> {
    return this.transaction(async (manager) => {
      await manager.query(
        'DELETE FROM consultation_type_counsellor WHERE counsellor_id = $1 AND NOT (consultation_type_id = ANY($2::uuid[]))',
        [counsellorId, typeIds],
      );
      if (typeIds.length > 0) {
        await manager.query(
          `INSERT INTO consultation_type_counsellor (consultation_type_id, counsellor_id, office_id)
           SELECT type_id, counsellor.id, counsellor.office_id
             FROM counsellor, unnest($2::uuid[]) AS type_id
            WHERE counsellor.id = $1
           ON CONFLICT DO NOTHING`,
          [counsellorId, typeIds],
        );
      }
    });
  }

  /** How many of these ids are counsellors of the office (interpreters are not). */
  countCounsellors(ids: string[], officeId: string): Promise<number> {
    return ids.length === 0
      ? Promise.resolve(0)
      : this.em
          .getRepository(CounsellorEntity)
          .countBy({ id: In(ids), officeId, kind: 'counsellor' });
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

  listExtrasOn(counsellorId: string, date: string): Promise<ExtraHoursEntity[]> {
    return this.em
      .getRepository(ExtraHoursEntity)
      .find({ where: { counsellorId, date }, order: { startMinute: 'ASC' } });
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

  async openedHolidays(officeId: string, fromDate: string, toDate: string): Promise<Set<string>> {
    const rows = await this.em
      .getRepository(HolidayOpeningEntity)
      .createQueryBuilder('opening')
      .where('opening.officeId = :officeId', { officeId })
      .andWhere('opening.date BETWEEN :fromDate AND :toDate', { fromDate, toDate })
      .getMany();
    return new Set(rows.map((row) => row.date));
  }

  async openHoliday(officeId: string, date: string): Promise<void> {
    await this.em
      .getRepository(HolidayOpeningEntity)
      .upsert({ officeId, date }, ['officeId', 'date']);
  }

  async closeHoliday(officeId: string, date: string): Promise<void> {
    await this.em.getRepository(HolidayOpeningEntity).delete({ officeId, date });
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
      .andWhere("counsellor.kind = 'counsellor'")
      .orderBy('counsellor.id');
    if (filter.language)
      query.andWhere(':language = ANY(counsellor.languages)', { language: filter.language });
    if (filter.topic) query.andWhere(':topic = ANY(counsellor.topics)', { topic: filter.topic });
    if (filter.counsellorId)
      query.andWhere('counsellor.id = :counsellorId', { counsellorId: filter.counsellorId });
    return query.getMany();
  }

  /** The current versions of these scopes (counsellor ids, 'holidays'); a scope never changed is 0. */
  async rosterVersions(scopes: string[]): Promise<Map<string, number>> {
    const rows = await preparedQuery<{ scope: string; version: string }>(
      this.em,
      'SELECT scope, version FROM roster_version WHERE scope = ANY($1::text[])',
      [scopes],
    );
    return new Map(rows.map((row) => [row.scope, Number(row.version)]));
  }

  /**
   * A type with every active counsellor who serves it (by id), or null for an unknown type, and the
   * catalog version they belong to, from one snapshot. `bookable`: the type is active and so is
   * its office (a suspended office's types are hidden from clients as if inactive).
   */
  catalogSnapshot(typeId: string): Promise<{
    version: number;
    entry: CatalogEntry | null;
  }> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [row] = await manager.query<{ version: string }[]>(
        "SELECT version FROM roster_version WHERE scope = 'catalog'",
      );
      // With its office: the zone and holiday region searches use (a change of the office raises
      // the catalog version too).
      const type = await manager
        .getRepository(ConsultationTypeEntity)
        .findOne({ where: { id: typeId }, relations: { office: true } });
      const counsellors = type
        ? await manager
            .getRepository(CounsellorEntity)
            .createQueryBuilder('counsellor')
            .innerJoin(
              'consultation_type_counsellor',
              'serves',
              'serves.counsellor_id = counsellor.id',
            )
            .where('serves.consultation_type_id = :typeId', { typeId })
            .andWhere('counsellor.active = true')
            .andWhere("counsellor.kind = 'counsellor'")
            .orderBy('counsellor.id')
            .getMany()
        : [];
      const interpreters = type
        ? await this.availableInterpreters(type.officeId, undefined, manager)
        : [];
      return {
        version: Number(row?.version ?? 0),
        entry: type ? { type, counsellors, interpreters, bookable: isBookable(type) } : null,
      };
    });
  }

  /**
   * Every bookable type (active, of an active office) with its office and the active counsellors
   * who serve it, oldest first, and the catalog version they belong to: one snapshot, three
   * queries whatever the number of offices.
   */
  publicCatalogSnapshot(): Promise<{ version: number; entries: CatalogEntry[] }> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [row] = await manager.query<{ version: string }[]>(
        "SELECT version FROM roster_version WHERE scope = 'catalog'",
      );
      const types = await manager
        .getRepository(ConsultationTypeEntity)
        .createQueryBuilder('type')
        .innerJoinAndSelect('type.office', 'office')
        .where('type.active = true')
        .andWhere("office.status = 'active'")
        .orderBy('type.createdAt', 'ASC')
        .addOrderBy('type.id', 'ASC')
        .getMany();
      const links = await manager.query<{ typeId: string; counsellorId: string }[]>(
        `SELECT serves.consultation_type_id AS "typeId", serves.counsellor_id AS "counsellorId"
           FROM consultation_type_counsellor serves
           JOIN counsellor ON counsellor.id = serves.counsellor_id AND counsellor.active
                          AND counsellor.kind = 'counsellor'
           JOIN consultation_type ct ON ct.id = serves.consultation_type_id AND ct.active
           JOIN office ON office.id = ct.office_id AND office.status = 'active'
          ORDER BY serves.counsellor_id`,
      );
      const counsellors = new Map(
        (
          await manager.getRepository(CounsellorEntity).findBy({
            id: In([...new Set(links.map((link) => link.counsellorId))]),
          })
        ).map((counsellor) => [counsellor.id, counsellor]),
      );
      const serving = new Map<string, CounsellorEntity[]>();
      for (const { typeId, counsellorId } of links) {
        const list = serving.get(typeId) ?? [];
        list.push(counsellors.get(counsellorId) as CounsellorEntity);
        serving.set(typeId, list);
      }
      const interpreters = await this.interpretersOfOffices(manager, [
        ...new Set(types.map((type) => type.officeId)),
      ]);
      return {
        version: Number(row?.version ?? 0),
        entries: types.map((type) => ({
          type,
          counsellors: serving.get(type.id) ?? [],
          interpreters: interpreters.get(type.officeId) ?? [],
          bookable: true,
        })),
      };
    });
  }

  /** Every office's opened public holidays (by office id) and the version of that list, from one snapshot. */
  openedHolidaysSnapshot(): Promise<{ version: number; opened: Map<string, Set<string>> }> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [row] = await manager.query<{ version: string }[]>(
        "SELECT version FROM roster_version WHERE scope = 'holidays'",
      );
      const dates = await manager.query<{ officeId: string; date: string }[]>(
        'SELECT office_id AS "officeId", date::text AS date FROM holiday_opening',
      );
      const opened = new Map<string, Set<string>>();
      for (const { officeId, date } of dates) {
        const set = opened.get(officeId) ?? new Set<string>();
        set.add(date);
        opened.set(officeId, set);
      }
      return { version: Number(row?.version ?? 0), opened };
    });
  }

  /**
   * Rules, extra hours (local dates fromDate…toDate), absences and live appointments, as counsellor
   * or as interpreter (times held for waitlisted clients count: they are not free) overlapping
   * [from, to) of these counsellors, and their versions: one statement, so one snapshot (the data
   * are exactly those of the versions returned) and one round trip; rows come as JSON arrays, which
   * cost less to decode than rows.
   */
  async rosterSnapshot(
    counsellorIds: string[],
    from: Date,
    to: Date,
    fromDate: string,
    toDate: string,
  ): Promise<RosterSnapshot> {
    const [row] = await preparedQuery<{
      versions: [string, string][];
      rules: [string, number, number, number, string | null, string | null][];
      extras: [string, string, number, number][];
      absences: [string, number, number][];
      appointments: [string, number, number, number, number][];
    }>(
      this.em,
      `SELECT
         (SELECT coalesce(json_agg(json_build_array(scope, version::text)), '[]')
            FROM roster_version WHERE scope IN (SELECT unnest($1::uuid[])::text)) AS versions,
         (SELECT coalesce(json_agg(json_build_array(counsellor_id, weekday, start_minute, end_minute, valid_from, valid_until)), '[]')
            FROM availability_rule WHERE counsellor_id = ANY($1::uuid[])) AS rules,
         (SELECT coalesce(json_agg(json_build_array(counsellor_id, date, start_minute, end_minute)), '[]')
            FROM availability_extra WHERE counsellor_id = ANY($1::uuid[]) AND date BETWEEN $4 AND $5) AS extras,
         (SELECT coalesce(json_agg(json_build_array(counsellor_id, ${epochMs('starts_at')}, ${epochMs('ends_at')})), '[]')
            FROM absence WHERE counsellor_id = ANY($1::uuid[]) AND starts_at < $3 AND ends_at > $2) AS absences,
         (SELECT coalesce(json_agg(json_build_array(person_id, ${epochMs('starts_at')}, ${epochMs('ends_at')},
                                                    buffer_before_minutes, buffer_after_minutes)), '[]')
            FROM (SELECT counsellor_id AS person_id, starts_at, ends_at, buffer_before_minutes, buffer_after_minutes
                    FROM appointment
                   WHERE ${liveOverlapping('counsellor_id')}
                  UNION ALL
                  SELECT interpreter_id, starts_at, ends_at, buffer_before_minutes, buffer_after_minutes
                    FROM appointment
                   WHERE ${liveOverlapping('interpreter_id')}) AS busy) AS appointments`,
      [counsellorIds, from, to, fromDate, toDate],
    );
    return {
      versions: new Map(row.versions.map(([scope, version]) => [scope, Number(version)])),
      rules: row.rules.map(
        ([counsellorId, weekday, startMinute, endMinute, validFrom, validUntil]) => ({
          counsellorId,
          weekday,
          startMinute,
          endMinute,
          validFrom,
          validUntil,
        }),
      ),
      extras: row.extras.map(([counsellorId, date, startMinute, endMinute]) => ({
        counsellorId,
        date,
        startMinute,
        endMinute,
      })),
      absences: row.absences.map(([counsellorId, start, end]) => ({ counsellorId, start, end })),
      appointments: row.appointments.map(
        ([counsellorId, start, end, bufferBeforeMinutes, bufferAfterMinutes]) => ({
          counsellorId,
          start,
          end,
          bufferBeforeMinutes,
          bufferAfterMinutes,
        }),
      ),
    };
  }

  /** Rules, extra hours, absences and live (or held) appointments of these counsellors around [from, to). */
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
      // An interpreter's appointments are theirs by interpreter_id (ids never serve as both).
      this.em.query<RosterData['appointments']>(
        `SELECT counsellor_id AS "counsellorId", starts_at AS "startsAt", ends_at AS "endsAt",
                buffer_before_minutes AS "bufferBeforeMinutes", buffer_after_minutes AS "bufferAfterMinutes"
           FROM appointment
          WHERE ${liveOverlapping('counsellor_id')} AND ($4::uuid IS NULL OR id <> $4::uuid)
         UNION ALL
         SELECT interpreter_id, starts_at, ends_at, buffer_before_minutes, buffer_after_minutes
           FROM appointment
          WHERE ${liveOverlapping('interpreter_id')} AND ($4::uuid IS NULL OR id <> $4::uuid)`,
        [counsellorIds, from, to, ignoreAppointmentId ?? null],
      ),
    ]);
    return { rules, extras, absences, appointments };
  }
}
