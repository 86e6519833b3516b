import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  NotFoundException,
} from '@nestjs/common';
import { formatTimeOfDay } from './time-of-day.js';

/**
 * The stable codes of the roster's errors (the `code` of the error answer). Clients decide by
 * these, never by the English message, which may be reworded at any time.
 */
export type RosterErrorCode =
  | 'counsellor_not_found'
  | 'not_own_counsellor'
  | 'no_counsellor_profile'
  | 'unknown_topic'
  | 'staff_account_taken'
  | 'staff_account_not_found'
  | 'invalid_time_range'
  | 'rule_invalid_validity'
  | 'rule_overlaps'
  | 'rule_not_found'
  | 'extra_hours_not_found'
  | 'extra_hours_overlap'
  | 'absence_invalid_instant'
  | 'absence_invalid_range'
  | 'absence_ambiguous_period'
  | 'absence_not_found'
  | 'not_a_holiday'
  | 'consultation_type_not_found'
  | 'consultation_type_name_missing'
  | 'horizon_shorter_than_notice'
  | 'unknown_counsellor_ids'
  | 'unknown_consultation_type_ids'
  | 'search_range_invalid'
  | 'search_range_too_long';

/**
 * A 400 naming one field, in the shape of the validation errors. Without a code the answer says
 * `validation_failed`; a rule the service checks names its own code.
 */
export function fieldError(
  field: string,
  message: string,
  code?: RosterErrorCode,
): BadRequestException {
  return new BadRequestException({
    ...(code !== undefined && { code }),
    message,
    details: [{ field, messages: [message] }],
  });
}

const notFound = (code: RosterErrorCode, message: string): NotFoundException =>
  new NotFoundException({ code, message });

export const counsellorNotFound = (): NotFoundException =>
  notFound('counsellor_not_found', 'Counsellor not found');
export const notYourCounsellor = (): ForbiddenException =>
  new ForbiddenException({
    code: 'not_own_counsellor' satisfies RosterErrorCode,
    message: 'Counsellors may only manage their own availability',
  });
export const noCounsellorProfile = (): NotFoundException =>
  notFound('no_counsellor_profile', 'No counsellor is linked to this staff account');
export const ruleNotFound = (): NotFoundException => notFound('rule_not_found', 'Rule not found');
export const extraHoursNotFound = (): NotFoundException =>
  notFound('extra_hours_not_found', 'Extra hours not found');
export const absenceNotFound = (): NotFoundException =>
  notFound('absence_not_found', 'Absence not found');
export const consultationTypeNotFound = (): NotFoundException =>
  notFound('consultation_type_not_found', 'Consultation type not found');

/** The rule a new one clashes with, as the error answer's `clashingRule` (times as "HH:MM"). */
export interface ClashingRule {
  id: string;
  weekday: number;
  startMinute: number;
  endMinute: number;
  validFrom: string | null;
  validUntil: string | null;
}

const WEEKDAYS = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function describeRule(rule: ClashingRule): string {
  const validity =
    rule.validFrom || rule.validUntil
      ? ` (valid ${rule.validFrom ?? '…'} to ${rule.validUntil ?? '…'})`
      : '';
  return `${WEEKDAYS[rule.weekday]} ${formatTimeOfDay(rule.startMinute)}–${formatTimeOfDay(rule.endMinute)}${validity}`;
}

/**
 * 400 `rule_overlaps`: the new weekly rule overlaps an existing one of the same counsellor. The
 * answer carries the clashing rule itself, so a client can name it in its own language. `clash` is
 * unknown only when a concurrent request's rule was caught by the database and is gone again.
 */
export function ruleOverlaps(clash?: ClashingRule): BadRequestException {
  const message = clash
    ? `The rule overlaps the existing rule ${clash.id}: ${describeRule(clash)}`
    : 'The rule overlaps another rule';
  return new BadRequestException({
    code: 'rule_overlaps' satisfies RosterErrorCode,
    message,
    details: [{ field: 'weekday', messages: [message] }],
    ...(clash && {
      clashingRule: {
        id: clash.id,
        weekday: clash.weekday,
        start: formatTimeOfDay(clash.startMinute),
        end: formatTimeOfDay(clash.endMinute),
        validFrom: clash.validFrom,
        validUntil: clash.validUntil,
      },
    }),
  });
}

/** Extra hours a new entry clashes with, as the error answer's `clashingExtraHours` (times as "HH:MM"). */
export interface ClashingExtraHours {
  id: string;
  date: string;
  startMinute: number;
  endMinute: number;
}

/**
 * 409 `extra_hours_overlap`: the new extra hours overlap extra hours the counsellor already has on
 * that date. Like `rule_overlaps`, the answer names the clashing entry, so a client can show it in its
 * own language; `clash` is unknown only when a concurrent request's entry was caught by the database
 * and is gone again.
 */
export function extraHoursOverlap(clash?: ClashingExtraHours): ConflictException {
  const message = clash
    ? `The extra hours overlap the existing extra hours ${clash.id}: ${clash.date} ${formatTimeOfDay(clash.startMinute)}–${formatTimeOfDay(clash.endMinute)}`
    : 'The extra hours overlap other extra hours on the same date';
  return new ConflictException({
    code: 'extra_hours_overlap' satisfies RosterErrorCode,
    message,
    details: [{ field: 'start', messages: [message] }],
    ...(clash && {
      clashingExtraHours: {
        id: clash.id,
        date: clash.date,
        start: formatTimeOfDay(clash.startMinute),
        end: formatTimeOfDay(clash.endMinute),
      },
    }),
  });
}
