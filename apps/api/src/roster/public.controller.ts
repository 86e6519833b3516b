import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { DateTime } from 'luxon';
import { ErrorResponseDto } from '@app/common';
import { ConsultationTypeService, localize, SlotService, TOPICS } from '@app/roster';
import { Public } from '../auth/auth.decorators.js';
import {
  LanguageQueryDto,
  PublicConsultationTypeDto,
  PublicTopicDto,
  PublicTypesQueryDto,
  SlotQueryDto,
  SlotSearchResponseDto,
} from './roster.dto.js';

const DEFAULT_LANGUAGE = 'de';
const DEFAULT_ZONE = 'Europe/Berlin';

/** A date means that whole local day in `zone`; an instant is taken as it is. `end` dates are inclusive. */
function instant(text: string, zone: string, edge: 'start' | 'end'): Date {
  if (text.length === 10) {
    const day = DateTime.fromISO(text, { zone }).startOf('day');
    return (edge === 'end' ? day.plus({ days: 1 }) : day).toJSDate();
  }
  return DateTime.fromISO(text, { setZone: true }).toJSDate();
}

@ApiTags('public')
@Public()
@Controller('api/public')
export class PublicController {
  constructor(
    private readonly types: ConsultationTypeService,
    private readonly slots: SlotService,
  ) {}

  @Get('topics')
  @ApiOperation({ summary: 'Counselling topics, named in the requested language' })
  @ApiOkResponse({ type: [PublicTopicDto] })
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
      }));
  }

  @Get('slots')
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
    const zone = query.timeZone ?? DEFAULT_ZONE;
    const result = await this.slots.search({
      consultationTypeId: query.consultationTypeId,
      from: instant(query.from, zone, 'start'),
      to: instant(query.to, zone, 'end'),
      language: query.language,
      topic: query.topic,
      counsellorId: query.counsellorId,
    });
    const format = (ms: number) =>
      DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }) ?? '';
    const offered = new Set(result.slots.flatMap((slot) => slot.counsellorIds));
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
