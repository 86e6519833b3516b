import { Injectable, NotFoundException } from '@nestjs/common';
import { ZoneCalendar } from '@app/scheduling';
import type { StaffPrincipal } from '@app/staff';
import { SqlState, sqlState } from '@app/common';
import { AppConfig } from '@app/config';
import { counsellorNotFound, fieldError, notYourCounsellor } from './roster-errors.js';
import type {
  AbsenceEntity,
  AvailabilityRuleEntity,
  CounsellorEntity,
  ExtraHoursEntity,
} from './roster.entities.js';
import { RosterRepository } from './roster.repository.js';
import { formatTimeOfDay } from './time-of-day.js';
import { TOPIC_CODES } from './topics.js';

export interface CounsellorInput {
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

export type AbsenceInput =
  { startDate: string; endDate: string } | { startsAt: Date; endsAt: Date };

const WEEKDAYS = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function describeRule(rule: RuleInput & { id?: string }): string {
  const validity =
    rule.validFrom || rule.validUntil
      ? ` (valid ${rule.validFrom ?? '…'} to ${rule.validUntil ?? '…'})`
      : '';
  return `${WEEKDAYS[rule.weekday]} ${formatTimeOfDay(rule.startMinute)}–${formatTimeOfDay(rule.endMinute)}${validity}`;
}

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

/** Counsellors and their availability. Admins manage everyone; a counsellor only their own availability. */
@Injectable()
export class CounsellorService {
  constructor(
    private readonly roster: RosterRepository,
    private readonly config: AppConfig,
  ) {}

  list(): Promise<CounsellorEntity[]> {
    return this.roster.listCounsellors();
  }

  async get(id: string): Promise<CounsellorEntity> {
    const counsellor = await this.roster.findCounsellor(id);
    if (!counsellor) throw counsellorNotFound();
    return counsellor;
  }

  async create(input: CounsellorInput & { displayName: string }): Promise<CounsellorEntity> {
    this.checkTopics(input.topics);
    return this.save({
      displayName: input.displayName.trim(),
      languages: [...new Set(input.languages ?? [])],
      topics: [...new Set(input.topics ?? [])],
      timeZone: input.timeZone ?? this.config.OFFICE_TIME_ZONE,
      staffId: input.staffId ?? null,
      active: input.active ?? true,
    });
  }

  /** Deactivating keeps the counsellor and their appointments; they just offer no more slots. */
  async update(id: string, input: CounsellorInput): Promise<CounsellorEntity> {
    const counsellor = await this.get(id);
    this.checkTopics(input.topics);
    return this.save({
      ...counsellor,
      ...(input.displayName !== undefined && { displayName: input.displayName.trim() }),
      ...(input.languages !== undefined && { languages: [...new Set(input.languages)] }),
      ...(input.topics !== undefined && { topics: [...new Set(input.topics)] }),
      ...(input.timeZone !== undefined && { timeZone: input.timeZone }),
      ...(input.staffId !== undefined && { staffId: input.staffId }),
      ...(input.active !== undefined && { active: input.active }),
    });
  }

  /** The counsellor linked to a staff account, if any. */
  async forStaff(staffId: string): Promise<CounsellorEntity | undefined> {
    return (await this.roster.listCounsellors()).find(
      (counsellor) => counsellor.staffId === staffId,
    );
  }

  /** The counsellor, if the principal may manage their availability: an admin, or the counsellor themself. */
  async manageable(principal: StaffPrincipal, counsellorId: string): Promise<CounsellorEntity> {
    const counsellor = await this.get(counsellorId);
    if (principal.role !== 'admin' && counsellor.staffId !== principal.staffId)
      throw notYourCounsellor();
    return counsellor;
  }

  listRules(counsellorId: string): Promise<AvailabilityRuleEntity[]> {
    return this.roster.listRules(counsellorId);
  }

  async addRule(counsellorId: string, input: RuleInput): Promise<AvailabilityRuleEntity> {
    if (input.validFrom && input.validUntil && input.validFrom > input.validUntil) {
      throw fieldError('validUntil', 'validUntil must not be before validFrom');
    }
    const clash = (await this.roster.listRules(counsellorId)).find((rule) =>
      rulesOverlap(rule, input),
    );
    if (clash) throw this.clashError(clash);
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
        throw raced
          ? this.clashError(raced)
          : fieldError('weekday', 'The rule overlaps another rule');
      }
      throw error;
    }
  }

  async removeRule(counsellorId: string, ruleId: string): Promise<void> {
    if (!(await this.roster.deleteRule(counsellorId, ruleId)))
      throw new NotFoundException('Rule not found');
  }

  listExtras(counsellorId: string): Promise<ExtraHoursEntity[]> {
    return this.roster.listExtras(counsellorId);
  }

  addExtra(
    counsellorId: string,
    input: { date: string; startMinute: number; endMinute: number },
  ): Promise<ExtraHoursEntity> {
    return this.roster.insertExtra({ counsellorId, ...input });
  }

  async removeExtra(counsellorId: string, id: string): Promise<void> {
    if (!(await this.roster.deleteExtra(counsellorId, id)))
      throw new NotFoundException('Extra hours not found');
  }

  listAbsences(counsellorId: string): Promise<AbsenceEntity[]> {
    return this.roster.listAbsences(counsellorId);
  }

  /** Whole local days (inclusive) are converted in the counsellor's zone; instants are kept as they are. */
  addAbsence(counsellor: CounsellorEntity, input: AbsenceInput): Promise<AbsenceEntity> {
    let startsAt: Date;
    let endsAt: Date;
    if ('startDate' in input) {
      if (input.endDate < input.startDate)
        throw fieldError('endDate', 'endDate must not be before startDate');
      const calendar = new ZoneCalendar(counsellor.timeZone);
      startsAt = new Date(calendar.dayBounds(input.startDate).start);
      endsAt = new Date(calendar.dayBounds(input.endDate).end);
    } else {
      // An Invalid Date compares false with anything: it would slip past the order check below.
      if (Number.isNaN(input.startsAt.getTime()))
        throw fieldError('startsAt', 'startsAt must be a real instant');
      if (Number.isNaN(input.endsAt.getTime()))
        throw fieldError('endsAt', 'endsAt must be a real instant');
      if (input.endsAt <= input.startsAt)
        throw fieldError('endsAt', 'endsAt must be after startsAt');
      ({ startsAt, endsAt } = input);
    }
    return this.roster.insertAbsence({ counsellorId: counsellor.id, startsAt, endsAt });
  }

  async removeAbsence(counsellorId: string, id: string): Promise<void> {
    if (!(await this.roster.deleteAbsence(counsellorId, id)))
      throw new NotFoundException('Absence not found');
  }

  private clashError(clash: AvailabilityRuleEntity) {
    return fieldError(
      'weekday',
      `The rule overlaps the existing rule ${clash.id}: ${describeRule(clash)}`,
    );
  }

  private checkTopics(topics?: string[]): void {
    const unknown = (topics ?? []).filter((topic) => !TOPIC_CODES.includes(topic));
    if (unknown.length > 0) throw fieldError('topics', `Unknown topics: ${unknown.join(', ')}`);
  }

  private async save(counsellor: Partial<CounsellorEntity>): Promise<CounsellorEntity> {
    try {
      return await this.roster.saveCounsellor(counsellor);
    } catch (error) {
      if (sqlState(error) === SqlState.uniqueViolation)
        throw fieldError('staffId', 'This staff account is already linked to another counsellor');
      if (sqlState(error) === SqlState.foreignKeyViolation)
        throw fieldError('staffId', 'No staff account with this id');
      throw error;
    }
  }
}
