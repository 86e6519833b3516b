import { BadRequestException, ForbiddenException, NotFoundException } from '@nestjs/common';

/** A 400 naming one field, in the shape of the validation errors. */
export function fieldError(field: string, message: string): BadRequestException {
  return new BadRequestException({ message, details: [{ field, messages: [message] }] });
}

export const counsellorNotFound = (): NotFoundException =>
  new NotFoundException('Counsellor not found');
export const notYourCounsellor = (): ForbiddenException =>
  new ForbiddenException('Counsellors may only manage their own availability');
