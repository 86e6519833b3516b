import {
  BadRequestException,
  ValidationPipe,
  type ArgumentMetadata,
  type ValidationError,
} from '@nestjs/common';
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

/**
 * Keys that reach an object's prototype. JSON.parse makes them ordinary own properties, but
 * class-transformer silently drops `__proto__` and `constructor` while building the DTO, so the
 * whitelist check never sees them and an unknown field would pass unnoticed.
 */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The path of the first prototype key in a parsed body or query, walked iteratively. */
export function prototypeKeyPath(value: unknown): string | undefined {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [current, path] = stack.pop() as [unknown, string];
    // Raw bodies (Buffers) have no keys of their own, only a byte per index.
    if (current === null || typeof current !== 'object' || ArrayBuffer.isView(current)) continue;
    for (const key of Object.keys(current)) {
      const field = path ? `${path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) return field;
      stack.push([(current as Record<string, unknown>)[key], field]);
    }
  }
  return undefined;
}

/** The global pipe: refuses prototype keys anywhere in the input, then validates the DTO. */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const field = prototypeKeyPath(value);
      if (field !== undefined) {
        const message = `${field} is not allowed: fields named __proto__, constructor or prototype are refused`;
        throw new BadRequestException({
          code: 'forbidden_field',
          message,
          details: [{ field, messages: [message] }],
        });
      }
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/** Rejects unknown fields and answers 400 with the offending fields named. */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) =>
      new BadRequestException({
        code: 'validation_failed',
        message: 'Validation failed',
        details: flatten(errors),
      }),
  });
}

/** Dates the service deals in: anything outside is a typo or an attack, and answered 400. */
const FIRST_YEAR = 2000;
const LAST_YEAR = 2200;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Hours 00–23, minutes and seconds 00–59: luxon would roll 24:00 over into the next day. */
const INSTANT =
  /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|([+-])(\d{2}):([0-5]\d))$/;
/** The offsets zones use: from -12:00 to +14:00. luxon takes any, +14:61 and +99:00 included. */
const MIN_OFFSET_MINUTES = -12 * 60;
const MAX_OFFSET_MINUTES = 14 * 60;

function realOffset(value: string): boolean {
  const match = INSTANT.exec(value);
  if (!match) return false;
  if (match[4] === 'Z') return true;
  const minutes = (Number(match[6]) * 60 + Number(match[7])) * (match[5] === '-' ? -1 : 1);
  return minutes >= MIN_OFFSET_MINUTES && minutes <= MAX_OFFSET_MINUTES;
}

function realCalendarValue(value: unknown, pattern: RegExp): boolean {
  if (typeof value !== 'string' || !pattern.test(value)) return false;
  if (pattern === INSTANT && !realOffset(value)) return false;
  // luxon refuses what the pattern lets through: 2027-02-29, 2026-13-01 and the like.
  const parsed = DateTime.fromISO(value, { setZone: true });
  return parsed.isValid && parsed.year >= FIRST_YEAR && parsed.year <= LAST_YEAR;
}

/** True for a day YYYY-MM-DD that exists, between the years the service deals in. */
export const isDay = (value: unknown): value is string => realCalendarValue(value, DAY);

/** True for an ISO 8601 date-time with a real offset that exists on the calendar. */
export const isInstant = (value: unknown): value is string => realCalendarValue(value, INSTANT);

/** The instant of a text that passed `isInstant`. */
export const toInstant = (value: string): Date =>
  DateTime.fromISO(value, { setZone: true }).toJSDate();

const calendarMessage = (what: string) => ({
  message: `$property must be ${what} that exists, between the years ${FIRST_YEAR} and ${LAST_YEAR}`,
});

/** An ISO 8601 date-time with offset that exists on the calendar, e.g. 2026-12-01T09:00:00+01:00. */
export const IsInstant = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    { name: 'isInstant', validator: { validate: (v) => realCalendarValue(v, INSTANT) } },
    {
      ...calendarMessage(
        'an ISO 8601 date-time with an offset from -12:00 to +14:00 (2026-12-01T09:00:00+01:00)',
      ),
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
