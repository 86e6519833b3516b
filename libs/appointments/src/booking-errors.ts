import {
  BadRequestException,
  ConflictException,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { Slot } from '@app/scheduling';
import type { UnbookableReason } from '@app/roster';

const slotTimes = (slots: Slot[]) =>
  slots.map((slot) => ({
    start: new Date(slot.start).toISOString(),
    end: new Date(slot.end).toISOString(),
  }));

/**
 * 409 `slot_taken`: the time was free a moment ago but is not any more. Carries the next free
 * slots (with an interpreter when one was asked for).
 */
export class SlotTakenException extends ConflictException {
  constructor(readonly nextFreeSlots: Slot[]) {
    super({
      code: 'slot_taken',
      message: 'This time is no longer free. Please choose another one.',
      nextFreeSlots: slotTimes(nextFreeSlots),
    });
  }
}

/**
 * 409 `interpreter_taken`: a counsellor is free at this time, but every interpreter for the
 * language was booked meanwhile. Carries the next free slots with an interpreter.
 */
export class InterpreterTakenException extends ConflictException {
  constructor(readonly nextFreeSlots: Slot[]) {
    super({
      code: 'interpreter_taken',
      message:
        'No interpreter for this language is free at this time any more. Please choose another time.',
      nextFreeSlots: slotTimes(nextFreeSlots),
    });
  }
}

/** The exclusion constraint that keeps an interpreter out of two live appointments at once. */
export const INTERPRETER_CONSTRAINT = 'ex_appointment_interpreter_no_double_booking';

/** The name of the constraint a failed query violated (the driver reports it), if any. */
export function violatedConstraint(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const driver = (error as { driverError?: { constraint?: unknown; message?: unknown } })
    .driverError;
  if (typeof driver?.constraint === 'string') return driver.constraint;
  const message = typeof driver?.message === 'string' ? driver.message : error.message;
  return message.includes(INTERPRETER_CONSTRAINT) ? INTERPRETER_CONSTRAINT : undefined;
}

/** 422: no interpreter of the office (or its chosen pools) interprets the language at all. */
export const interpreterLanguageUnavailable = (): UnprocessableEntityException =>
  new UnprocessableEntityException({
    code: 'interpreter_language_unavailable',
    message: 'No interpreter for this language can be booked with this consultation.',
  });

const UNBOOKABLE: Record<UnbookableReason, string> = {
  notice: 'This time is too soon: the consultation type needs more notice.',
  horizon: 'This time is too far ahead: it cannot be booked yet.',
  roster: 'No counsellor offers this consultation at this time.',
};

/** 422: the start time is not a bookable slot at all. */
export function unbookable(reason: UnbookableReason): UnprocessableEntityException {
  return new UnprocessableEntityException(UNBOOKABLE[reason]);
}

export const tooLateToChange = (): UnprocessableEntityException =>
  new UnprocessableEntityException(
    'This appointment can no longer be changed online. Please contact the counselling office.',
  );

/** 422: the office was suspended; the client may still cancel (and export or erase their data). */
export const officeSuspended = (): UnprocessableEntityException =>
  new UnprocessableEntityException({
    code: 'office_suspended',
    message:
      'This counselling office is not taking appointments at the moment, so the time cannot be moved. You can still cancel.',
  });

export const notLive = (): UnprocessableEntityException =>
  new UnprocessableEntityException('This appointment is no longer active.');

/** The same answer for a missing appointment and a wrong or unknown token. */
export const appointmentNotFound = (): NotFoundException =>
  new NotFoundException('Appointment not found');

/** 409: this contact address already holds the most live future appointments allowed. */
export const tooManyAppointments = (max: number): ConflictException =>
  new ConflictException(
    `This contact already has ${max} upcoming appointment${max === 1 ? '' : 's'}. Please cancel one before booking another.`,
  );

/** 400: the phone number is no number, neither international nor of the office's country. */
export const invalidPhoneNumber = (): BadRequestException => {
  const message =
    'contact.value must be a phone number, e.g. +49 30 1234567 or, in the office’s country, 030 1234567';
  return new BadRequestException({
    code: 'invalid_phone_number',
    message,
    details: [{ field: 'contact.value', messages: [message] }],
  });
};

/** 400: the consultation type needs a phone number (the counsellor calls), and none was given. */
export const phoneContactRequired = (): BadRequestException => {
  const message =
    'This consultation is by phone: contact.channel must be phone, with a number to call';
  return new BadRequestException({
    code: 'phone_contact_required',
    message,
    details: [{ field: 'contact.channel', messages: [message] }],
  });
};
