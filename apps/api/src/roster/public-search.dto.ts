import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO6391,
  IsOptional,
  IsString,
  IsTimeZone,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsLanguageOfClient, IsDayOrInstant, IsSpokenLanguage } from '@app/common';
import type { OfficeEntity } from '@app/offices';
import {
  CHANNELS,
  localize,
  MAX_CROSS_OFFICE_DAYS,
  TOPIC_CODES,
  TOPICS,
  ZoneFormatter,
  type Channel,
  type CrossOfficeResult,
} from '@app/roster';
import type { Slot } from '@app/scheduling';
import {
  PublicConsultationTypeDto,
  PublicTopicDto,
  PublicTypesQueryDto,
  SlotDto,
  SlotQueryDto,
} from './roster.dto.js';

const OFFICE_QUERY = {
  example: 'willkommenszentrum',
  description: "Only this office's (slug); an unknown or suspended office is not found",
};

export class PublicTypesByOfficeQueryDto extends PublicTypesQueryDto {
  @ApiPropertyOptional(OFFICE_QUERY)
  @IsOptional()
  @IsString()
  @MaxLength(100)
  office?: string;
}

export class OfficeSlotQueryDto extends SlotQueryDto {
  @ApiPropertyOptional(OFFICE_QUERY)
  @IsOptional()
  @IsString()
  @MaxLength(100)
  office?: string;

  @ApiPropertyOptional({
    example: 'ti',
    description:
      'Only times when a counsellor of the type and an interpreter for this language (BCP 47 tag) are both free, the type’s buffers applying to both. A language no interpreter of the office interprets gives no slots (see interpreterLanguages of the type)',
  })
  @IsOptional()
  @IsSpokenLanguage()
  interpreterLanguage?: string;
}

/** A bookable type as clients see it, with the languages an interpreter can be booked for. */
export class PublicBookableTypeDto extends PublicConsultationTypeDto {
  @ApiProperty({
    type: [String],
    example: ['fa', 'gsg', 'ti'],
    description:
      'Languages (BCP 47 tags, sorted) for which an interpreter can be booked with this type: at least one active interpreter of the office or of an interpreter pool it chose interprets it',
  })
  interpreterLanguages: string[];
}

export class CrossOfficeQueryDto {
  @ApiPropertyOptional({ example: 'fa', description: 'Counsellors who speak it (ISO 639-1)' })
  @IsOptional()
  @IsISO6391()
  language?: string;

  @ApiPropertyOptional({ enum: TOPIC_CODES })
  @IsOptional()
  @IsIn(TOPIC_CODES)
  topic?: string;

  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;

  @ApiPropertyOptional({ example: 'Mitte', description: "The office's district, exactly" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  district?: string;

  @ApiPropertyOptional({
    example: '2026-12-01',
    description: 'First day (YYYY-MM-DD, in timeZone) or an ISO 8601 instant; default now',
  })
  @IsOptional()
  @IsDayOrInstant()
  from?: string;

  @ApiPropertyOptional({ example: 14, default: 14, minimum: 1, maximum: MAX_CROSS_OFFICE_DAYS })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_CROSS_OFFICE_DAYS)
  days?: number;

  @ApiPropertyOptional({
    example: 'Europe/Berlin',
    description: 'Zone of the answer (and of a date in from)',
  })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({
    example: 'ar',
    description: 'Language of the names (ISO 639-1); texts fall back to English, then German',
  })
  @IsOptional()
  @IsLanguageOfClient()
  displayLanguage?: string;
}

export class OfficeSummaryDto {
  @ApiProperty({ example: 'willkommenszentrum' }) slug: string;
  @ApiProperty({ example: 'Willkommenszentrum', description: 'In the requested language' })
  name: string;
  @ApiProperty({ type: String, nullable: true, example: 'Mitte' }) district: string | null;
}

export class TypeOfferDto {
  @ApiProperty({ format: 'uuid' }) consultationTypeId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: PublicTopicDto }) topic: PublicTopicDto;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty() durationMinutes: number;
  @ApiProperty({
    type: SlotDto,
    nullable: true,
    description: 'The next free slot in the range; none when fully booked',
  })
  next: SlotDto | null;
}

export class OfficeOffersDto {
  @ApiProperty({ type: OfficeSummaryDto }) office: OfficeSummaryDto;
  @ApiProperty({ type: [TypeOfferDto] }) offers: TypeOfferDto[];
}

export class EarliestOfferDto {
  @ApiProperty({ type: OfficeSummaryDto }) office: OfficeSummaryDto;
  @ApiProperty({ format: 'uuid' }) consultationTypeId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ type: SlotDto }) slot: SlotDto;
}

export class CrossOfficeSearchResponseDto {
  @ApiProperty({ example: 'Europe/Berlin' }) timeZone: string;
  @ApiProperty({
    type: [OfficeOffersDto],
    description: 'Active offices with matching types, the soonest first',
  })
  offices: OfficeOffersDto[];
  @ApiProperty({
    type: EarliestOfferDto,
    nullable: true,
    description: 'The earliest free slot of any office',
  })
  earliest: EarliestOfferDto | null;
}

/** The answer of a search across offices, times in `zone`, names in `language`. */
export function toCrossOfficeResponse(
  result: CrossOfficeResult,
  zone: string,
  language: string,
): CrossOfficeSearchResponseDto {
  const formatter = ZoneFormatter.for(zone);
  const slot = (value: Slot): SlotDto => ({
    start: formatter.format(value.start),
    end: formatter.format(value.end),
  });
  const office = (value: OfficeEntity): OfficeSummaryDto => ({
    slug: value.slug,
    name: localize(value.name, language),
    district: value.district,
  });
  const topics = new Map(TOPICS.map((topic) => [topic.code, topic]));
  return {
    timeZone: zone,
    offices: result.offices.map((group) => ({
      office: office(group.office),
      offers: group.offers.map(({ type, slot: next }) => ({
        consultationTypeId: type.id,
        name: localize(type.name, language),
        topic: { code: type.topic, name: localize(topics.get(type.topic)?.name ?? {}, language) },
        channel: type.channel,
        durationMinutes: type.durationMinutes,
        next: next ? slot(next) : null,
      })),
    })),
    earliest: result.earliest && {
      office: office(result.earliest.office),
      consultationTypeId: result.earliest.type.id,
      name: localize(result.earliest.type.name, language),
      channel: result.earliest.type.channel,
      slot: slot(result.earliest.slot),
    },
  };
}
