import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { DateTime } from 'luxon';
import type { FieldErrorDto } from './error-response.js';

function flatten(errors: ValidationError[], parent = ''): FieldErrorDto[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own: FieldErrorDto[] = error.constraints
      ? [{ field, messages: Object.values(error.constraints) }]
      : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Rejects unknown fields and answers 400 with the offending fields named. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) =>
      new BadRequestException({ message: 'Validation failed', details: flatten(errors) }),
  });
}

/** Dates the service deals in: anything outside is a typo or an attack, and answered 400. */
const FIRST_YEAR = 2000;
const LAST_YEAR = 2200;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function realCalendarValue(value: unknown, pattern: RegExp): boolean {
  if (typeof value !== 'string' || !pattern.test(value)) return false;
  // luxon refuses what the pattern lets through: 2027-02-29, 25:00, +14:61 and the like.
  const parsed = DateTime.fromISO(value, { setZone: true });
  return parsed.isValid && parsed.year >= FIRST_YEAR && parsed.year <= LAST_YEAR;
}

const calendarMessage = (what: string) => ({
  message: `$property must be ${what} that exists, between the years ${FIRST_YEAR} and ${LAST_YEAR}`,
});

/** An ISO 8601 date-time with offset that exists on the calendar, e.g. 2026-12-01T09:00:00+01:00. */
export const IsInstant = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    { name: 'isInstant', validator: { validate: (v) => realCalendarValue(v, INSTANT) } },
    {
      ...calendarMessage('an ISO 8601 date-time with offset (2026-12-01T09:00:00+01:00)'),
      ...options,
    },
  );

/** A calendar day, YYYY-MM-DD, that exists. */
export const IsDay = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    { name: 'isDay', validator: { validate: (v) => realCalendarValue(v, DAY) } },
    { ...calendarMessage('a day YYYY-MM-DD'), ...options },
  );

/** A calendar day or an ISO 8601 date-time with offset, either one existing. */
export const IsDayOrInstant = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isDayOrInstant',
      validator: { validate: (v) => realCalendarValue(v, DAY) || realCalendarValue(v, INSTANT) },
    },
    { ...calendarMessage('a day YYYY-MM-DD or an ISO 8601 date-time with offset'), ...options },
  );
