import { Controller, Get, Logger, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { DateTime } from 'luxon';
import { contactChannelsFor } from '@app/appointments';
import { Clock, ErrorResponseDto } from '@app/common';
import { AppConfig } from '@app/config';
import { OfficeService } from '@app/offices';
import { SlotSearchStats, UNMET_WITHIN_DAYS } from '@app/reports';
import { localize, MAX_CROSS_OFFICE_DAYS, SlotService, TOPICS } from '@app/roster';
import { Public, RateLimit } from '../auth/auth.decorators.js';
import {
  LanguageQueryDto,
  PublicOfficeDto,
  PublicTopicDto,
  SlotSearchResponseDto,
} from './roster.dto.js';
import {
  CrossOfficeQueryDto,
  CrossOfficeSearchResponseDto,
  OfficeSlotQueryDto,
  PublicBookableTypeDto,
  PublicTypesByOfficeQueryDto,
  toCrossOfficeResponse,
} from './public-search.dto.js';
import { searchBound, toSlotSearchResponse } from './slot-search.js';

const DEFAULT_LANGUAGE = 'de';
const DAY_MS = 86_400_000;
/** A search is kept for the statistics when it starts by then: a client's first look, not paging on. */
const FIRST_LOOK_MS = DAY_MS;

@ApiTags('public')
@Public()
@ApiTooManyRequestsResponse({ type: ErrorResponseDto })
@Controller('api/public')
export class PublicController {
  private readonly logger = new Logger(PublicController.name);

  constructor(
    private readonly slots: SlotService,
    private readonly config: AppConfig,
    private readonly offices: OfficeService,
    private readonly searchStats: SlotSearchStats,
    private readonly clock: Clock,
  ) {}

  @Get('office')
  @ApiOperation({ summary: 'What pages need to know of the default office: its time zone' })
  @ApiOkResponse({ type: PublicOfficeDto })
  async office(): Promise<PublicOfficeDto> {
    return { timeZone: (await this.offices.getDefault()).timeZone };
  }

  @Get('topics')
  @ApiOperation({ summary: 'Counselling topics, named in the requested language' })
  @ApiOkResponse({ type: [PublicTopicDto] })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  topics(@Query() query: LanguageQueryDto): PublicTopicDto[] {
    return TOPICS.map((topic) => ({
      code: topic.code,
      name: localize(topic.name, query.language ?? DEFAULT_LANGUAGE),
    }));
  }

  @Get('consultation-types')
  @ApiOperation({
    summary:
      'Bookable consultation types (active, of active offices), named in the requested language',
  })
  @ApiOkResponse({ type: [PublicBookableTypeDto] })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown or suspended office' })
  async consultationTypes(
    @Query() query: PublicTypesByOfficeQueryDto,
  ): Promise<PublicBookableTypeDto[]> {
    const language = query.language ?? DEFAULT_LANGUAGE;
    const topics = new Map(TOPICS.map((topic) => [topic.code, topic]));
    return (await this.slots.bookableTypesWithInterpreters(query.office))
      .filter(({ type }) => !query.topic || type.topic === query.topic)
      .map(({ type, interpreterLanguages }) => ({
        id: type.id,
        name: localize(type.name, language),
        description: localize(type.description, language),
        topic: { code: type.topic, name: localize(topics.get(type.topic)?.name ?? {}, language) },
        durationMinutes: type.durationMinutes,
        channel: type.channel,
        contactChannels: contactChannelsFor(
          type.requiredContact,
          Boolean(this.config.SMS_GATEWAY_URL),
        ),
        interpreterLanguages,
      }));
  }

  @Get('slots')
  @RateLimit('search')
  @ApiOperation({
    summary: 'Free slots of a consultation type (at most 31 days), in the requested time zone',
  })
  @ApiOkResponse({ type: SlotSearchResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({
    type: ErrorResponseDto,
    description: "Unknown or inactive consultation type, a suspended office's, or not the office's",
  })
  async search(@Query() query: OfficeSlotQueryDto): Promise<SlotSearchResponseDto> {
    const zone =
      query.timeZone ??
      (await this.slots.officeZoneOf(query.consultationTypeId)) ??
      this.config.OFFICE_TIME_ZONE;
    const from = searchBound(query.from, zone, 'start');
    const to = searchBound(query.to, zone, 'end');
    const result = await this.slots.search({
      consultationTypeId: query.consultationTypeId,
      from,
      to,
      language: query.language,
      topic: query.topic,
      counsellorId: query.counsellorId,
      office: query.office,
      interpreterLanguage: query.interpreterLanguage,
    });
    // Anonymous statistics of unmet demand; a search for one counsellor says nothing of it.
    const now = this.clock.now();
    if (query.counsellorId === undefined && from.getTime() <= now.getTime() + FIRST_LOOK_MS) {
      const officeZone = result.type.office?.timeZone ?? this.config.OFFICE_TIME_ZONE;
      const first = result.slots.find((slot) => slot.start >= now.getTime());
      const observation = {
        officeId: result.type.officeId,
        day: DateTime.fromJSDate(now, { zone: officeZone }).toISODate()!,
        topic: result.type.topic,
        channel: result.type.channel,
        language: query.language ?? null,
        interpreterLanguage: query.interpreterLanguage ?? null,
        now,
      };
      if (first || to.getTime() >= now.getTime() + UNMET_WITHIN_DAYS * DAY_MS) {
        this.searchStats.record({
          ...observation,
          windowEnd: to,
          firstSlot: first ? new Date(first.start) : null,
        });
      } else {
        // The booking page asks a week at a time: an empty first week says nothing of the 14
        // days yet. The next free time after it is looked up off the request, then recorded.
        this.slots
          .nextFree(
            result.type,
            to,
            { language: query.language, topic: query.topic },
            1,
            query.interpreterLanguage,
          )
          .then(
            ([next]) =>
              this.searchStats.record({
                ...observation,
                windowEnd: new Date(to.getTime() + UNMET_WITHIN_DAYS * DAY_MS),
                firstSlot: next ? new Date(next.start) : null,
              }),
            (error: unknown) => this.logger.warn({ err: error }, 'unmet demand not recorded'),
          );
      }
    }
    return toSlotSearchResponse(result, zone);
  }

  @Get('search')
  @RateLimit('search')
  @ApiOperation({
    summary:
      'Across all active offices: the next free slot of each matching type (at most 14 days), and the earliest of all',
  })
  @ApiOkResponse({ type: CrossOfficeSearchResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async searchAcrossOffices(
    @Query() query: CrossOfficeQueryDto,
  ): Promise<CrossOfficeSearchResponseDto> {
    const zone = query.timeZone ?? this.config.OFFICE_TIME_ZONE;
    const from = query.from === undefined ? undefined : searchBound(query.from, zone, 'start');
    const days = query.days ?? MAX_CROSS_OFFICE_DAYS;
    const result = await this.slots.searchAcrossOffices({
      language: query.language,
      topic: query.topic,
      channel: query.channel,
      district: query.district,
      from,
      days,
    });
    // One anonymous row for the city's unmet demand (no office: the search spans them all).
    const now = this.clock.now();
    const start = from && from > now ? from : now;
    if (start.getTime() <= now.getTime() + FIRST_LOOK_MS) {
      this.searchStats.record({
        officeId: null,
        day: DateTime.fromJSDate(now, { zone: this.config.OFFICE_TIME_ZONE }).toISODate()!,
        topic: query.topic ?? null,
        channel: query.channel ?? null,
        language: query.language ?? null,
        interpreterLanguage: null,
        now,
        windowEnd: new Date(start.getTime() + days * FIRST_LOOK_MS),
        firstSlot: result.earliest ? new Date(result.earliest.slot.start) : null,
      });
    }
    return toCrossOfficeResponse(result, zone, query.displayLanguage ?? DEFAULT_LANGUAGE);
  }
}
