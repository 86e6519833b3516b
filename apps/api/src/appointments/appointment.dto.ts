import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import type { Type as Class } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsISO6391,
  IsIn,
  IsInt,
  IsObject,
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
  ValidateNested,
  isEmail,
} from 'class-validator';
import { IsLanguageOfClient, IsDay, IsInstant, IsSpokenLanguage } from '@app/common';
import { DateTime } from 'luxon';
import {
  CONTACT_CHANNELS,
  joinWindowOf,
  type AppointmentEntity,
  type ContactChannel,
} from '@app/appointments';
import { officePrivacyPath, type OfficeEntity } from '@app/offices';
import { CHANNELS, localize } from '@app/roster';
import { PublicOfficeContactDto, PublicOfficePrivacyDto } from '../offices/offices.dto.js';
import { RescheduleSlotQueryDto } from '../roster/roster.dto.js';

/** Digits with the usual separators, optionally after a +: 0176 1234 5678, +49 (30) 123-4567. */
const PHONE_SHAPE = /^\+?[0-9][0-9 ()./-]{4,30}$/;

export class ContactDto {
  @ApiProperty({ enum: CONTACT_CHANNELS })
  @IsIn(CONTACT_CHANNELS)
  channel: ContactChannel;

  @ApiProperty({
    example: 'mariam@example.org',
    description:
      'An email address, or a phone number: international (+49 176 12345678) or national in the office’s country (0176 12345678), stored in international form',
  })
  @IsString()
  @MaxLength(254)
  @ValidateBy({
    name: 'isContactValue',
    validator: {
      validate: (value: unknown, args) => {
        const channel = (args?.object as ContactDto | undefined)?.channel;
        if (typeof value !== 'string') return false;
        // A phone number's shape only: whether it is a number of the office's country is decided
        // by the booking service, which knows the office's country.
        return channel === 'phone' ? PHONE_SHAPE.test(value.trim()) : isEmail(value);
      },
      defaultMessage: (args) =>
        (args?.object as ContactDto | undefined)?.channel === 'phone'
          ? 'value must be a phone number, e.g. +49 30 1234567'
          : 'value must be an email address',
    },
  })
  value: string;
}

export class BookAppointmentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  consultationTypeId: string;

  @ApiProperty({ example: '2026-12-01T09:00:00+01:00' })
  @IsInstant()
  start: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A chosen counsellor; otherwise one is assigned fairly',
  })
  @IsOptional()
  @IsUUID()
  counsellorId?: string;

  @ApiPropertyOptional({
    example: 'ar',
    description: 'Only counsellors who speak this language (ISO 639-1)',
  })
  @IsOptional()
  @IsISO6391()
  counsellorLanguage?: string;

  @ApiProperty({ example: 'Mariam', description: 'A first name or nickname is enough' })
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  @Matches(/\S/, { message: 'pseudonym must not be blank' })
  pseudonym: string;

  @ApiProperty({
    example: 'ar',
    description:
      "The client's language: messages in it where we have texts (a client language: de, en, …, prs, de-x-ls), else along its fallback to English; any ISO 639-1 code is taken",
  })
  @IsLanguageOfClient()
  language: string;

  @ApiPropertyOptional({ example: 'Europe/Berlin', default: 'Europe/Berlin' })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;

  @ApiProperty({ type: ContactDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ContactDto)
  contact: ContactDto;

  @ApiPropertyOptional({ maxLength: 500, description: 'A short note for the counsellor' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  needsInterpreter?: boolean;

  @ApiPropertyOptional({
    example: 'ti',
    description:
      'Book an interpreter for this language (BCP 47 tag: ISO 639-1, else ISO 639-3 such as prs, kmr, gsg) together with the counsellor; the start must be a slot of a search with the same interpreterLanguage. 422 interpreter_language_unavailable when the office has no interpreter for it; 409 interpreter_taken when the last one was booked meanwhile',
  })
  @IsOptional()
  @IsSpokenLanguage()
  interpreterLanguage?: string;
}

export class RescheduleDto {
  @ApiProperty({ example: '2026-12-02T10:00:00+01:00' })
  @IsInstant()
  start: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  counsellorId?: string;
}

const STATUSES = ['confirmed', 'cancelled', 'completed', 'no_show'];

export class AppointmentTypeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'In the language asked for (or a fallback)' }) name: string;
  @ApiProperty({ enum: CHANNELS }) channel: string;
}

export class ClientAppointmentTypeDto extends AppointmentTypeDto {
  @ApiProperty() durationMinutes: number;
}

export class ClientCounsellorDto {
  @ApiProperty() displayName: string;
}

export class StaffCounsellorDto extends ClientCounsellorDto {
  @ApiProperty({ format: 'uuid' }) id: string;
}

/** The interpreter booked with an appointment, as clients see them. */
export class ClientInterpreterDto {
  @ApiProperty({ example: 'ti', description: 'The language interpreted (BCP 47 tag)' })
  language: string;
  @ApiProperty({ description: 'The interpreter’s display name, as shown in the call' })
  name: string;
}

/** The interpreter booked with an appointment, as staff see them. */
export class StaffInterpreterDto extends ClientInterpreterDto {
  @ApiProperty({ format: 'uuid', description: 'The interpreter’s roster id' }) id: string;
}

/**
 * A nullable reference to a schema: OpenAPI 3.0's `nullable` does not reach through a $ref (nor
 * an allOf around it), so null is one of two alternatives.
 */
const nullableRef = (model: Class<unknown>) => ({
  oneOf: [
    { $ref: getSchemaPath(model) },
    { type: 'object' as const, nullable: true, enum: [null] },
  ],
});

export class ContactViewDto {
  @ApiProperty({ enum: CONTACT_CHANNELS }) channel: string;
  @ApiProperty() value: string;
}

/** The office the appointment is with: its own organisation and data controller. */
export class AppointmentOfficeDto {
  @ApiProperty({ example: 'willkommenszentrum', description: 'The office in links: /o/<slug>' })
  slug: string;

  @ApiProperty({ example: 'Willkommenszentrum', description: 'In the client’s language' })
  name: string;

  @ApiProperty({ type: PublicOfficeContactDto })
  contact: PublicOfficeContactDto;

  @ApiProperty({ type: PublicOfficePrivacyDto })
  privacy: PublicOfficePrivacyDto;

  @ApiProperty({
    example: '/o/willkommenszentrum/privacy',
    description: 'The path of the office’s privacy notice in the web app',
  })
  privacyNotice: string;
}

export class ClientAppointmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: STATUSES }) status: string;
  @ApiProperty({ example: '2026-12-01T09:00:00+01:00', description: 'In the client’s time zone' })
  start: string;
  @ApiProperty() end: string;
  @ApiProperty() timeZone: string;
  @ApiProperty({ type: ClientAppointmentTypeDto }) consultationType: {
    id: string;
    name: string;
    channel: string;
    durationMinutes: number;
  };
  @ApiProperty({ type: ClientCounsellorDto }) counsellor: { displayName: string };
  @ApiProperty({ type: AppointmentOfficeDto }) office: AppointmentOfficeDto;
  @ApiProperty() pseudonym: string;
  @ApiProperty() language: string;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'ar',
    description:
      'The conversation language asked for at booking (only counsellors who speak it); a reschedule keeps it, so a slot search for a new time passes it as `language`',
  })
  counsellorLanguage: string | null;
  @ApiProperty({ type: ContactViewDto }) contact: { channel: string; value: string };
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty() needsInterpreter: boolean;
  @ApiProperty({
    ...nullableRef(ClientInterpreterDto),
    description:
      'The interpreter booked with the counsellor; a reschedule keeps the language (and the interpreter when free)',
  })
  interpreter: ClientInterpreterDto | null;
  @ApiProperty({
    description:
      'Whether the office’s messages (confirmation, reminders, changes) reach the contact: false for a phone number while no SMS gateway is set up, so the client must keep the manage link themselves',
  })
  messagesReachContact: boolean;
  @ApiProperty({ description: 'Whether it can still be rescheduled or cancelled online' })
  canChange: boolean;
  @ApiProperty({ description: 'Until when online changes are possible' }) changeableUntil: string;
  @ApiProperty({ description: 'From when the video call can be joined (the type’s join window)' })
  joinOpensAt: string;
}

export class BookingResponseDto {
  @ApiProperty({ type: ClientAppointmentDto }) appointment: ClientAppointmentDto;
  @ApiProperty({
    description: 'Shown once: the key of the manage link. Send it as X-Manage-Token.',
  })
  manageToken: string;
}

export class StaffAppointmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: STATUSES }) status: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Recorded with the outcome (0–20)' })
  accompanyingFamilyMembers: number | null;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ type: AppointmentTypeDto }) consultationType: {
    id: string;
    name: string;
    channel: string;
  };
  @ApiProperty({ type: StaffCounsellorDto }) counsellor: { id: string; displayName: string };
  @ApiProperty({ nullable: true, type: String }) pseudonym: string | null;
  @ApiProperty({
    nullable: true,
    enum: ['confirmed', 'late'],
    description: 'The client answered a message: "I will come" or "I am running late"',
  })
  clientResponse: 'confirmed' | 'late' | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  clientResponseAt: string | null;
  @ApiProperty() language: string;
  @ApiProperty() clientTimeZone: string;
  @ApiProperty({ type: ContactViewDto, nullable: true }) contact: {
    channel: string;
    value: string;
  } | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty() needsInterpreter: boolean;
  @ApiProperty({
    ...nullableRef(StaffInterpreterDto),
    description: 'The interpreter booked with the counsellor',
  })
  interpreter: StaffInterpreterDto | null;
  @ApiProperty() version: number;
  @ApiProperty({
    description: 'The video join window of the consultation type: from (start − opens before) …',
  })
  joinOpensAt: string;
  @ApiProperty({ description: '… to (end + closes after)' })
  joinClosesAt: string;
}

export class StaffListQueryDto {
  @ApiProperty({
    example: '2026-12-01',
    description: "First day, in the office's time zone (OFFICE_TIME_ZONE)",
  })
  @IsDay()
  from: string;

  @ApiProperty({ example: '2026-12-07', description: 'Last day, inclusive; at most 62 days' })
  @IsDay()
  to: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Admins: one counsellor only' })
  @IsOptional()
  @IsUUID()
  counsellorId?: string;
}

export class OutcomeDto {
  @ApiProperty({ enum: ['completed', 'no_show'] })
  @IsIn(['completed', 'no_show'])
  outcome: 'completed' | 'no_show';

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 20,
    nullable: true,
    example: 2,
    description: 'Family members counselled with the client (anonymous statistics)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(20)
  accompanyingFamilyMembers?: number | null;
}

export class ReassignDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  counsellorId: string;
}

export class StaffCancelDto {
  @ApiProperty({ example: 'Counsellor ill; client informed by phone', maxLength: 500 })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason: string;
}

export class AuditEventDto {
  @ApiProperty() id: string;
  @ApiProperty() occurredAt: string;
  @ApiProperty() actorType: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty() action: string;
  @ApiProperty({ nullable: true, type: String }) appointmentId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) changes: Record<string, unknown>;
}

export class AuditQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  appointmentId?: string;
}

export function toAppointmentOffice(office: OfficeEntity, language: string): AppointmentOfficeDto {
  return {
    slug: office.slug,
    name: localize(office.name, language),
    contact: { email: office.contactEmail, phone: office.contactPhone },
    privacy: {
      controller: office.privacyController,
      contact: office.privacyContact,
      retentionDays: office.retentionDays,
    },
    privacyNotice: officePrivacyPath(office.slug),
  };
}

export function toClientAppointment(
  a: AppointmentEntity,
  office: OfficeEntity,
  canChange: boolean,
  messagesReachContact: boolean,
): ClientAppointmentDto {
  const zone = a.clientTimeZone;
  const format = (date: Date) =>
    DateTime.fromJSDate(date, { zone }).toISO({ suppressMilliseconds: true }) ?? '';
  const type = a.consultationType;
  const cutoff = new Date(a.startsAt.getTime() - (type?.changeCutoffMinutes ?? 0) * 60_000);
  return {
    id: a.id,
    status: a.status,
    start: format(a.startsAt),
    end: format(a.endsAt),
    timeZone: zone,
    consultationType: {
      id: a.consultationTypeId,
      name: type ? localize(type.name, a.clientLanguage) : '',
      channel: type?.channel ?? 'video',
      durationMinutes: type?.durationMinutes ?? 0,
    },
    counsellor: { displayName: a.counsellor?.displayName ?? '' },
    office: toAppointmentOffice(office, a.clientLanguage),
    pseudonym: a.clientPseudonym ?? '',
    language: a.clientLanguage,
    counsellorLanguage: a.requestedLanguage,
    contact: { channel: a.contactChannel ?? 'email', value: a.contactValue ?? '' },
    note: a.clientNote,
    needsInterpreter: a.needsInterpreter,
    interpreter:
      a.interpreterId && a.interpreterLanguage
        ? { language: a.interpreterLanguage, name: a.interpreter?.displayName ?? '' }
        : null,
    messagesReachContact,
    canChange,
    changeableUntil: format(cutoff),
    joinOpensAt: format(joinWindowOf(a).opensAt),
  };
}

export function toStaffAppointment(a: AppointmentEntity): StaffAppointmentDto {
  return {
    id: a.id,
    status: a.status,
    accompanyingFamilyMembers: a.accompanyingFamilyMembers,
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    consultationType: {
      id: a.consultationTypeId,
      name: a.consultationType ? localize(a.consultationType.name, 'de') : '',
      channel: a.consultationType?.channel ?? 'video',
    },
    counsellor: { id: a.counsellorId, displayName: a.counsellor?.displayName ?? '' },
    pseudonym: a.clientPseudonym,
    clientResponse: a.clientResponse,
    clientResponseAt: a.clientResponseAt?.toISOString() ?? null,
    language: a.clientLanguage,
    clientTimeZone: a.clientTimeZone,
    contact:
      a.contactChannel && a.contactValue
        ? { channel: a.contactChannel, value: a.contactValue }
        : null,
    note: a.clientNote,
    needsInterpreter: a.needsInterpreter,
    interpreter:
      a.interpreterId && a.interpreterLanguage
        ? {
            id: a.interpreterId,
            name: a.interpreter?.displayName ?? '',
            language: a.interpreterLanguage,
          }
        : null,
    version: a.version,
    joinOpensAt: joinWindowOf(a).opensAt.toISOString(),
    joinClosesAt: joinWindowOf(a).closesAt.toISOString(),
  };
}

/** The manage link's search for a new time: the reschedule's query, and an interpreter language. */
export class ManageSlotQueryDto extends RescheduleSlotQueryDto {
  @ApiPropertyOptional({
    example: 'ti',
    description:
      'Only times when an interpreter for this language is free too. An appointment booked with an interpreter always searches with its own language (a reschedule keeps it), whatever is given here',
  })
  @IsOptional()
  @IsSpokenLanguage()
  interpreterLanguage?: string;
}
