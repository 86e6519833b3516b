import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';

export type WaitlistErrorCode =
  | 'waitlist_entry_not_found'
  | 'waitlist_range_invalid'
  | 'waitlist_language_not_offered'
  | 'waitlist_contact_unreachable'
  | 'too_many_waitlist_entries'
  | 'waitlist_no_offer'
  | 'waitlist_offer_lapsed'
  | 'waitlist_entry_ended';

/** The same answer for a missing, malformed, wrong or erased token: no enumeration. */
export const entryNotFound = (): NotFoundException =>
  new NotFoundException({ code: 'waitlist_entry_not_found', message: 'Waitlist entry not found' });

/** 400 on one field, with the field named as the validation pipe names it. */
export function waitlistFieldError(
  field: string,
  message: string,
  code: WaitlistErrorCode,
): BadRequestException {
  return new BadRequestException({ code, message, details: [{ field, messages: [message] }] });
}

/** 409: this contact already waits on the most entries allowed. */
export const tooManyEntries = (max: number): ConflictException =>
  new ConflictException({
    code: 'too_many_waitlist_entries',
    message: `This contact is already on ${max} waitlist${max === 1 ? '' : 's'}. Please leave one before joining another.`,
  });

/** 409: nothing is offered to this entry now (never, or answered already). */
export const noOffer = (): ConflictException =>
  new ConflictException({
    code: 'waitlist_no_offer',
    message: 'No time is offered to you at the moment.',
  });

/** 409: the hold ran out before the answer; the time may have gone to someone else. */
export const offerLapsed = (): ConflictException =>
  new ConflictException({
    code: 'waitlist_offer_lapsed',
    message: 'This offer has run out and the time is no longer held for you.',
  });

/** 409: the entry has ended (booked, expired or cancelled). */
export const entryEnded = (): ConflictException =>
  new ConflictException({
    code: 'waitlist_entry_ended',
    message: 'This waitlist entry has ended.',
  });
