import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
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
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { IsDay, IsInstant, IsSpokenLanguage } from '@app/common';
import {
  CHANNELS,
  formatTimeOfDay,
  parseTimeOfDay,
  TIME_OF_DAY,
  TOPIC_CODES,
  type Channel,
  type LocalizedText,
} from '@app/roster';
import type { Weekday } from '@app/scheduling';
import {
  ticketLabel,
  TICKET_STATUSES,
  type ConsoleView,
  type TicketStatus,
  type TicketView,
  type WalkInExceptionEntity,
  type WalkInHourEntity,
  type WalkInHourFields,
  type WalkInRuleEntity,
  type Occurrence,
  type StatisticsGroup,
  type WalkInStatistics,
} from '@app/walk-in';
import { publishCount, SUPPRESSION_THRESHOLD, type Count } from '@app/reports';
import { ContactDto } from '../appointments/appointment.dto.js';
import { COUNT } from '../reports/reports.dto.js';
import { IsLocalizedText } from '../roster/roster.dto.js';

const TIME_MESSAGE = { message: '$property must be a local time HH:MM between 00:00 and 24:00' };
const LOCALIZED = {
  type: 'object',
  additionalProperties: { type: 'string' },
} as const;

// ---- walk-in hours (admins)

export class WalkInRuleDto {
  @ApiProperty({ minimum: 1, maximum: 7, description: 'ISO weekday, 1 = Monday' })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday: number;

  @ApiProperty({ example: '10:00', description: "Local time in the office's zone" })
  @Matches(TIME_OF_DAY, TIME_MESSAGE)
  start: string;

  @ApiProperty({ example: '12:00', description: 'Local time; 24:00 for midnight' })
  @Matches(TIME_OF_DAY, TIME_MESSAGE)
  end: string;

  @ApiPropertyOptional({ type: String, format: 'date', example: '2026-12-01', nullable: true })
  @IsOptional()
  @IsDay()
  validFrom?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', example: '2027-06-30', nullable: true })
  @IsOptional()
  @IsDay()
  validUntil?: string | null;
}

export class WalkInHourDto {
  @ApiProperty({
    ...LOCALIZED,
    example: { de: 'Offene Sprechstunde', en: 'Open consultation hour' },
  })
  @IsLocalizedText(200)
  @ValidateBy({
    name: 'hasGerman',
    validator: {
      validate: (value: unknown) =>
        typeof (value as Record<string, unknown> | null)?.de === 'string',
      defaultMessage: () => 'name needs a German text (de)',
    },
  })
  name: LocalizedText;

  @ApiPropertyOptional({
    ...LOCALIZED,
    example: { de: 'Ohne Termin: Fragen zu Aufenthalt und Arbeit', en: 'No appointment needed' },
  })
  @IsOptional()
  @IsLocalizedText(1000)
  description?: LocalizedText;

  @ApiProperty({ enum: TOPIC_CODES, isArray: true, description: 'Empty: any topic' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsIn(TOPIC_CODES, { each: true })
  topics: string[];

  @ApiProperty({ example: ['de', 'ar', 'fa'], description: 'ISO 639-1 codes, at least one' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @IsISO6391({ each: true })
  languages: string[];

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel: Channel;

  @ApiPropertyOptional({ example: 'A', default: 'A', description: 'Before the ticket numbers' })
  @IsOptional()
  @Matches(/^[A-Z]{1,2}$/, { message: 'prefix must be one or two capital letters' })
  prefix?: string;

  @ApiPropertyOptional({ default: 10, minimum: 0, maximum: 240 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(240)
  closeMarginMinutes?: number;

  @ApiPropertyOptional({ default: 40, minimum: 1, maximum: 5000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5000)
  maxQueue?: number;

  @ApiPropertyOptional({ default: 3, minimum: 1, maximum: 30 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30)
  graceMinutes?: number;

  @ApiPropertyOptional({ default: 15, minimum: 1, maximum: 240 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(240)
  defaultHandlingMinutes?: number;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiProperty({ type: [WalkInRuleDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => WalkInRuleDto)
  rules: WalkInRuleDto[];
}

export class WalkInExceptionDto {
  @ApiProperty({ example: '2026-12-24' })
  @IsDay()
  date: string;

  @ApiPropertyOptional({
    example: '10:00',
    description: 'With end: extra hours. Without: cancelled',
  })
  @IsOptional()
  @Matches(TIME_OF_DAY, TIME_MESSAGE)
  start?: string;

  @ApiPropertyOptional({ example: '12:00' })
  @IsOptional()
  @Matches(TIME_OF_DAY, TIME_MESSAGE)
  end?: string;
}

export class WalkInRuleResponseDto {
  @ApiProperty() weekday: number;
  @ApiProperty() start: string;
  @ApiProperty() end: string;
  @ApiProperty({ type: String, nullable: true }) validFrom: string | null;
  @ApiProperty({ type: String, nullable: true }) validUntil: string | null;
}

export class WalkInExceptionResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() date: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null: the date is cancelled' })
  start: string | null;
  @ApiProperty({ type: String, nullable: true }) end: string | null;
}

export class OccurrenceDto {
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
}

export class WalkInHourResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty(LOCALIZED) name: LocalizedText;
  @ApiProperty(LOCALIZED) description: LocalizedText;
  @ApiProperty({ type: [String] }) topics: string[];
  @ApiProperty({ type: [String] }) languages: string[];
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty() prefix: string;
  @ApiProperty() closeMarginMinutes: number;
  @ApiProperty() maxQueue: number;
  @ApiProperty() graceMinutes: number;
  @ApiProperty() defaultHandlingMinutes: number;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: [WalkInRuleResponseDto] }) rules: WalkInRuleResponseDto[];
  @ApiProperty({ type: [WalkInExceptionResponseDto], description: 'From today on' })
  exceptions: WalkInExceptionResponseDto[];
}

export function toHourFields(dto: WalkInHourDto): WalkInHourFields {
  return {
    name: dto.name,
    description: dto.description ?? {},
    topics: dto.topics,
    languages: [...new Set(dto.languages)],
    channel: dto.channel,
    prefix: dto.prefix ?? 'A',
    closeMarginMinutes: dto.closeMarginMinutes ?? 10,
    maxQueue: dto.maxQueue ?? 40,
    graceMinutes: dto.graceMinutes ?? 3,
    defaultHandlingMinutes: dto.defaultHandlingMinutes ?? 15,
    active: dto.active ?? true,
    rules: dto.rules.map((rule) => ({
      weekday: rule.weekday as Weekday,
      startMinute: parseTimeOfDay(rule.start),
      endMinute: parseTimeOfDay(rule.end),
      validFrom: rule.validFrom ?? null,
      validUntil: rule.validUntil ?? null,
    })),
  };
}

export function toHourResponse(
  hour: WalkInHourEntity,
  rules: WalkInRuleEntity[],
  exceptions: WalkInExceptionEntity[],
): WalkInHourResponseDto {
  return {
    id: hour.id,
    name: hour.name,
    description: hour.description,
    topics: hour.topics,
    languages: hour.languages,
    channel: hour.channel,
    prefix: hour.prefix,
    closeMarginMinutes: hour.closeMarginMinutes,
    maxQueue: hour.maxQueue,
    graceMinutes: hour.graceMinutes,
    defaultHandlingMinutes: hour.defaultHandlingMinutes,
    active: hour.active,
    rules: rules.map((rule) => ({
      weekday: rule.weekday,
      start: formatTimeOfDay(rule.startMinute),
      end: formatTimeOfDay(rule.endMinute),
      validFrom: rule.validFrom,
      validUntil: rule.validUntil,
    })),
    exceptions: exceptions.map(toExceptionResponse),
  };
}

export function toExceptionResponse(e: WalkInExceptionEntity): WalkInExceptionResponseDto {
  return {
    id: e.id,
    date: e.date,
    start: e.startMinute === null ? null : formatTimeOfDay(e.startMinute),
    end: e.endMinute === null ? null : formatTimeOfDay(e.endMinute),
  };
}

export function toOccurrence(o: Occurrence | null): OccurrenceDto | null {
  return o && { startsAt: o.startsAt.toISOString(), endsAt: o.endsAt.toISOString() };
}

// ---- clients

export class WalkInListQueryDto {
  @ApiPropertyOptional({ description: "An office's slug", example: 'willkommenszentrum' })
  @IsOptional()
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'office must be an office slug' })
  @MaxLength(40)
  office?: string;
}

export class PublicWalkInHourDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() officeSlug: string;
  @ApiProperty(LOCALIZED) officeName: LocalizedText;
  @ApiProperty(LOCALIZED) name: LocalizedText;
  @ApiProperty(LOCALIZED) description: LocalizedText;
  @ApiProperty({ type: [String] }) topics: string[];
  @ApiProperty({ type: [String] }) languages: string[];
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ type: OccurrenceDto, nullable: true, description: 'Taking numbers now' })
  open: OccurrenceDto | null;
  @ApiProperty({ type: OccurrenceDto, nullable: true }) next: OccurrenceDto | null;
  @ApiProperty({ description: 'Waiting now (0 when closed)' }) waiting: number;
  @ApiProperty({
    type: [String],
    example: ['gsg', 'ti'],
    description:
      'Interpreter languages on duty in the open session (else the next one), sorted: a client may ask for one',
  })
  interpreterLanguages: string[];
}

export class TakeNumberDto {
  // The language of the conversation (one of the hour's) and of the ticket's messages: a spoken
  // language (prs, kmr, …), its messages in English where we have no texts in it.
  @ApiProperty({
    example: 'fa',
    description: 'A language of the walk-in hour (ISO 639-1 or 639-3)',
  })
  @IsSpokenLanguage()
  language: string;

  @ApiPropertyOptional({ enum: TOPIC_CODES })
  @IsOptional()
  @IsIn(TOPIC_CODES)
  topic?: string;

  @ApiProperty({ example: 'Sara', maxLength: 60 })
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  @Matches(/\S/, { message: 'pseudonym must not be blank' })
  pseudonym: string;

  @ApiPropertyOptional({ type: ContactDto, description: 'To be told when it is nearly your turn' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ContactDto)
  contact?: ContactDto;

  @ApiProperty({ description: 'The client agreed to the privacy notice', example: true })
  @Equals(true, { message: 'privacyAccepted must be true: please agree to the privacy notice' })
  privacyAccepted: boolean;

  @ApiPropertyOptional({
    example: 'ti',
    description:
      'An interpreter for this language joins the call: one of the hour’s interpreterLanguages (else 422 interpreter_language_unavailable)',
  })
  @IsOptional()
  @IsSpokenLanguage()
  interpreterLanguage?: string;
}

export class EstimateDto {
  @ApiProperty() minMinutes: number;
  @ApiProperty() maxMinutes: number;
}

export class TicketViewDto {
  @ApiProperty({ example: 'A-023' }) label: string;
  @ApiProperty({ enum: TICKET_STATUSES }) status: TicketStatus;
  @ApiProperty({ type: Number, nullable: true, description: 'While waiting: 1 = next' })
  place: number | null;
  @ApiProperty({
    type: EstimateDto,
    nullable: true,
    description: 'The wait as a range; null while nobody on duty speaks the language',
  })
  estimate: EstimateDto | null;
  @ApiProperty() counsellorsOnDuty: number;
  @ApiProperty({ type: String, nullable: true }) calledAt: string | null;
  @ApiProperty() canRejoin: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  followUpAppointmentId: string | null;
  @ApiProperty() sessionEndsAt: string;
  @ApiProperty({ type: String, nullable: true, description: 'The interpreter language asked for' })
  interpreterLanguage: string | null;
  @ApiProperty({ description: 'Called with an interpreter: they join the call too' })
  interpreterJoins: boolean;
}

export class TicketDto extends TicketViewDto {
  @ApiProperty({ format: 'uuid' }) hourId: string;
  @ApiProperty(LOCALIZED) hourName: LocalizedText;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty() officeSlug: string;
  @ApiProperty() language: string;
}

export class TakenTicketDto {
  @ApiProperty({
    description:
      'The ticket token: shown once, stored only hashed. The ticket link carries it in the URL fragment',
  })
  ticketToken: string;
  @ApiProperty({ type: TicketDto }) ticket: TicketDto;
}

export class StreamCredentialDto {
  @ApiProperty({ description: 'For GET /api/public/walk-in/ticket/events?credential=…' })
  credential: string;
  @ApiProperty() expiresAt: string;
}

export class StreamQueryDto {
  @ApiProperty()
  @IsString()
  @MaxLength(500)
  credential: string;
}

export class CallJoinDto {
  @ApiProperty({ enum: ['video', 'phone'] }) kind: 'video' | 'phone';
  @ApiPropertyOptional() url?: string;
  @ApiPropertyOptional() room?: string;
  @ApiPropertyOptional() token?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) e2eeKey?: string | null;
  @ApiPropertyOptional() audioOnly?: boolean;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Staff, phone: the number to call',
  })
  phone?: string | null;
}

/** The fields of a ticket's answer that do not change while it is followed. */
export function ticketFixedFields(hour: WalkInHourEntity, language: string) {
  return {
    hourId: hour.id,
    hourName: hour.name,
    channel: hour.channel,
    officeSlug: hour.office?.slug ?? '',
    language,
  };
}

export function toTicketDto(view: TicketView, hour: WalkInHourEntity, language: string): TicketDto {
  return { ...view, ...ticketFixedFields(hour, language) };
}

// ---- counsellors on duty

export class HandOverDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  counsellorId: string;
}

export class WalkInOutcomeDto {
  @ApiProperty({ enum: ['served', 'missed', 'left'] })
  @IsIn(['served', 'missed', 'left'])
  outcome: 'served' | 'missed' | 'left';

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 20,
    nullable: true,
    example: 1,
    description: 'Family members counselled with the client (served only; anonymous statistics)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(20)
  accompanyingFamilyMembers?: number | null;
}

export class FollowUpDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  consultationTypeId: string;

  @ApiProperty({ example: '2026-12-10T10:00:00+01:00' })
  @IsInstant()
  start: string;

  @ApiProperty({
    description: 'The client agreed to the appointment and to be contacted',
    example: true,
  })
  @Equals(true, { message: 'clientConsent must be true: ask the client first' })
  clientConsent: boolean;

  @ApiPropertyOptional({
    type: ContactDto,
    description: "Where the confirmation goes; default the ticket's contact",
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ContactDto)
  contact?: ContactDto;
}

export class ConsoleQueueEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() label: string;
  @ApiProperty({ enum: ['waiting', 'called', 'in_call'] }) status: 'waiting' | 'called' | 'in_call';
  @ApiProperty() language: string;
  @ApiProperty({ type: String, nullable: true }) topic: string | null;
  @ApiProperty() takenAt: string;
  @ApiProperty() queuedAt: string;
  @ApiProperty() handedToMe: boolean;
  @ApiProperty({ type: String, nullable: true }) interpreterLanguage: string | null;
}

export class InterpreterOnDutyDto {
  @ApiProperty({ format: 'uuid' }) interpreterId: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: [String] }) languages: string[];
  @ApiProperty({ description: 'In a call of this session' }) busy: boolean;
}

export class CallInterpreterDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'ti' }) language: string;
}

export class OnDutyDto {
  @ApiProperty({ format: 'uuid' }) counsellorId: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: [String] }) languages: string[];
}

export class ConsoleSessionDto {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ format: 'uuid' }) hourId: string;
  @ApiProperty(LOCALIZED) hourName: LocalizedText;
  @ApiProperty({ enum: CHANNELS }) channel: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ type: [OnDutyDto] }) onDuty: OnDutyDto[];
  @ApiProperty({ type: [InterpreterOnDutyDto] }) interpreters: InterpreterOnDutyDto[];
  @ApiProperty({ type: [ConsoleQueueEntryDto] }) queue: ConsoleQueueEntryDto[];
  @ApiProperty() othersWaiting: number;
}

export class ConsoleCallDto {
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty() label: string;
  @ApiProperty({ enum: ['called', 'in_call'] }) status: 'called' | 'in_call';
  @ApiProperty() calledAt: string;
  @ApiProperty({ type: String, nullable: true }) pseudonym: string | null;
  @ApiProperty() language: string;
  @ApiProperty({ type: String, nullable: true }) topic: string | null;
  @ApiProperty({ type: CallInterpreterDto, nullable: true })
  interpreter: CallInterpreterDto | null;
}

export class ConsoleDto implements ConsoleView {
  @ApiProperty({ type: [ConsoleSessionDto] }) sessions: ConsoleSessionDto[];
  @ApiProperty({ type: ConsoleCallDto, nullable: true }) call: ConsoleCallDto | null;
}

export class DutyHourDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty(LOCALIZED) name: LocalizedText;
  @ApiProperty({ type: [String] }) languages: string[];
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ type: OccurrenceDto, nullable: true }) open: OccurrenceDto | null;
  @ApiProperty({ type: OccurrenceDto, nullable: true }) next: OccurrenceDto | null;
  @ApiProperty({ description: 'The caller is signed on for its open session' }) signedOn: boolean;
  @ApiProperty({ type: [OnDutyDto] }) onDuty: OnDutyDto[];
}

export class CalledTicketDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() label: string;
  @ApiProperty() language: string;
  @ApiProperty({ type: String, nullable: true }) topic: string | null;
  @ApiProperty({ type: String, nullable: true }) pseudonym: string | null;
  @ApiProperty({
    type: CallInterpreterDto,
    nullable: true,
    description: 'The interpreter who joins the call',
  })
  interpreter: CallInterpreterDto | null;
}

export class NextCallDto {
  @ApiProperty({
    type: CalledTicketDto,
    nullable: true,
    description: 'Null: nobody waits whom I can serve',
  })
  ticket: CalledTicketDto | null;
}

export function toCalledTicket(
  ticket: {
    id: string;
    number: number;
    language: string;
    topic: string | null;
    pseudonym: string | null;
    interpreterId: string | null;
    interpreterLanguage: string | null;
    interpreter?: { displayName: string };
  },
  prefix: string,
): CalledTicketDto {
  return {
    id: ticket.id,
    label: ticketLabel(prefix, ticket.number),
    language: ticket.language,
    topic: ticket.topic,
    pseudonym: ticket.pseudonym,
    interpreter:
      ticket.interpreterId && ticket.interpreterLanguage
        ? {
            id: ticket.interpreterId,
            name: ticket.interpreter?.displayName ?? '',
            language: ticket.interpreterLanguage,
          }
        : null,
  };
}

// ---- interpreters in walk-in hours

export class WalkInInterpreterDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: [String], example: ['ti', 'de'] }) languages: string[];
  @ApiProperty({ format: 'uuid', description: 'Their office, or the interpreter pool' })
  officeId: string;
  @ApiProperty({ description: 'On duty in the session' }) onDuty: boolean;
}

export class InterpreterDutyDto {
  @ApiProperty({
    type: OccurrenceDto,
    nullable: true,
    description: 'The session open now, else the next one: interpreters are put on duty for it',
  })
  session: OccurrenceDto | null;
  @ApiProperty({
    type: [WalkInInterpreterDto],
    description: "The office's interpreters and those of the pools it chose",
  })
  interpreters: WalkInInterpreterDto[];
}

export class InterpreterWalkInDutyDto {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ format: 'uuid' }) hourId: string;
  @ApiProperty(LOCALIZED) hourName: LocalizedText;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
}

export class InterpreterWalkInCallDto {
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty() label: string;
  @ApiProperty({ enum: ['called', 'in_call'] }) status: 'called' | 'in_call';
  @ApiProperty() calledAt: string;
  @ApiProperty(LOCALIZED) hourName: LocalizedText;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ description: "The client's conversation language" }) language: string;
  @ApiProperty({ description: 'The language to interpret' }) interpreterLanguage: string;
  @ApiProperty({ type: String, nullable: true }) counsellorName: string | null;
}

export class InterpreterWalkInDto {
  @ApiProperty({ type: [InterpreterWalkInDutyDto] }) duties: InterpreterWalkInDutyDto[];
  @ApiProperty({
    type: InterpreterWalkInCallDto,
    nullable: true,
    description: 'The walk-in call I am assigned to now (no client contact data)',
  })
  call: InterpreterWalkInCallDto | null;
}

// ---- statistics

export class StatisticsQueryDto {
  @ApiProperty({ example: '2026-12-01' })
  @IsDay()
  from: string;

  @ApiProperty({ example: '2026-12-31' })
  @IsDay()
  to: string;
}

export class StatisticsGroupDto {
  @ApiProperty({ description: 'The language or topic code, or "all"' }) key: string;
  @ApiProperty(COUNT) tickets: Count;
  @ApiProperty(COUNT) served: Count;
  @ApiProperty(COUNT) missed: Count;
  @ApiProperty(COUNT) left: Count;
  @ApiProperty(COUNT) expired: Count;
  @ApiProperty(COUNT) handedOver: Count;
  @ApiProperty({ type: Number, nullable: true, description: 'null under 5 tickets' })
  waitMedianMinutes: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'null under 5 tickets' })
  waitP90Minutes: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'null under 5 served' })
  handlingMedianMinutes: number | null;
}

export class WalkInStatisticsDto {
  @ApiProperty() sessions: number;
  @ApiProperty({ description: 'Sessions that stopped giving numbers before their end' })
  closedEarly: number;
  @ApiProperty({
    ...COUNT,
    description: 'Clients refused a number (queue full or past the end)',
  })
  turnedAway: Count;
  @ApiProperty({ type: StatisticsGroupDto }) total: StatisticsGroupDto;
  @ApiProperty({ type: [StatisticsGroupDto] }) byLanguage: StatisticsGroupDto[];
  @ApiProperty({ type: [StatisticsGroupDto] }) byTopic: StatisticsGroupDto[];
  @ApiProperty({
    type: [StatisticsGroupDto],
    description: 'Tickets that asked for an interpreter, by interpreter language (no names)',
  })
  byInterpreterLanguage: StatisticsGroupDto[];
}

/**
 * A walk-in hour's statistics as published: client counts suppressed like every report's (0, "<5"
 * or a multiple of 5, see @app/reports), times only for groups of five or more, so that no group of
 * a language or topic singles out a client. Sessions are the office's, not clients', and stay exact.
 */
export function toWalkInStatisticsDto(statistics: WalkInStatistics): WalkInStatisticsDto {
  const group = (g: StatisticsGroup): StatisticsGroupDto => {
    const enough = g.tickets >= SUPPRESSION_THRESHOLD;
    return {
      key: g.key,
      tickets: publishCount(g.tickets),
      served: publishCount(g.served),
      missed: publishCount(g.missed),
      left: publishCount(g.left),
      expired: publishCount(g.expired),
      handedOver: publishCount(g.handedOver),
      waitMedianMinutes: enough ? g.waitMedianMinutes : null,
      waitP90Minutes: enough ? g.waitP90Minutes : null,
      handlingMedianMinutes: g.served >= SUPPRESSION_THRESHOLD ? g.handlingMedianMinutes : null,
    };
  };
  return {
    sessions: statistics.sessions,
    closedEarly: statistics.closedEarly,
    turnedAway: publishCount(statistics.turnedAway),
    total: group(statistics.total),
    byLanguage: statistics.byLanguage.map(group),
    byTopic: statistics.byTopic.map(group),
    byInterpreterLanguage: statistics.byInterpreterLanguage.map(group),
  };
}
