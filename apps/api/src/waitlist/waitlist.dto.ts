import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Equals,
  IsDefined,
  IsInt,
  IsISO6391,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsLanguageOfClient, IsSpokenLanguage } from '@app/common';
import type { OfficeEntity } from '@app/offices';
import type { ConsultationTypeEntity, LocalizedText } from '@app/roster';
import {
  WAITLIST_STATUSES,
  type EntryView,
  type WaitlistCount,
  type WaitlistEntryEntity,
  type WaitlistStatus,
} from '@app/waitlist';
import { BookingResponseDto, ContactDto } from '../appointments/appointment.dto.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOCALIZED = {
  type: 'object',
  additionalProperties: { type: 'string' },
  example: { de: 'Aufenthalt', en: 'Residence' },
} as const;

export class JoinWaitlistDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  consultationTypeId: string;

  @ApiPropertyOptional({
    example: 'fa',
    description: 'Only counsellors who speak this language (ISO 639-1); any when absent',
  })
  @IsOptional()
  @IsISO6391()
  language?: string;

  @ApiPropertyOptional({
    example: 'ti',
    description:
      'Hold an interpreter for this language (BCP 47 tag, one of the type’s interpreterLanguages) with the counsellor: only times when both are free are offered. 422 interpreter_language_unavailable when the office has no interpreter for it',
  })
  @IsOptional()
  @IsSpokenLanguage()
  interpreterLanguage?: string;

  @ApiProperty({ example: '2026-12-14', description: "First day, in the office's time zone" })
  @IsString()
  @Matches(DATE, { message: 'from must be a date like 2026-12-14' })
  from: string;

  @ApiProperty({ example: '2026-12-18', description: 'Last day (at most 31 days in all)' })
  @IsString()
  @Matches(DATE, { message: 'to must be a date like 2026-12-18' })
  to: string;

  @ApiProperty({ example: 'Sara', maxLength: 60 })
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  @Matches(/\S/, { message: 'pseudonym must not be blank' })
  pseudonym: string;

  @ApiProperty({
    example: 'fa',
    description:
      "The client's language: messages in it where we have texts (de, en, …, prs, de-x-ls), else along its fallback to English",
  })
  @IsLanguageOfClient()
  clientLanguage: string;

  @ApiProperty({ type: ContactDto, description: 'Where the offer of a freed time is sent' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ContactDto)
  contact: ContactDto;

  @ApiProperty({ description: 'The client agreed to the privacy notice', example: true })
  @Equals(true, { message: 'privacyAccepted must be true: please agree to the privacy notice' })
  privacyAccepted: boolean;
}

export class WaitlistOfferDto {
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ description: 'Held until then; afterwards it goes to the next client' })
  expiresAt: string;
}

export class WaitlistEntryDto {
  @ApiProperty({ enum: WAITLIST_STATUSES }) status: WaitlistStatus;
  @ApiProperty({ format: 'uuid' }) consultationTypeId: string;
  @ApiProperty(LOCALIZED) consultationTypeName: LocalizedText;
  @ApiProperty() officeSlug: string;
  @ApiProperty({ description: "The office's time zone, in which the days are meant" })
  timeZone: string;
  @ApiProperty({ type: String, nullable: true }) language: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The language of the interpreter held with the counsellor',
  })
  interpreterLanguage: string | null;
  @ApiProperty({ example: '2026-12-14' }) from: string;
  @ApiProperty({ example: '2026-12-18' }) to: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: WaitlistOfferDto, nullable: true, description: 'While a time is held' })
  offer: WaitlistOfferDto | null;
}

export class JoinedWaitlistDto {
  @ApiProperty({
    description: 'Shown once: the key of the entry link. Send it as X-Waitlist-Token.',
  })
  entryToken: string;
  @ApiProperty({ type: WaitlistEntryDto }) entry: WaitlistEntryDto;
}

export class AcceptedOfferDto extends BookingResponseDto {
  @ApiProperty({ type: WaitlistEntryDto }) entry: WaitlistEntryDto;
}

export function toEntryDto({ entry, offer }: EntryView): WaitlistEntryDto {
  const type = entry.consultationType as ConsultationTypeEntity;
  const office = entry.office as OfficeEntity;
  return {
    status: entry.status,
    consultationTypeId: entry.consultationTypeId,
    consultationTypeName: type.name,
    officeSlug: office.slug,
    timeZone: office.timeZone,
    language: entry.language,
    interpreterLanguage: entry.interpreterLanguage,
    from: entry.fromDate,
    to: entry.toDate,
    createdAt: entry.createdAt.toISOString(),
    offer: offer && {
      startsAt: offer.startsAt.toISOString(),
      endsAt: offer.endsAt.toISOString(),
      expiresAt: offer.expiresAt.toISOString(),
    },
  };
}

export class WaitlistQueryDto {
  @ApiPropertyOptional({
    default: 90,
    minimum: 1,
    maximum: 366,
    description: 'Entries of the last days',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(366)
  days?: number;
}

/** An entry as staff see it: never the pseudonym or contact. */
export class StaffWaitlistEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: WAITLIST_STATUSES }) status: WaitlistStatus;
  @ApiProperty({ format: 'uuid' }) consultationTypeId: string;
  @ApiProperty({ type: String, nullable: true }) language: string | null;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ description: 'Times offered to it' }) offers: number;
  @ApiProperty({ type: String, nullable: true }) finishedAt: string | null;
}

export class WaitlistCountDto {
  @ApiProperty({ format: 'uuid' }) consultationTypeId: string;
  @ApiProperty({ type: String, nullable: true }) language: string | null;
  @ApiProperty({ enum: WAITLIST_STATUSES }) status: string;
  @ApiProperty() entries: number;
}

export class WaitlistOverviewDto {
  @ApiProperty({ type: [StaffWaitlistEntryDto] }) entries: StaffWaitlistEntryDto[];
  @ApiProperty({
    type: [WaitlistCountDto],
    description: 'Entries by type, language and status: unmet demand (expired) among them',
  })
  counts: WaitlistCountDto[];
}

export function toStaffEntry(entry: WaitlistEntryEntity): StaffWaitlistEntryDto {
  return {
    id: entry.id,
    status: entry.status,
    consultationTypeId: entry.consultationTypeId,
    language: entry.language,
    from: entry.fromDate,
    to: entry.toDate,
    createdAt: entry.createdAt.toISOString(),
    offers: entry.offers,
    finishedAt: entry.finishedAt?.toISOString() ?? null,
  };
}

export const toCount = (count: WaitlistCount): WaitlistCountDto => ({ ...count });
