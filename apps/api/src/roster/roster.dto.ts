import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO6391,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
  type ValidationOptions,
} from 'class-validator';
import {
  IsLanguageOfClient,
  IsDay,
  IsDayOrInstant,
  IsInstant,
  IsSpokenLanguage,
} from '@app/common';
import { isISO6391 } from 'class-validator';
import {
  CHANNELS,
  REQUIRED_CONTACTS,
  ROSTER_PERSON_KINDS,
  TOPIC_CODES,
  formatTimeOfDay,
  type AbsenceEntity,
  type AvailabilityRuleEntity,
  type Channel,
  type ConsultationTypeEntity,
  type CounsellorEntity,
  type ExtraHoursEntity,
  type LocalizedText,
  type RequiredContact,
  type RosterPersonKind,
} from '@app/roster';

const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

/** `{ "de": "…", "en": "…" }`: ISO 639-1 keys, non-empty texts of at most `max` characters. */
export function IsLocalizedText(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLocalizedText',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.entries(value).every(
            ([key, text]) =>
              isISO6391(key) &&
              typeof text === 'string' &&
              text.trim().length > 0 &&
              text.length <= max,
          ),
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must map ISO 639-1 language codes to texts of 1 to ${max} characters`,
      },
    },
    options,
  );
}

const TIME_MESSAGE = { message: '$property must be a local time HH:MM between 00:00 and 24:00' };

// ---- counsellors

const SPOKEN_LANGUAGES_DESCRIPTION =
  'BCP 47 tags: ISO 639-1 codes, else ISO 639-3 (prs Dari, kmr Kurmanji, gsg German Sign Language)';

export class CreateCounsellorDto {
  @ApiPropertyOptional({
    enum: ROSTER_PERSON_KINDS,
    default: 'counsellor',
    description:
      'interpreter: booked beside a counsellor for a language, never linked to consultation types; its staff account has the role interpreter. Fixed once created.',
  })
  @IsOptional()
  @IsIn(ROSTER_PERSON_KINDS)
  kind?: RosterPersonKind;

  @ApiProperty({ example: 'Amira Haddad' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  displayName: string;

  @ApiProperty({ example: ['ar', 'de', 'en'], description: SPOKEN_LANGUAGES_DESCRIPTION })
  @IsArray()
  @ArrayMaxSize(20)
  @IsSpokenLanguage({ each: true })
  languages: string[];

  @ApiPropertyOptional({
    example: ['residence', 'work'],
    enum: TOPIC_CODES,
    isArray: true,
    description: 'Default none; interpreters have none',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsIn(TOPIC_CODES, { each: true })
  topics?: string[];

  @ApiPropertyOptional({
    example: 'Europe/Berlin',
    description: "Default the office's time zone",
  })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The staff account this counsellor logs in with',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  staffId?: string | null;
}

export class UpdateCounsellorDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  displayName?: string;

  @ApiPropertyOptional({ example: ['uk', 'ru', 'de'], description: SPOKEN_LANGUAGES_DESCRIPTION })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsSpokenLanguage({ each: true })
  languages?: string[];

  @ApiPropertyOptional({ enum: TOPIC_CODES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsIn(TOPIC_CODES, { each: true })
  topics?: string[];

  @ApiPropertyOptional({ example: 'Europe/Berlin' })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  staffId?: string | null;

  @ApiPropertyOptional({ description: 'false deactivates: no more slots, appointments stay' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** Which roster people an admin list shows. */
export class CounsellorListQueryDto {
  @ApiPropertyOptional({ enum: ROSTER_PERSON_KINDS, default: 'counsellor' })
  @IsOptional()
  @IsIn(ROSTER_PERSON_KINDS)
  kind?: RosterPersonKind;
}

export class CounsellorResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ROSTER_PERSON_KINDS }) kind: RosterPersonKind;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: [String] }) languages: string[];
  @ApiProperty({ enum: TOPIC_CODES, isArray: true }) topics: string[];
  @ApiProperty() timeZone: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) staffId: string | null;
  @ApiProperty() active: boolean;
}

export const toCounsellorResponse = (c: CounsellorEntity): CounsellorResponseDto => ({
  id: c.id,
  kind: c.kind,
  displayName: c.displayName,
  languages: c.languages,
  topics: c.topics,
  timeZone: c.timeZone,
  staffId: c.staffId,
  active: c.active,
});

// ---- availability

export class CreateRuleDto {
  @ApiProperty({ minimum: 1, maximum: 7, description: 'ISO weekday, 1 = Monday' })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday: number;

  @ApiProperty({ example: '09:00', description: 'Local time in the counsellor’s zone' })
  @Matches(TIME, TIME_MESSAGE)
  start: string;

  @ApiProperty({
    example: '17:00',
    description:
      'Local time; 24:00 for midnight. Rules do not cross midnight: split a night shift in two.',
  })
  @Matches(TIME, TIME_MESSAGE)
  end: string;

  @ApiPropertyOptional({ example: '2026-12-01' })
  @IsOptional()
  @IsDay()
  validFrom?: string;

  @ApiPropertyOptional({ example: '2027-06-30' })
  @IsOptional()
  @IsDay()
  validUntil?: string;
}

export class RuleResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() weekday: number;
  @ApiProperty({ example: '09:00' }) start: string;
  @ApiProperty({ example: '17:00' }) end: string;
  @ApiProperty({ nullable: true, type: String }) validFrom: string | null;
  @ApiProperty({ nullable: true, type: String }) validUntil: string | null;
}

export const toRuleResponse = (r: AvailabilityRuleEntity): RuleResponseDto => ({
  id: r.id,
  weekday: r.weekday,
  start: formatTimeOfDay(r.startMinute),
  end: formatTimeOfDay(r.endMinute),
  validFrom: r.validFrom,
  validUntil: r.validUntil,
});

export class CreateExtraHoursDto {
  @ApiProperty({ example: '2026-12-19' })
  @IsDay()
  date: string;

  @ApiProperty({ example: '10:00' })
  @Matches(TIME, TIME_MESSAGE)
  start: string;

  @ApiProperty({ example: '14:00' })
  @Matches(TIME, TIME_MESSAGE)
  end: string;
}

export class ExtraHoursResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() date: string;
  @ApiProperty() start: string;
  @ApiProperty() end: string;
}

export const toExtraHoursResponse = (e: ExtraHoursEntity): ExtraHoursResponseDto => ({
  id: e.id,
  date: e.date,
  start: formatTimeOfDay(e.startMinute),
  end: formatTimeOfDay(e.endMinute),
});

/** Whole days when either day is given (or nothing at all): then both days are required. */
const usesDays = (dto: CreateAbsenceDto): boolean =>
  dto.startDate !== undefined ||
  dto.endDate !== undefined ||
  (dto.startsAt === undefined && dto.endsAt === undefined);
/** Instants when no day is given, and any instant given is checked even beside days. */
const usesInstants = (dto: CreateAbsenceDto, value: unknown): boolean =>
  (dto.startDate === undefined && dto.endDate === undefined) || value !== undefined;

export class CreateAbsenceDto {
  @ApiPropertyOptional({
    example: '2026-12-21',
    description: 'First whole day (local); give startDate and endDate, or startsAt and endsAt',
  })
  @ValidateIf(usesDays)
  @IsDay()
  startDate?: string;

  @ApiPropertyOptional({ example: '2027-01-01', description: 'Last whole day (local, inclusive)' })
  @ValidateIf(usesDays)
  @IsDay()
  endDate?: string;

  @ApiPropertyOptional({ example: '2026-12-03T10:00:00+01:00' })
  @ValidateIf(usesInstants)
  @IsInstant()
  startsAt?: string;

  @ApiPropertyOptional({ example: '2026-12-03T12:00:00+01:00' })
  @ValidateIf(usesInstants)
  @IsInstant()
  endsAt?: string;
}

export class AbsenceResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
}

export const toAbsenceResponse = (a: AbsenceEntity): AbsenceResponseDto => ({
  id: a.id,
  startsAt: a.startsAt.toISOString(),
  endsAt: a.endsAt.toISOString(),
});

// ---- consultation types

/** The schema of a LocalizedText (reflection sees only an object). */
const LOCALIZED_TEXT = {
  type: 'object',
  additionalProperties: { type: 'string' },
  description: 'Texts by ISO 639-1 language code',
} as const;

export class CreateConsultationTypeDto {
  @ApiProperty({
    ...LOCALIZED_TEXT,
    example: { de: 'Erstberatung Aufenthalt', en: 'First consultation: residence' },
  })
  @IsLocalizedText(200)
  name: LocalizedText;

  @ApiPropertyOptional({
    ...LOCALIZED_TEXT,
    example: {
      de: 'Fragen zu Aufenthaltstitel und Visum',
      en: 'Questions about residence permits and visas',
    },
  })
  @IsOptional()
  @IsLocalizedText(2000)
  description?: LocalizedText;

  @ApiProperty({ enum: TOPIC_CODES })
  @IsIn(TOPIC_CODES)
  topic: string;

  @ApiProperty({ example: 45, minimum: 5, maximum: 480 })
  @IsInt()
  @Min(5)
  @Max(480)
  durationMinutes: number;

  @ApiProperty({ example: 30, description: 'Step between start times', minimum: 5, maximum: 480 })
  @IsInt()
  @Min(5)
  @Max(480)
  stepMinutes: number;

  @ApiProperty({ example: 10, minimum: 0, maximum: 240 })
  @IsInt()
  @Min(0)
  @Max(240)
  bufferBeforeMinutes: number;

  @ApiProperty({ example: 10, minimum: 0, maximum: 240 })
  @IsInt()
  @Min(0)
  @Max(240)
  bufferAfterMinutes: number;

  @ApiProperty({ example: 120, minimum: 0, maximum: 43200 })
  @IsInt()
  @Min(0)
  @Max(43200)
  minNoticeMinutes: number;

  @ApiProperty({ example: 42, minimum: 1, maximum: 730 })
  @IsInt()
  @Min(1)
  @Max(730)
  horizonDays: number;

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel: Channel;

  @ApiPropertyOptional({
    enum: REQUIRED_CONTACTS,
    description:
      'The contact the client must give: any channel, or a phone number. Default: phone for channel=phone, else any',
  })
  @IsOptional()
  @IsIn(REQUIRED_CONTACTS)
  requiredContact?: RequiredContact;

  @ApiPropertyOptional({
    type: 'integer',
    isArray: true,
    example: [1440, 60],
    description: 'Minutes before the start',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsInt({ each: true })
  @Min(5, { each: true })
  @Max(20160, { each: true })
  reminderOffsetsMinutes?: number[];

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Counsellors who serve this type',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  counsellorIds?: string[];

  @ApiPropertyOptional({
    example: 120,
    default: 120,
    description: 'Clients may change online until this many minutes before the start',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10080)
  changeCutoffMinutes?: number;

  @ApiPropertyOptional({
    example: 15,
    default: 15,
    description: 'The video room opens this many minutes before the start',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(240)
  joinOpensMinutesBefore?: number;

  @ApiPropertyOptional({
    example: 30,
    default: 30,
    description: 'The video room closes this many minutes after the end',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(240)
  joinClosesMinutesAfter?: number;

  @ApiPropertyOptional({ default: true, description: 'End-to-end encryption for the video call' })
  @IsOptional()
  @IsBoolean()
  e2ee?: boolean;

  @ApiPropertyOptional({
    default: false,
    description: 'Admit the client automatically once the counsellor is in the room',
  })
  @IsOptional()
  @IsBoolean()
  autoAdmit?: boolean;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateConsultationTypeDto {
  @ApiPropertyOptional(LOCALIZED_TEXT) @IsOptional() @IsLocalizedText(200) name?: LocalizedText;
  @ApiPropertyOptional(LOCALIZED_TEXT)
  @IsOptional()
  @IsLocalizedText(2000)
  description?: LocalizedText;
  @ApiPropertyOptional({ enum: TOPIC_CODES }) @IsOptional() @IsIn(TOPIC_CODES) topic?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(5) @Max(480) durationMinutes?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(5) @Max(480) stepMinutes?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(240) bufferBeforeMinutes?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(240) bufferAfterMinutes?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(43200) minNoticeMinutes?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(730) horizonDays?: number;
  @ApiPropertyOptional({ enum: CHANNELS }) @IsOptional() @IsIn(CHANNELS) channel?: Channel;
  @ApiPropertyOptional({ enum: REQUIRED_CONTACTS })
  @IsOptional()
  @IsIn(REQUIRED_CONTACTS)
  requiredContact?: RequiredContact;

  @ApiPropertyOptional({ type: 'integer', isArray: true, description: 'Minutes before the start' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsInt({ each: true })
  @Min(5, { each: true })
  @Max(20160, { each: true })
  reminderOffsetsMinutes?: number[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  counsellorIds?: string[];

  @ApiPropertyOptional({
    example: 120,
    default: 120,
    description: 'Clients may change online until this many minutes before the start',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10080)
  changeCutoffMinutes?: number;

  @ApiPropertyOptional({
    example: 15,
    default: 15,
    description: 'The video room opens this many minutes before the start',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(240)
  joinOpensMinutesBefore?: number;

  @ApiPropertyOptional({
    example: 30,
    default: 30,
    description: 'The video room closes this many minutes after the end',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(240)
  joinClosesMinutesAfter?: number;

  @ApiPropertyOptional({ default: true, description: 'End-to-end encryption for the video call' })
  @IsOptional()
  @IsBoolean()
  e2ee?: boolean;

  @ApiPropertyOptional({
    default: false,
    description: 'Admit the client automatically once the counsellor is in the room',
  })
  @IsOptional()
  @IsBoolean()
  autoAdmit?: boolean;

  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

export class CounsellorTypesDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Every consultation type the counsellor offers (replaces the earlier set)',
  })
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  consultationTypeIds: string[];
}

export class ConsultationTypeResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty(LOCALIZED_TEXT) name: LocalizedText;
  @ApiProperty(LOCALIZED_TEXT) description: LocalizedText;
  @ApiProperty() topic: string;
  @ApiProperty() durationMinutes: number;
  @ApiProperty() stepMinutes: number;
  @ApiProperty() bufferBeforeMinutes: number;
  @ApiProperty() bufferAfterMinutes: number;
  @ApiProperty() minNoticeMinutes: number;
  @ApiProperty() horizonDays: number;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ enum: REQUIRED_CONTACTS }) requiredContact: RequiredContact;
  @ApiProperty({ type: 'integer', isArray: true }) reminderOffsetsMinutes: number[];
  @ApiProperty() changeCutoffMinutes: number;
  @ApiProperty() joinOpensMinutesBefore: number;
  @ApiProperty() joinClosesMinutesAfter: number;
  @ApiProperty() e2ee: boolean;
  @ApiProperty() autoAdmit: boolean;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: [String] }) counsellorIds: string[];
}

export const toConsultationTypeResponse = (
  t: ConsultationTypeEntity,
): ConsultationTypeResponseDto => ({
  id: t.id,
  name: t.name,
  description: t.description,
  topic: t.topic,
  durationMinutes: t.durationMinutes,
  stepMinutes: t.stepMinutes,
  bufferBeforeMinutes: t.bufferBeforeMinutes,
  bufferAfterMinutes: t.bufferAfterMinutes,
  minNoticeMinutes: t.minNoticeMinutes,
  horizonDays: t.horizonDays,
  channel: t.channel,
  requiredContact: t.requiredContact,
  reminderOffsetsMinutes: t.reminderOffsetsMinutes,
  changeCutoffMinutes: t.changeCutoffMinutes,
  joinOpensMinutesBefore: t.joinOpensMinutesBefore,
  joinClosesMinutesAfter: t.joinClosesMinutesAfter,
  e2ee: t.e2ee,
  autoAdmit: t.autoAdmit,
  active: t.active,
  counsellorIds: (t.counsellors ?? []).map((c) => c.id).sort(),
});

// ---- public

export class LanguageQueryDto {
  @ApiPropertyOptional({
    example: 'ar',
    description: 'ISO 639-1; texts fall back to English, then German',
  })
  @IsOptional()
  @IsLanguageOfClient()
  language?: string;
}

export class PublicTypesQueryDto extends LanguageQueryDto {
  @ApiPropertyOptional({ enum: TOPIC_CODES })
  @IsOptional()
  @IsIn(TOPIC_CODES)
  topic?: string;
}

export class SlotQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  consultationTypeId: string;

  @ApiProperty({
    example: '2026-12-01',
    description: 'First day (YYYY-MM-DD, in timeZone) or an ISO 8601 instant with offset',
  })
  @IsDayOrInstant()
  from: string;

  @ApiProperty({
    example: '2026-12-07',
    description: 'Last day (inclusive) or an exclusive ISO 8601 instant',
  })
  @IsDayOrInstant()
  to: string;

  @ApiPropertyOptional({
    example: 'Europe/Berlin',
    description: "Zone of the answer (and of dates in from/to); default the type's office zone",
  })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({
    example: 'fa',
    description: 'Only counsellors who speak this language (ISO 639-1)',
  })
  @IsOptional()
  @IsISO6391()
  language?: string;

  @ApiPropertyOptional({ enum: TOPIC_CODES, description: 'Only counsellors who cover this topic' })
  @IsOptional()
  @IsIn(TOPIC_CODES)
  topic?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'One counsellor instead of any' })
  @IsOptional()
  @IsUUID()
  counsellorId?: string;
}

/**
 * A search for a new time of the appointment behind a manage link: its type and conversation
 * language come from the appointment, not from the query.
 */
export class RescheduleSlotQueryDto extends PickType(SlotQueryDto, [
  'from',
  'to',
  'timeZone',
  'counsellorId',
] as const) {}

export class PublicCounsellorDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: [String] }) languages: string[];
}

export class SlotDto {
  @ApiProperty({ example: '2026-12-01T09:00:00+01:00' }) start: string;
  @ApiProperty({ example: '2026-12-01T09:45:00+01:00' }) end: string;
}

export class SlotSearchResponseDto {
  @ApiProperty() timeZone: string;
  @ApiProperty({ type: [PublicCounsellorDto] }) counsellors: PublicCounsellorDto[];
  @ApiProperty({ type: [SlotDto] }) slots: SlotDto[];
}

export class PublicOfficeDto {
  @ApiProperty({ example: 'Europe/Berlin', description: "The office's IANA time zone" })
  timeZone: string;
}

export class PublicTopicDto {
  @ApiProperty({ enum: TOPIC_CODES }) code: string;
  @ApiProperty() name: string;
}

export class PublicConsultationTypeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: PublicTopicDto }) topic: PublicTopicDto;
  @ApiProperty() durationMinutes: number;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({
    enum: ['email', 'phone'],
    isArray: true,
    description:
      'The contact channels a client may give for this type: what the type needs (a phone consultation: a number to call) and what the office can send to (SMS only with an SMS gateway)',
  })
  contactChannels: ('email' | 'phone')[];
}

export class HolidayDto {
  @ApiProperty({ example: '2026-10-03' }) date: string;
  @ApiProperty({ example: 'Tag der Deutschen Einheit' }) name: string;
  @ApiProperty() open: boolean;
}

export class YearQueryDto {
  @ApiProperty({ example: 2026 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

export class DateParamDto {
  @ApiProperty({ format: 'date', example: '2026-12-25' })
  @IsDay()
  date: string;
}
