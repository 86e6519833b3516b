import { ForbiddenException, Injectable } from '@nestjs/common';
import { ZoneCalendar } from '@app/scheduling';
import { officeOf, type StaffPrincipal } from '@app/staff';
import { SqlState, sqlState } from '@app/common';
import { OfficeService } from '@app/offices';
import {
  interpreterNotFound,
  kindNotChangeable,
  poolHoldsInterpretersOnly,
  staffAccountRoleMismatch,
} from './interpreter-errors.js';
import { InterpreterRepository } from './interpreter.repository.js';
import {
  absenceNotFound,
  counsellorNotFound,
  extraHoursNotFound,
  extraHoursOverlap,
  fieldError,
  notYourCounsellor,
  ruleNotFound,
  ruleOverlaps,
} from './roster-errors.js';
import type {
  AbsenceEntity,
  AvailabilityRuleEntity,
  CounsellorEntity,
  ExtraHoursEntity,
  RosterPersonKind,
} from './roster.entities.js';
import { RosterRepository } from './roster.repository.js';
import { TOPIC_CODES } from './topics.js';

export interface CounsellorInput {
  /** Set when created, never changed: a counsellor (default) or an interpreter. */
  kind?: RosterPersonKind;
  displayName?: string;
  languages?: string[];
  topics?: string[];
  timeZone?: string;
  staffId?: string | null;
  active?: boolean;
}

export interface RuleInput {
  weekday: number;
  startMinute: number;
  endMinute: number;
  validFrom?: string | null;
  validUntil?: string | null;
}

export interface ExtraHoursInput {
  date: string;
  startMinute: number;
  endMinute: number;
}

export type AbsenceInput =
  { startDate: string; endDate: string } | { startsAt: Date; endsAt: Date };

function rulesOverlap(a: RuleInput, b: RuleInput): boolean {
  const datesOverlap =
    (a.validFrom ?? '0000-01-01') <= (b.validUntil ?? '9999-12-31') &&
    (b.validFrom ?? '0000-01-01') <= (a.validUntil ?? '9999-12-31');
  return (
    a.weekday === b.weekday &&
    a.startMinute < b.endMinute &&
    b.startMinute < a.endMinute &&
    datesOverlap
  );
}

function extrasOverlap(a: ExtraHoursInput, b: ExtraHoursInput): boolean {
  return a.date === b.date && a.startMinute < b.endMinute && b.startMinute < a.endMinute;
}

/**
 * Acts as an admin of one office where no request and no logged-in person stands behind the work:
 * the demo seed of an empty database and test fixtures. Never hand it to anything a request
 * reaches; searching for it lists every place that manages rosters without a person's rights.
 */
export function systemPrincipal(officeId: string): Readonly<StaffPrincipal> {
  return Object.freeze({
    staffId: '00000000-0000-0000-0000-000000000000',
    sessionId: 'system',
    role: 'admin',
    email: 'system@sprechstunde.invalid',
    displayName: 'System',
    officeId,
  });
}

/** What an interpreter's audit entries record of them: no personal data beyond the name staff see. */
function auditFields(person: CounsellorEntity): Record<string, unknown> {
  return {
    displayName: person.displayName,
    languages: person.languages,
    timeZone: person.timeZone,
    staffId: person.staffId,
    active: person.active,
  };
}

/**
 * Counsellors and their availability. Admins manage everyone; a counsellor only their own
 * availability. Every availability method checks the principal itself, so no caller can forget to.
 */
@Injectable()
export class CounsellorService {
  constructor(
    private readonly roster: RosterRepository,
    private readonly offices: OfficeService,
    private readonly interpreters: InterpreterRepository,
  ) {}

  /** The roster people of the principal's office: counsellors unless interpreters are asked for. */
  list(
    principal: StaffPrincipal,
    kind: RosterPersonKind = 'counsellor',
  ): Promise<CounsellorEntity[]> {
    return this.roster.listCounsellors(officeOf(principal), kind);
  }

  /** A counsellor of the principal's office; another office's is answered like an unknown id. */
  async get(principal: StaffPrincipal, id: string): Promise<CounsellorEntity> {
    const counsellor = await this.roster.findCounsellor(id, officeOf(principal));
    if (!counsellor) throw counsellorNotFound();
    return counsellor;
  }

  async create(
    principal: StaffPrincipal,
    input: CounsellorInput & { displayName: string },
  ): Promise<CounsellorEntity> {
    this.assertCanManageCounsellors(principal);
    const office = await this.offices.getOrThrow(officeOf(principal));
    const kind = input.kind ?? 'counsellor';
    // A pool only lends interpreters to the offices that chose it.
    if (office.kind === 'interpreter_pool' && kind !== 'interpreter')
      throw poolHoldsInterpretersOnly();
    this.checkTopics(input.topics);
    await this.checkStaffAccount(office.id, input.staffId, kind);
    const created = await this.save({
      officeId: office.id,
      kind,
      displayName: input.displayName.trim(),
      languages: [...new Set(input.languages ?? [])],
      // Interpreters serve no consultation type, so no topic either.
      topics: kind === 'interpreter' ? [] : [...new Set(input.topics ?? [])],
      timeZone: input.timeZone ?? office.timeZone,
      staffId: input.staffId ?? null,
      active: input.active ?? true,
    });
    if (kind === 'interpreter')
      await this.interpreters.audit({
        officeId: office.id,
        actorId: principal.staffId,
        action: 'interpreter.created',
        changes: { interpreterId: created.id, ...auditFields(created) },
      });
    return created;
  }

  /** Deactivating keeps the counsellor and their appointments; they just offer no more slots. */
  async update(
    principal: StaffPrincipal,
    id: string,
    input: CounsellorInput,
  ): Promise<CounsellorEntity> {
    this.assertCanManageCounsellors(principal);
    const counsellor = await this.get(principal, id);
    if (input.kind !== undefined && input.kind !== counsellor.kind) throw kindNotChangeable();
    this.checkTopics(input.topics);
    await this.checkStaffAccount(counsellor.officeId, input.staffId, counsellor.kind);
    const interpreter = counsellor.kind === 'interpreter';
    const saved = await this.save({
      ...counsellor,
      ...(input.displayName !== undefined && { displayName: input.displayName.trim() }),
      ...(input.languages !== undefined && { languages: [...new Set(input.languages)] }),
      ...(input.topics !== undefined && !interpreter && { topics: [...new Set(input.topics)] }),
      ...(input.timeZone !== undefined && { timeZone: input.timeZone }),
      ...(input.staffId !== undefined && { staffId: input.staffId }),
      ...(input.active !== undefined && { active: input.active }),
    });
    if (interpreter) {
      const before = auditFields(counsellor);
      const after = auditFields(saved);
      const changes = Object.fromEntries(
        Object.entries(after)
          .filter(([key, to]) => JSON.stringify(before[key]) !== JSON.stringify(to))
          .map(([key, to]) => [key, { from: before[key], to }]),
      );
      if (Object.keys(changes).length > 0)
        await this.interpreters.audit({
          officeId: counsellor.officeId,
          actorId: principal.staffId,
          action: 'interpreter.updated',
          changes: { interpreterId: counsellor.id, ...changes },
        });
    }
    return saved;
  }

  /** The counsellor linked to a staff account, if any. */
  async forStaff(staffId: string): Promise<CounsellorEntity | undefined> {
    return (await this.roster.findCounsellorByStaff(staffId)) ?? undefined;
  }

  /** The interpreter linked to the principal's staff account; 404 interpreter_not_found without one. */
  async interpreterOfOrThrow(principal: StaffPrincipal): Promise<CounsellorEntity> {
    const mine = await this.roster.findCounsellorByStaff(principal.staffId);
    if (!mine || mine.kind !== 'interpreter' || mine.officeId !== principal.officeId)
      throw interpreterNotFound();
    return mine;
  }

  /** Creating counsellors and changing their profiles (languages, topics, link, active) is for admins. */
  private assertCanManageCounsellors(principal: StaffPrincipal): void {
    // Worded and coded (`forbidden`) as the admin routes' role guard answers the same request.
    if (principal.role !== 'admin') throw new ForbiddenException('This needs the role admin');
  }

  /**
   * The counsellor, if the principal may manage their availability: an admin of their office, or
   * the counsellor themself. Another office's counsellor is not found (never "not yours", which
   * would tell that the id exists).
   */
  private async getManageableOrThrow(
    principal: StaffPrincipal,
    counsellorId: string,
  ): Promise<CounsellorEntity> {
    const counsellor = await this.get(principal, counsellorId);
    if (principal.role !== 'admin' && counsellor.staffId !== principal.staffId)
      throw notYourCounsellor();
    return counsellor;
  }

  async listRules(
    principal: StaffPrincipal,
    counsellorId: string,
  ): Promise<AvailabilityRuleEntity[]> {
    await this.getManageableOrThrow(principal, counsellorId);
    return this.roster.listRules(counsellorId);
  }

  async addRule(
    principal: StaffPrincipal,
    counsellorId: string,
    input: RuleInput,
  ): Promise<AvailabilityRuleEntity> {
    await this.getManageableOrThrow(principal, counsellorId);
    if (input.validFrom && input.validUntil && input.validFrom > input.validUntil) {
      throw fieldError(
        'validUntil',
        'validUntil must not be before validFrom',
        'rule_invalid_validity',
      );
    }
    const clash = (await this.roster.listRules(counsellorId)).find((rule) =>
      rulesOverlap(rule, input),
    );
    if (clash) throw ruleOverlaps(clash);
    try {
      return await this.roster.insertRule({
        counsellorId,
        weekday: input.weekday,
        startMinute: input.startMinute,
        endMinute: input.endMinute,
        validFrom: input.validFrom ?? null,
        validUntil: input.validUntil ?? null,
      });
    } catch (error) {
      // Another request added a clashing rule meanwhile: the exclusion constraint caught it.
      if (sqlState(error) === SqlState.exclusionViolation) {
        const raced = (await this.roster.listRules(counsellorId)).find((rule) =>
          rulesOverlap(rule, input),
        );
        throw ruleOverlaps(raced);
      }
      throw error;
    }
  }

  async removeRule(principal: StaffPrincipal, counsellorId: string, ruleId: string): Promise<void> {
    await this.getManageableOrThrow(principal, counsellorId);
    if (!(await this.roster.deleteRule(counsellorId, ruleId))) throw ruleNotFound();
  }

  async listExtras(principal: StaffPrincipal, counsellorId: string): Promise<ExtraHoursEntity[]> {
    await this.getManageableOrThrow(principal, counsellorId);
    return this.roster.listExtras(counsellorId);
  }

  /** Extra hours that overlap the counsellor's existing ones on that date are refused (touching is fine). */
  async addExtra(
    principal: StaffPrincipal,
    counsellorId: string,
    input: ExtraHoursInput,
  ): Promise<ExtraHoursEntity> {
    await this.getManageableOrThrow(principal, counsellorId);
    const clashOn = async () =>
      (await this.roster.listExtrasOn(counsellorId, input.date)).find((extra) =>
        extrasOverlap(extra, input),
      );
    const clash = await clashOn();
    if (clash) throw extraHoursOverlap(clash);
    try {
      return await this.roster.insertExtra({
        counsellorId,
        date: input.date,
        startMinute: input.startMinute,
        endMinute: input.endMinute,
      });
    } catch (error) {
      // Another request added clashing extra hours meanwhile: the exclusion constraint caught it.
      if (sqlState(error) === SqlState.exclusionViolation) throw extraHoursOverlap(await clashOn());
      throw error;
    }
  }

  async removeExtra(principal: StaffPrincipal, counsellorId: string, id: string): Promise<void> {
    await this.getManageableOrThrow(principal, counsellorId);
    if (!(await this.roster.deleteExtra(counsellorId, id))) throw extraHoursNotFound();
  }

  async listAbsences(principal: StaffPrincipal, counsellorId: string): Promise<AbsenceEntity[]> {
    await this.getManageableOrThrow(principal, counsellorId);
    return this.roster.listAbsences(counsellorId);
  }

  /** Whole local days (inclusive) are converted in the counsellor's zone; instants are kept as they are. */
  async addAbsence(
    principal: StaffPrincipal,
    counsellorId: string,
    input: AbsenceInput,
  ): Promise<AbsenceEntity> {
    const counsellor = await this.getManageableOrThrow(principal, counsellorId);
    let startsAt: Date;
    let endsAt: Date;
    if ('startDate' in input) {
      if (input.endDate < input.startDate)
        throw fieldError(
          'endDate',
          'endDate must not be before startDate',
          'absence_invalid_range',
        );
      const calendar = new ZoneCalendar(counsellor.timeZone);
      startsAt = new Date(calendar.dayBounds(input.startDate).start);
      endsAt = new Date(calendar.dayBounds(input.endDate).end);
    } else {
      // An Invalid Date compares false with anything: it would slip past the order check below.
      if (Number.isNaN(input.startsAt.getTime()))
        throw fieldError('startsAt', 'startsAt must be a real instant', 'absence_invalid_instant');
      if (Number.isNaN(input.endsAt.getTime()))
        throw fieldError('endsAt', 'endsAt must be a real instant', 'absence_invalid_instant');
      if (input.endsAt <= input.startsAt)
        throw fieldError('endsAt', 'endsAt must be after startsAt', 'absence_invalid_range');
      ({ startsAt, endsAt } = input);
    }
    return this.roster.insertAbsence({ counsellorId: counsellor.id, startsAt, endsAt });
  }

  async removeAbsence(principal: StaffPrincipal, counsellorId: string, id: string): Promise<void> {
    await this.getManageableOrThrow(principal, counsellorId);
    if (!(await this.roster.deleteAbsence(counsellorId, id))) throw absenceNotFound();
  }

  private checkTopics(topics?: string[]): void {
    const unknown = (topics ?? []).filter((topic) => !TOPIC_CODES.includes(topic));
    if (unknown.length > 0)
      throw fieldError('topics', `Unknown topics: ${unknown.join(', ')}`, 'unknown_topic');
  }

  /**
   * Another office's staff account is unknown here, asked before saving: the database would refuse
   * it too, but a linked one as "taken" (unique key first), which would tell that it exists.
   */
  private async checkStaffAccount(
    officeId: string,
    staffId: string | null | undefined,
    kind: RosterPersonKind,
  ): Promise<void> {
    if (!staffId) return;
    const role = await this.interpreters.staffRole(staffId, officeId);
    if (role === null)
      throw fieldError('staffId', 'No staff account with this id', 'staff_account_not_found');
    // An interpreter's account sees only their assignments; a counsellor's must not be one.
    if ((kind === 'interpreter') !== (role === 'interpreter')) throw staffAccountRoleMismatch(kind);
  }

  private async save(counsellor: Partial<CounsellorEntity>): Promise<CounsellorEntity> {
    try {
      return await this.roster.saveCounsellor(counsellor);
    } catch (error) {
      if (sqlState(error) === SqlState.uniqueViolation)
        throw fieldError(
          'staffId',
          'This staff account is already linked to another counsellor',
          'staff_account_taken',
        );
      if (sqlState(error) === SqlState.foreignKeyViolation)
        throw fieldError('staffId', 'No staff account with this id', 'staff_account_not_found');
      throw error;
    }
  }
}
