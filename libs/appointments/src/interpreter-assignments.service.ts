import { ForbiddenException, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { CounsellorService, fieldError, localize, type Channel } from '@app/roster';
import { ZoneCalendar } from '@app/scheduling';
import type { StaffPrincipal } from '@app/staff';
import type { AppointmentStatus } from './appointment.entity.js';
import { InterpreterAssignmentRepository } from './interpreter-assignment.repository.js';
import { joinWindowOf } from './join-window.js';

/** The longest period one request lists, in days (as the staff's appointment lists). */
export const MAX_ASSIGNMENT_DAYS = 62;

/** An appointment as its interpreter sees it: times ISO 8601 with the interpreter's offset. */
export interface InterpreterAssignment {
  id: string;
  status: AppointmentStatus;
  start: string;
  end: string;
  timeZone: string;
  consultationType: { name: string; channel: Channel };
  counsellor: { displayName: string };
  officeName: string;
  /** The language the interpreter interprets (BCP 47). */
  language: string;
  /** The language the client reads the office's messages in. */
  clientLanguage: string;
  /** The client's pseudonym; null once the client's data was erased. */
  pseudonym: string | null;
  joinOpensAt: string;
  joinClosesAt: string;
}

/**
 * An interpreter's own view: the appointments they interpret in, and nothing else. The principal
 * must be an interpreter with a linked roster entry (CounsellorService.interpreterOfOrThrow).
 */
@Injectable()
export class InterpreterAssignmentsService {
  constructor(
    private readonly counsellors: CounsellorService,
    private readonly assignmentsRepository: InterpreterAssignmentRepository,
  ) {}

  /** The principal's assignments on the days from..to (inclusive) of their own time zone. */
  async list(
    principal: StaffPrincipal,
    from: string,
    to: string,
  ): Promise<InterpreterAssignment[]> {
    if (principal.role !== 'interpreter')
      // Worded and coded (`forbidden`) as the route's role guard answers the same request.
      throw new ForbiddenException('This needs the role interpreter');
    const me = await this.counsellors.interpreterOfOrThrow(principal);
    const days =
      DateTime.fromISO(to, { zone: 'utc' }).diff(DateTime.fromISO(from, { zone: 'utc' }), 'days')
        .days + 1;
    if (!(days >= 1)) throw fieldError('to', 'to must be a valid date on or after from');
    if (days > MAX_ASSIGNMENT_DAYS)
      throw fieldError('to', `The period may span at most ${MAX_ASSIGNMENT_DAYS} days`);
    const calendar = new ZoneCalendar(me.timeZone);
    const rows = await this.assignmentsRepository.assignments(
      me.id,
      new Date(calendar.dayBounds(from).start),
      new Date(calendar.dayBounds(to).end),
    );
    const format = (date: Date) =>
      DateTime.fromJSDate(date, { zone: me.timeZone }).toISO({ suppressMilliseconds: true }) ?? '';
    return rows.map((row) => {
      const window = joinWindowOf({
        startsAt: row.startsAt,
        endsAt: row.endsAt,
        consultationType: {
          joinOpensMinutesBefore: row.joinOpensMinutesBefore,
          joinClosesMinutesAfter: row.joinClosesMinutesAfter,
        } as Parameters<typeof joinWindowOf>[0]['consultationType'],
      });
      return {
        id: row.id,
        status: row.status,
        start: format(row.startsAt),
        end: format(row.endsAt),
        timeZone: me.timeZone,
        consultationType: { name: localize(row.typeName, 'de'), channel: row.channel },
        counsellor: { displayName: row.counsellorName },
        officeName: localize(row.officeName, 'de'),
        language: row.interpreterLanguage,
        clientLanguage: row.clientLanguage,
        pseudonym: row.pseudonym,
        joinOpensAt: format(window.opensAt),
        joinClosesAt: format(window.closesAt),
      };
    });
  }
}
