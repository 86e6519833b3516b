import { ConflictException, NotFoundException } from '@nestjs/common';

/** Unknown and suspended offices answer alike: a client cannot tell one from the other. */
export function officeNotFound(): NotFoundException {
  return new NotFoundException({ code: 'office_not_found', message: 'Office not found' });
}

/** Slugs are an office's address (/o/<slug>): one office per slug. */
export function officeSlugTaken(): ConflictException {
  return new ConflictException({
    code: 'office_slug_taken',
    message: 'Another office already has this slug',
  });
}

/** The unique index behind officeSlugTaken(). */
export const OFFICE_SLUG_CONSTRAINT = 'uq_office_slug';
