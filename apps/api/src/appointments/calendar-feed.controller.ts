import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CalendarFeedService } from '@app/appointments';
import { ErrorResponseDto } from '@app/common';
import { AppConfig } from '@app/config';
import type { StaffPrincipal } from '@app/staff';
import { CurrentStaff, Public, RateLimit } from '../auth/auth.decorators.js';

export class CalendarFeedInfoDto {
  @ApiProperty({ description: 'Whether the counsellor has a calendar link' }) exists: boolean;
  @ApiProperty({ nullable: true, type: String, example: '2026-12-01T09:00:00.000Z' })
  createdAt: string | null;
}

export class CalendarFeedCreatedDto {
  @ApiProperty({
    description:
      'The subscription URL, shown once: only the token’s SHA-256 is stored. An earlier link stops working.',
    example: 'https://termine.example.org/api/calendar/3q2-…-x9Q.ics',
  })
  url: string;
  @ApiProperty() createdAt: string;
}

@ApiTags('calendar feed (counsellor)')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'No counsellor profile' })
@Controller('api/calendar-feed')
export class CalendarFeedController {
  constructor(
    private readonly feeds: CalendarFeedService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Whether the counsellor has a calendar link, and since when' })
  @ApiOkResponse({ type: CalendarFeedInfoDto })
  async info(@CurrentStaff() staff: StaffPrincipal): Promise<CalendarFeedInfoDto> {
    const info = await this.feeds.info(staff);
    return { exists: info !== null, createdAt: info?.createdAt.toISOString() ?? null };
  }

  @Post()
  @ApiOperation({ summary: 'Create the calendar link, or replace it by a new one' })
  @ApiCreatedResponse({ type: CalendarFeedCreatedDto })
  async create(
    @CurrentStaff() staff: StaffPrincipal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CalendarFeedCreatedDto> {
    const { token, createdAt } = await this.feeds.create(staff);
    response.setHeader('Cache-Control', 'no-store');
    return {
      url: this.config.publicUrl(`/api/calendar/${token}.ics`),
      createdAt: createdAt.toISOString(),
    };
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke the calendar link' })
  @ApiNoContentResponse()
  async revoke(@CurrentStaff() staff: StaffPrincipal): Promise<void> {
    await this.feeds.revoke(staff);
  }
}

@ApiTags('calendar feed (subscription)')
@Public()
@RateLimit('manage')
@ApiTooManyRequestsResponse({ type: ErrorResponseDto })
@Controller('api/calendar')
export class PublicCalendarFeedController {
  constructor(
    private readonly feeds: CalendarFeedService,
    private readonly config: AppConfig,
  ) {}

  @Get(':file')
  @ApiOperation({
    summary: 'A counsellor’s appointments as an iCalendar subscription (<token>.ics)',
    description:
      'The last 30 days and the next year: type, channel, time, status and a link to the console. No client data (no pseudonym, contact or note). A revoked or unknown token answers 404.',
    security: [],
  })
  @ApiOkResponse({ description: 'text/calendar', content: { 'text/calendar': {} } })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async feed(
    @Param('file') file: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const token = file.endsWith('.ics') ? file.slice(0, -'.ics'.length) : '';
    const body = await this.feeds.render(token, this.config.publicUrl('/staff'));
    response.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    // Private: the URL is the key; no shared cache may keep it.
    response.setHeader('Cache-Control', 'private, no-store');
    response.setHeader('Referrer-Policy', 'no-referrer');
    return body;
  }
}
