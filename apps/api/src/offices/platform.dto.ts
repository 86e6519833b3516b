import { BadRequestException } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsISO6391,
  IsObject,
  IsOptional,
  IsString,
  IsTimeZone,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  OFFICE_KINDS,
  OFFICE_SLUG_PATTERN,
  OFFICE_STATUSES,
  type OfficeKind,
  type OfficeChanges,
  type OfficeFields,
  type OfficeStatus,
  type OfficeText,
  type OfficeWithCounts,
} from '@app/offices';
import { TOPIC_CODES } from '@app/roster';
import { IsLocalizedText } from '../roster/roster.dto.js';
import { PASSWORD_MIN_LENGTH } from '../staff/staff.dto.js';

const LOCALIZED_TEXT_SCHEMA = {
  type: 'object',
  additionalProperties: { type: 'string' },
} as const;

/** An office's name in German is required: its language towards authorities. */
function HasGerman(): PropertyDecorator {
  return ValidateBy({
    name: 'hasGerman',
    validator: {
      validate: (value: unknown) => typeof value === 'object' && value !== null && 'de' in value,
      defaultMessage: (args) => `${args?.property ?? 'value'} needs a German text (de)`,
    },
  });
}

/** Optional texts may be cleared with null; then the column holds null. */
const nullable = (_: object, value: unknown) => value !== null;

/** An office's fields as the platform admin writes them (the same on create; all optional on edit). */
export class OfficeFieldsDto {
  @ApiProperty({
    example: 'mbe-neukoelln',
    description:
      'Lower-case words joined by hyphens, 2–40 characters: the office in links, /o/<slug>',
  })
  @IsString()
  @MinLength(2)
  @MaxLength(40)
  @Matches(OFFICE_SLUG_PATTERN, { message: 'slug must be lower-case words joined by hyphens' })
  slug: string;

  @ApiProperty({
    ...LOCALIZED_TEXT_SCHEMA,
    example: { de: 'Migrationsberatung Neukölln', en: 'Migration counselling Neukölln' },
    description: 'German required',
  })
  @IsLocalizedText(200)
  @HasGerman()
  name: OfficeText;

  @ApiPropertyOptional({ ...LOCALIZED_TEXT_SCHEMA, example: { de: 'Beratung für Erwachsene' } })
  @IsOptional()
  @IsLocalizedText(1000)
  description?: OfficeText;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Neukölln' })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(120)
  district?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'Karl-Marx-Straße 1, 12043 Berlin',
    description: 'None for offices that counsel remotely only',
  })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(300)
  address?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'beratung@example.org' })
  @IsOptional()
  @ValidateIf(nullable)
  @IsEmail()
  @MaxLength(254)
  contactEmail?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+49 30 1234567' })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(40)
  contactPhone?: string | null;

  @ApiProperty({ example: 'Europe/Berlin' })
  @IsTimeZone()
  timeZone: string;

  @ApiProperty({ example: 'DE-BE', description: 'Public-holiday region (date-holidays)' })
  @Matches(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, { message: 'holidayRegion must look like DE or DE-BE' })
  holidayRegion: string;

  @ApiProperty({
    example: 'DE',
    description: 'ISO 3166-1 alpha-2: how national phone numbers are read',
  })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code' })
  country: string;

  @ApiProperty({ example: ['ar', 'tr', 'de'], description: 'ISO 639-1 codes' })
  @IsArray()
  @ArrayMaxSize(40)
  @IsISO6391({ each: true })
  languages: string[];

  @ApiProperty({ example: ['family', 'housing'], enum: TOPIC_CODES, isArray: true })
  @IsArray()
  @ArrayMaxSize(20)
  @IsIn(TOPIC_CODES, { each: true })
  topics: string[];

  @ApiProperty({ example: 'Beispiel e. V., Musterstraße 1, 10115 Berlin' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  privacyController: string;

  @ApiProperty({ example: 'datenschutz@example.org' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  privacyContact: string;

  @ApiProperty({
    example: 30,
    description: 'Days after an appointment at which client data is erased',
  })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  retentionDays: number;
}

export class FirstAdminDto {
  @ApiProperty({ example: 'leitung@mbe-neukoelln.example' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Selin Kaya' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  displayName: string;

  @ApiProperty({
    minLength: PASSWORD_MIN_LENGTH,
    example: 'a long passphrase of words',
    description: 'The initial password; the admin changes it after the first login',
  })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(256)
  password: string;
}

export class CreateOfficeDto extends OfficeFieldsDto {
  @ApiPropertyOptional({
    enum: OFFICE_KINDS,
    default: 'office',
    description:
      'interpreter_pool: holds only interpreters, which the offices that choose the pool may book; never shown to clients. Fixed once created.',
  })
  @IsOptional()
  @IsIn(OFFICE_KINDS)
  kind?: OfficeKind;

  @ApiProperty({ type: FirstAdminDto, description: "The office's first office admin" })
  @IsObject()
  @ValidateNested()
  @Type(() => FirstAdminDto)
  firstAdmin: FirstAdminDto;
}

/** Any of the fields; those the office cannot be without are refused as null (see toOfficeChanges). */
export class UpdateOfficeDto extends PartialType(OfficeFieldsDto) {
  @ApiPropertyOptional({
    enum: OFFICE_STATUSES,
    description: 'suspended: hidden from clients at once, all data kept',
  })
  @IsOptional()
  @IsIn(OFFICE_STATUSES)
  status?: OfficeStatus;
}

export class PlatformOfficeResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'mbe-neukoelln' })
  slug: string;

  @ApiProperty({ ...LOCALIZED_TEXT_SCHEMA, example: { de: 'Migrationsberatung Neukölln' } })
  name: OfficeText;

  @ApiProperty({ ...LOCALIZED_TEXT_SCHEMA, example: { de: 'Beratung für Erwachsene' } })
  description: OfficeText;

  @ApiProperty({ type: String, nullable: true, example: 'Neukölln' })
  district: string | null;

  @ApiProperty({ type: String, nullable: true })
  address: string | null;

  @ApiProperty({ type: String, nullable: true })
  contactEmail: string | null;

  @ApiProperty({ type: String, nullable: true })
  contactPhone: string | null;

  @ApiProperty({ example: 'Europe/Berlin' })
  timeZone: string;

  @ApiProperty({ example: 'DE-BE' })
  holidayRegion: string;

  @ApiProperty({ example: 'DE' })
  country: string;

  @ApiProperty({ type: [String], example: ['ar', 'tr', 'de'] })
  languages: string[];

  @ApiProperty({ enum: TOPIC_CODES, isArray: true })
  topics: string[];

  @ApiProperty()
  privacyController: string;

  @ApiProperty()
  privacyContact: string;

  @ApiProperty({ example: 30 })
  retentionDays: number;

  @ApiProperty({ enum: OFFICE_STATUSES })
  status: OfficeStatus;

  @ApiProperty({
    enum: OFFICE_KINDS,
    description: 'interpreter_pool: interpreters lent to the offices that chose it',
  })
  kind: OfficeKind;

  @ApiProperty({ example: 3, description: 'Active counsellors (in a pool: interpreters)' })
  counsellors: number;

  @ApiProperty({ example: 12, description: 'Confirmed appointments that have not started yet' })
  appointmentsAhead: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class CreatedOfficeResponseDto {
  @ApiProperty({ type: PlatformOfficeResponseDto })
  office: PlatformOfficeResponseDto;

  @ApiProperty({ format: 'uuid', description: "The first office admin's staff account" })
  firstAdminId: string;
}

/** The database answered (or this would be a 500); the queue backend is checked with a timeout. */
export class PlatformHealthResponseDto {
  @ApiProperty({ enum: ['up', 'down'], description: 'The queue backend (Redis)' })
  queue: 'up' | 'down';

  @ApiProperty({ example: 3 })
  activeOffices: number;

  @ApiProperty({ example: 1 })
  suspendedOffices: number;
}

export function toOfficeFields(dto: OfficeFieldsDto & { kind?: OfficeKind }): OfficeFields {
  return {
    ...(dto.kind !== undefined && { kind: dto.kind }),
    slug: dto.slug,
    name: dto.name,
    description: dto.description ?? {},
    district: dto.district ?? null,
    address: dto.address ?? null,
    contactEmail: dto.contactEmail ?? null,
    contactPhone: dto.contactPhone ?? null,
    timeZone: dto.timeZone,
    holidayRegion: dto.holidayRegion,
    country: dto.country,
    languages: dto.languages,
    topics: dto.topics,
    privacyController: dto.privacyController,
    privacyContact: dto.privacyContact,
    retentionDays: dto.retentionDays,
  };
}

/** Fields an office always has: PartialType lets null through them, so it is refused here. */
const REQUIRED_FIELDS = [
  'slug',
  'name',
  'description',
  'timeZone',
  'holidayRegion',
  'country',
  'languages',
  'topics',
  'privacyController',
  'privacyContact',
  'retentionDays',
  'status',
] as const;

/** The changes an update asks for (absent fields stay as they are). */
export function toOfficeChanges(dto: UpdateOfficeDto): OfficeChanges {
  const nulls = REQUIRED_FIELDS.filter((field) => dto[field] === null);
  if (nulls.length > 0) {
    throw new BadRequestException({
      code: 'validation_failed',
      message: `${nulls.join(', ')} cannot be null`,
      details: nulls.map((field) => ({ field, messages: [`${field} cannot be null`] })),
    });
  }
  // Only the DTO's own fields reach here (the validation pipe refuses unknown ones).
  const changes: OfficeChanges = Object.fromEntries(
    Object.entries(dto).filter(([, value]) => value !== undefined),
  );
  return changes;
}

export function toPlatformOffice({
  office,
  counsellors,
  appointmentsAhead,
}: OfficeWithCounts): PlatformOfficeResponseDto {
  return {
    id: office.id,
    slug: office.slug,
    name: office.name,
    description: office.description,
    district: office.district,
    address: office.address,
    contactEmail: office.contactEmail,
    contactPhone: office.contactPhone,
    timeZone: office.timeZone,
    holidayRegion: office.holidayRegion,
    country: office.country,
    languages: office.languages,
    topics: office.topics,
    privacyController: office.privacyController,
    privacyContact: office.privacyContact,
    retentionDays: office.retentionDays,
    status: office.status,
    kind: office.kind,
    counsellors,
    appointmentsAhead,
    createdAt: office.createdAt.toISOString(),
  };
}
