import { NotFoundException } from '@nestjs/common';

/** Unknown and suspended offices answer alike: a client cannot tell one from the other. */
export function officeNotFound(): NotFoundException {
  return new NotFoundException({ code: 'office_not_found', message: 'Office not found' });
}
