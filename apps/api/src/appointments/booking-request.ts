import { DateTime } from 'luxon';
import type { BookingRequest } from '@app/appointments';
import { fieldError } from '@app/roster';
import type { BookAppointmentDto } from './appointment.dto.js';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,128}$/;

/** An ISO 8601 instant with offset, as validated by `@IsInstant()`. */
export const instant = (text: string): Date => DateTime.fromISO(text, { setZone: true }).toJSDate();

/** The Idempotency-Key header as given, or a 400 naming the header when it is malformed. */
export function checkIdempotencyKey(header: string | undefined): string | undefined {
  if (header !== undefined && !IDEMPOTENCY_KEY.test(header)) {
    throw fieldError(
      'Idempotency-Key',
      'Idempotency-Key must be 8–128 characters of A–Z, a–z, 0–9, - and _',
    );
  }
  return header;
}

/** One mapping from the booking body to the service's request, for clients and for staff. */
export function bookingRequestOf(body: BookAppointmentDto): BookingRequest {
  return {
    consultationTypeId: body.consultationTypeId,
    start: instant(body.start),
    counsellorId: body.counsellorId,
    counsellorLanguage: body.counsellorLanguage,
    pseudonym: body.pseudonym,
    language: body.language,
    timeZone: body.timeZone,
    contact: { channel: body.contact.channel, value: body.contact.value },
    note: body.note,
    needsInterpreter: body.needsInterpreter,
    interpreterLanguage: body.interpreterLanguage,
  };
}
