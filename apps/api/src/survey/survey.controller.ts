import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '@app/common';
import type { StaffPrincipal } from '@app/staff';
import { SurveyService, surveyCompletionGone, surveyNotFound } from '@app/survey';
import { CurrentStaff, Public, RateLimit, Roles } from '../auth/auth.decorators.js';
import { linkToken } from '../auth/link-token.js';
import {
  SurveyAnswerDto,
  SurveyAnsweredDto,
  SurveyContextDto,
  SurveyLaterAnswersDto,
  SurveyReportDto,
  SurveyReportQueryDto,
  toSurveyContext,
  toSurveyReport,
} from './survey.dto.js';

/** The X-Survey-Token header; a missing or malformed one gets the same 404 as a wrong one. */
const surveyToken = (header: string | string[] | undefined): string =>
  linkToken(header, surveyNotFound);

const SURVEY_TOKEN_HEADER = {
  name: 'X-Survey-Token',
  required: true,
  description: 'The token from the survey link (its URL fragment)',
};

/** The client's side: the survey link's holder answers once, anonymously. */
@ApiTags('survey (public)')
@Public()
@Controller('api/public/survey')
export class PublicSurveyController {
  constructor(private readonly surveys: SurveyService) {}

  @Get()
  @RateLimit('manage')
  @ApiOperation({
    summary: 'What the survey page shows: the office and the language, nothing of the client',
  })
  @ApiHeader(SURVEY_TOKEN_HEADER)
  @ApiOkResponse({ type: SurveyContextDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'survey_not_found' })
  @ApiGoneResponse({ type: ErrorResponseDto, description: 'survey_answered or survey_expired' })
  async context(@Headers('x-survey-token') header: string | undefined): Promise<SurveyContextDto> {
    return toSurveyContext(await this.surveys.context(surveyToken(header)));
  }

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @RateLimit('manage')
  @ApiOperation({
    summary: 'Answer the survey (once): stored without any link to the consultation or client',
  })
  @ApiHeader(SURVEY_TOKEN_HEADER)
  @ApiCreatedResponse({ type: SurveyAnsweredDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'survey_not_found' })
  @ApiGoneResponse({ type: ErrorResponseDto, description: 'survey_answered or survey_expired' })
  async answer(
    @Headers('x-survey-token') header: string | undefined,
    @Body() body: SurveyAnswerDto,
  ): Promise<SurveyAnsweredDto> {
    const { completionKey } = await this.surveys.answer(surveyToken(header), body);
    return { answered: true, completionKey };
  }

  @Post('completion')
  @HttpCode(HttpStatus.OK)
  @RateLimit('manage')
  @ApiOperation({
    summary: 'Add the answers left open to a first answer, once, within the hour',
    description:
      'A tap in the message answers the first question at once (the link is then used); the page may add the other answers with the completion key that answer returned. Answers given already stay as they are.',
  })
  @ApiHeader({
    name: 'X-Survey-Completion',
    required: true,
    description: 'The completionKey of the first answer',
  })
  @ApiOkResponse({ type: SurveyAnsweredDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiGoneResponse({ type: ErrorResponseDto, description: 'survey_completion_gone' })
  async complete(
    @Headers('x-survey-completion') header: string | undefined,
    @Body() body: SurveyLaterAnswersDto,
  ): Promise<SurveyAnsweredDto> {
    // A missing or malformed key is as gone as a used one: nothing to tell apart.
    await this.surveys.complete(linkToken(header, surveyCompletionGone), body);
    return { answered: true, completionKey: null };
  }
}

/**
 * The answers for office admins (their office) and platform admins (any, or all together), small
 * cells suppressed as in the statistics; comments for office admins only, from five answers on.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Roles('admin', 'platform_admin')
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({ type: ErrorResponseDto })
@Controller('api/reports/survey')
export class SurveyReportController {
  constructor(private readonly surveys: SurveyService) {}

  @Get()
  @ApiOperation({ summary: 'Survey answers of a period, counted with small cells suppressed' })
  @ApiOkResponse({ type: SurveyReportDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'validation_failed, period_too_long',
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'office_not_found' })
  async report(
    @CurrentStaff() staff: StaffPrincipal,
    @Query() query: SurveyReportQueryDto,
  ): Promise<SurveyReportDto> {
    return toSurveyReport(await this.surveys.report(staff, query));
  }
}
