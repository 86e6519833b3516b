import { Injectable, NotFoundException } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Clock } from '@app/common';
import { ChangeFeed } from '@app/change-feed';
import { OfficeService } from '@app/offices';
import { HolidayService, type Channel, type LocalizedText } from '@app/roster';
import { DAY_MS, type Interval, type Weekday } from '@app/scheduling';
import { OPENS_EARLY_MS, walkInSessions, type WalkInPlan } from './walk-in-core.js';
import type {
  WalkInExceptionEntity,
  WalkInHourEntity,
  WalkInSessionEntity,
} from './walk-in.entities.js';
import {
  WalkInExceptionEntity as ExceptionRow,
  WalkInHourEntity as HourRow,
  WalkInRuleEntity as RuleRow,
} from './walk-in.entities.js';
import { WalkInRepository } from './walk-in.repository.js';

export interface WalkInRuleInput {
  weekday: Weekday;
  startMinute: number;
  endMinute: number;
  validFrom?: string | null;
  validUntil?: string | null;
}

export interface WalkInHourFields {
  name: LocalizedText;
  description: LocalizedText;
  topics: string[];
  languages: string[];
  channel: Channel;
  prefix: string;
  closeMarginMinutes: number;
  maxQueue: number;
  graceMinutes: number;
  defaultHandlingMinutes: number;
  active: boolean;
  rules: WalkInRuleInput[];
}

/** One occurrence of a walk-in hour, whether or not its session row exists yet. */
export interface Occurrence {
  startsAt: Date;
  endsAt: Date;
}

export function walkInHourNotFound(): NotFoundException {
  return new NotFoundException({
    code: 'walk_in_hour_not_found',
    message: 'Walk-in hour not found',
  });
}

/** How far ahead the next occurrence is looked for. */
const LOOK_AHEAD_DAYS = 60;

/** Walk-in hours as an office's admins define them, and their occurrences in the office's zone. */
@Injectable()
export class WalkInHoursService {
  constructor(
    private readonly repository: WalkInRepository,
    private readonly holidays: HolidayService,
    private readonly offices: OfficeService,
    private readonly clock: Clock,
    private readonly feed: ChangeFeed,
  ) {}

  list(officeId: string): Promise<WalkInHourEntity[]> {
    return this.repository.hoursOf(officeId);
  }

  async get(id: string, officeId: string): Promise<WalkInHourEntity> {
    const hour = await this.repository.hour(id, officeId);
    if (!hour) throw walkInHourNotFound();
    return hour;
  }

  /** An active hour of an active office, as clients see it; anything else is unknown. */
  async getPublic(id: string): Promise<WalkInHourEntity> {
    const hour = await this.repository.hour(id);
    if (!hour || !hour.active || hour.office?.status !== 'active') throw walkInHourNotFound();
    return hour;
  }

  listPublic(): Promise<WalkInHourEntity[]> {
    return this.repository.activeHours();
  }

  rules(hourId: string) {
    return this.repository.rules(hourId);
  }

  exceptions(hourId: string, fromDate?: string) {
    return this.repository.exceptions(hourId, fromDate);
  }

  async create(officeId: string, fields: WalkInHourFields): Promise<WalkInHourEntity> {
    const id = await this.repository.transaction(async (manager) => {
      const { rules, ...columns } = fields;
      const saved = await manager.getRepository(HourRow).save({ ...columns, officeId });
      await manager
        .getRepository(RuleRow)
        .insert(rules.map((rule) => ({ ...rule, walkInHourId: saved.id, officeId })));
      return saved.id;
    });
    return this.get(id, officeId);
  }

  /** Replaces the fields and the weekly rules together; sessions already under way keep their times. */
  async update(id: string, officeId: string, fields: WalkInHourFields): Promise<WalkInHourEntity> {
    await this.get(id, officeId);
    await this.repository.transaction(async (manager) => {
      const { rules, ...columns } = fields;
      await manager.getRepository(HourRow).update({ id, officeId }, columns);
      await manager.getRepository(RuleRow).delete({ walkInHourId: id });
      await manager
        .getRepository(RuleRow)
        .insert(rules.map((rule) => ({ ...rule, walkInHourId: id, officeId })));
    });
    await this.feed.publish(hourTopic(id));
    return this.get(id, officeId);
  }

  /** Extra hours on a date (with times) or the date cancelled (without). */
  async addException(
    id: string,
    officeId: string,
    exception: { date: string; startMinute: number | null; endMinute: number | null },
  ): Promise<WalkInExceptionEntity> {
    await this.get(id, officeId);
    const saved = await this.repository.transaction((manager) =>
      manager.getRepository(ExceptionRow).save({ ...exception, walkInHourId: id, officeId }),
    );
    await this.feed.publish(hourTopic(id));
    return saved;
  }

  async removeException(id: string, officeId: string, exceptionId: string): Promise<void> {
    await this.get(id, officeId);
    const result = await this.repository.transaction((manager) =>
      manager.getRepository(ExceptionRow).delete({ id: exceptionId, walkInHourId: id, officeId }),
    );
    if (!result.affected)
      throw new NotFoundException({ code: 'exception_not_found', message: 'Exception not found' });
    await this.feed.publish(hourTopic(id));
  }

  /** The hour's occurrences overlapping [from, to), holidays of its office's region closed. */
  async occurrences(hour: WalkInHourEntity, from: Date, to: Date): Promise<Occurrence[]> {
    const plan = await this.plan(hour, from.getTime() - DAY_MS, to.getTime() + DAY_MS);
    return walkInSessions(plan, from.getTime(), to.getTime()).map(toOccurrence);
  }

  /**
   * Where a client stands now: the occurrence that takes numbers now (from OPENS_EARLY before its
   * start to its end), if any, and the next one after it.
   */
  async now(hour: WalkInHourEntity): Promise<{ open: Occurrence | null; next: Occurrence | null }> {
    const now = this.clock.now().getTime();
    const plan = await this.plan(hour, now - DAY_MS, now + LOOK_AHEAD_DAYS * DAY_MS);
    const coming = walkInSessions(plan, now, now + LOOK_AHEAD_DAYS * DAY_MS);
    const openIndex = coming.findIndex((o) => o.start - OPENS_EARLY_MS <= now && now < o.end);
    const open = openIndex >= 0 ? toOccurrence(coming[openIndex]) : null;
    const after = coming.find((o, i) => i !== openIndex && o.start > now);
    return { open, next: after ? toOccurrence(after) : null };
  }

  /** The session row of an occurrence (created on first use). */
  session(hour: WalkInHourEntity, occurrence: Occurrence): Promise<WalkInSessionEntity> {
    return this.repository.session(hour, occurrence.startsAt, occurrence.endsAt);
  }

  private async plan(hour: WalkInHourEntity, from: number, to: number): Promise<WalkInPlan> {
    const office = hour.office ?? (await this.offices.getOrThrow(hour.officeId));
    const zone = office.timeZone;
    const fromDate = DateTime.fromMillis(from, { zone }).toISODate() as string;
    const toDate = DateTime.fromMillis(to, { zone }).toISODate() as string;
    const [rules, exceptions, holidays] = await Promise.all([
      this.repository.rules(hour.id),
      this.repository.exceptions(hour.id, fromDate),
      this.holidays.closedDates(hour.officeId, fromDate, toDate),
    ]);
    const closedDates = new Set(holidays);
    for (const e of exceptions) if (e.startMinute === null) closedDates.add(e.date);
    return {
      timeZone: zone,
      rules: rules.map((rule) => ({
        weekday: rule.weekday as Weekday,
        startMinute: rule.startMinute,
        endMinute: rule.endMinute,
        validFrom: rule.validFrom ?? undefined,
        validUntil: rule.validUntil ?? undefined,
      })),
      extraHours: exceptions
        .filter((e) => e.startMinute !== null && e.endMinute !== null)
        .map((e) => ({
          date: e.date,
          startMinute: e.startMinute as number,
          endMinute: e.endMinute as number,
        })),
      closedDates,
    };
  }
}

function toOccurrence(interval: Interval): Occurrence {
  return { startsAt: new Date(interval.start), endsAt: new Date(interval.end) };
}

/** Live views of an hour's page re-read when its plan changes. */
export const hourTopic = (hourId: string): string => `walk-in-hour:${hourId}`;
