import {
  BadRequestException,
  ForbiddenException,
  GoneException,
  NotFoundException,
} from '@nestjs/common';

export type SurveyErrorCode =
  | 'survey_not_found'
  | 'survey_answered'
  | 'survey_expired'
  | 'survey_completion_gone'
  | 'validation_failed'
  | 'period_too_long'
  | 'office_not_allowed'
  | 'office_not_found';

/** The same answer for a missing, malformed or wrong token (and one purged after expiry). */
export const surveyNotFound = (): NotFoundException =>
  new NotFoundException({ code: 'survey_not_found', message: 'Survey link not found' });

/** 410: the link was used; a survey is answered once. */
export const surveyAnswered = (): GoneException =>
  new GoneException({
    code: 'survey_answered',
    message: 'This survey has been answered already. Thank you!',
  });

/** 410: the link is older than its 14 days. */
export const surveyExpired = (): GoneException =>
  new GoneException({ code: 'survey_expired', message: 'This survey link has expired' });

/** 410: the answers were completed already, or the hour to complete them has passed. */
export const surveyCompletionGone = (): GoneException =>
  new GoneException({
    code: 'survey_completion_gone',
    message: 'These answers can no longer be added to: the first answer is kept. Thank you!',
  });

/** 400 on one field, named as the validation pipe names it. */
export function surveyFieldError(
  field: string,
  message: string,
  code: SurveyErrorCode = 'validation_failed',
): BadRequestException {
  return new BadRequestException({ code, message, details: [{ field, messages: [message] }] });
}

export const officeNotAllowed = (): ForbiddenException =>
  new ForbiddenException({
    code: 'office_not_allowed',
    message: 'Office admins see their own office only',
  });

export const officeNotFound = (): NotFoundException =>
  new NotFoundException({ code: 'office_not_found', message: 'Office not found' });
