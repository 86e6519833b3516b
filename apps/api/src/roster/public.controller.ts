import { Controller, Get, Query } from '@nestjs/common';
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
import { ErrorResponseDto } from '@app/common';
import { AppConfig } from '@app/config';
import { ConsultationTypeService, localize, SlotService, TOPICS, ZoneFormatter } from '@app/roster';
import { ZoneCalendar } from '@app/scheduling';
import { Public, RateLimit } from '../auth/auth.decorators.js';
import {
  LanguageQueryDto,
  PublicConsultationTypeDto,
  PublicOfficeDto,
  PublicTopicDto,
  PublicTypesQueryDto,
  SlotQueryDto,
  SlotSearchResponseDto,
} from './roster.dto.js';

const DEFAULT_LANGUAGE = 'de';

/** A date means that whole local day in `zone`; an instant is taken as it is. `end` dates are inclusive. */
function instant(text: string, zone: string, edge: 'start' | 'end'): Date {
  if (text.length === 10) {
    // The scheduling core's days, not luxon's start of day: where the clock turns back over
    // midnight (America/Havana), luxon starts the day at its second midnight.
    const day = ZoneCalendar.for(zone).dayBounds(text);
    return new Date(edge === 'end' ? day.end : day.start);
  }
  return DateTime.fromISO(text, { setZone: true }).toJSDate();
}

@ApiTags('public')
@Public()
@ApiTooManyRequestsResponse({ type: ErrorResponseDto })
@Controller('api/public')
export class PublicController {
  constructor(
    private readonly types: ConsultationTypeService,
    private readonly slots: SlotService,
    private readonly config: AppConfig,
  ) {}

  @Get('office')
  @ApiOperation({ summary: 'What pages need to know of the office: its time zone' })
  @ApiOkResponse({ type: PublicOfficeDto })
  office(): PublicOfficeDto {
    return { timeZone: this.config.OFFICE_TIME_ZONE };
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
  @ApiOperation({ summary: 'Active consultation types, named in the requested language' })
  @ApiOkResponse({ type: [PublicConsultationTypeDto] })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async consultationTypes(
    @Query() query: PublicTypesQueryDto,
  ): Promise<PublicConsultationTypeDto[]> {
    const language = query.language ?? DEFAULT_LANGUAGE;
    const topics = new Map(TOPICS.map((topic) => [topic.code, topic]));
    return (await this.types.list(true))
      .filter((type) => !query.topic || type.topic === query.topic)
      .map((type) => ({
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
    description: 'Unknown or inactive consultation type',
  })
  async search(@Query() query: SlotQueryDto): Promise<SlotSearchResponseDto> {
    const zone = query.timeZone ?? this.config.OFFICE_TIME_ZONE;
    const result = await this.slots.search({
      consultationTypeId: query.consultationTypeId,
      from: instant(query.from, zone, 'start'),
      to: instant(query.to, zone, 'end'),
      language: query.language,
      topic: query.topic,
      counsellorId: query.counsellorId,
    });
    const formatter = ZoneFormatter.for(zone);
    const format = (ms: number) => formatter.format(ms);
    // Who offers at least one slot; stops early once every counsellor is found (a long search has
    // hundreds of slots, each naming most counsellors).
    const offered = new Set<string>();
    for (const slot of result.slots) {
      if (offered.size === result.counsellors.length) break;
      for (const id of slot.counsellorIds) offered.add(id);
    }
    return {
      timeZone: zone,
      counsellors: result.counsellors
        .filter((counsellor) => offered.has(counsellor.id))
        .map((counsellor) => ({
          id: counsellor.id,
          displayName: counsellor.displayName,
          languages: counsellor.languages,
        })),
      slots: result.slots.map((slot) => ({
        start: format(slot.start),
        end: format(slot.end),
      })),
    };
  }
}
