import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { IsSpokenLanguage } from '@app/common';
import { CHANNELS } from '@app/roster';

const MONTH_OR_DAY = /^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/;

export class StatisticsQueryDto {
  @ApiProperty({ example: '2026-01', description: 'First month (YYYY-MM) or day (YYYY-MM-DD)' })
  @Matches(MONTH_OR_DAY, { message: 'from must be YYYY-MM or YYYY-MM-DD' })
  from: string;

  @ApiProperty({
    example: '2026-12',
    description: 'Last month or day, inclusive; at most 24 months after from',
  })
  @Matches(MONTH_OR_DAY, { message: 'to must be YYYY-MM or YYYY-MM-DD' })
  to: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Platform admins only (others: their own)' })
  @IsOptional()
  @IsUUID()
  officeId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Counsellors: only their own' })
  @IsOptional()
  @IsUUID()
  counsellorId?: string;

  @ApiPropertyOptional({ example: 'ar', description: 'The client’s language' })
  @IsOptional()
  @IsSpokenLanguage()
  language?: string;

  @ApiPropertyOptional({ example: 'residence', description: 'A topic code' })
  @IsOptional()
  @Matches(/^[a-z0-9_-]{1,40}$/, { message: 'topic must be a topic code' })
  topic?: string;

  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: string;
}

/** A published count: 0, a multiple of 5, or "<5" (true count 1–4). */
export const COUNT: ApiPropertyOptions = {
  oneOf: [
    { type: 'integer', minimum: 0, multipleOf: 5 },
    { type: 'string', enum: ['<5'] },
  ],
  example: 10,
};
type Count = number | '<5';

export class KeyCountDto {
  @ApiProperty({ example: 'ar' }) key: string;
  @ApiProperty(COUNT) cases: Count;
}

export class TopicCountDto extends KeyCountDto {
  @ApiProperty({ example: 'Residence and visa' }) label: string;
}

export class KeySearchesDto {
  @ApiProperty({ example: 'ti' }) key: string;
  @ApiProperty(COUNT) searches: Count;
}

export class TopicSearchesDto extends KeySearchesDto {
  @ApiProperty({ example: 'Residence and visa' }) label: string;
}

export class CasesDto {
  @ApiProperty(COUNT) total: Count;
  @ApiProperty(COUNT) appointments: Count;
  @ApiProperty(COUNT) walkInTickets: Count;
}

export class OutcomesDto {
  @ApiProperty(COUNT) completed: Count;
  @ApiProperty(COUNT) noShow: Count;
  @ApiProperty(COUNT) cancelledByClient: Count;
  @ApiProperty(COUNT) cancelledByStaff: Count;
  @ApiProperty(COUNT) cancelledBySystem: Count;
  @ApiProperty({ ...COUNT, description: 'Booked, no outcome (yet)' }) open: Count;
}

export class FamilyMembersDto {
  @ApiProperty(COUNT) total: Count;
  @ApiProperty(COUNT) casesWithFamily: Count;
}

export class InterpreterDto {
  @ApiProperty(COUNT) used: Count;
  @ApiProperty({ type: [KeyCountDto] }) byLanguage: KeyCountDto[];
}

export class LeadTimeDto {
  @ApiProperty({ type: Number, nullable: true, description: 'Whole days; null under 5 cases' })
  medianDays: number | null;
  @ApiProperty({ type: [KeyCountDto], description: 'Days booking → appointment: 0-1 … 31+' })
  buckets: KeyCountDto[];
}

export class SlotSearchesDto {
  @ApiProperty(COUNT) searches: Count;
  @ApiProperty(COUNT) foundWithin14Days: Count;
  @ApiProperty({ ...COUNT, description: 'No free slot within 14 days (unmet demand)' })
  unmet: Count;
  @ApiProperty({ type: Number, nullable: true }) medianDaysToFirstSlot: number | null;
  @ApiProperty({ type: [KeySearchesDto] }) unmetByLanguage: KeySearchesDto[];
  @ApiProperty({ type: [TopicSearchesDto] }) unmetByTopic: TopicSearchesDto[];
}

export class WalkInFiguresDto {
  @ApiProperty(COUNT) tickets: Count;
  @ApiProperty(COUNT) served: Count;
  @ApiProperty(COUNT) missed: Count;
  @ApiProperty(COUNT) left: Count;
  @ApiProperty(COUNT) expired: Count;
  @ApiProperty({ type: Number, nullable: true }) waitMedianMinutes: number | null;
}

export class MonthFiguresDto {
  @ApiProperty({ example: '2026-01' }) month: string;
  @ApiProperty(COUNT) cases: Count;
  @ApiProperty(COUNT) appointments: Count;
  @ApiProperty(COUNT) walkInTickets: Count;
  @ApiProperty(COUNT) completed: Count;
  @ApiProperty(COUNT) noShow: Count;
  @ApiProperty(COUNT) cancelled: Count;
  @ApiProperty(COUNT) unmetSearches: Count;
}

export class FiguresDto {
  @ApiProperty({ type: CasesDto }) cases: CasesDto;
  @ApiProperty({ type: OutcomesDto }) outcomes: OutcomesDto;
  @ApiProperty({ type: FamilyMembersDto }) familyMembers: FamilyMembersDto;
  @ApiProperty({ type: [KeyCountDto] }) byLanguage: KeyCountDto[];
  @ApiProperty({ type: InterpreterDto }) interpreter: InterpreterDto;
  @ApiProperty({ type: [TopicCountDto] }) byTopic: TopicCountDto[];
  @ApiProperty({ type: [KeyCountDto] }) byChannel: KeyCountDto[];
  @ApiProperty({ type: LeadTimeDto }) leadTime: LeadTimeDto;
  @ApiProperty({
    type: SlotSearchesDto,
    nullable: true,
    description: 'null for a counsellor’s own figures',
  })
  slotSearches: SlotSearchesDto | null;
  @ApiProperty({ type: WalkInFiguresDto }) walkIn: WalkInFiguresDto;
  @ApiProperty({ type: [MonthFiguresDto] }) months: MonthFiguresDto[];
}

export class OfficeFiguresDto {
  @ApiProperty({ format: 'uuid' }) officeId: string;
  @ApiProperty() officeName: string;
  @ApiProperty({ type: FiguresDto }) figures: FiguresDto;
}

export class PeriodDto {
  @ApiProperty({ example: '2026-01-01' }) from: string;
  @ApiProperty({ example: '2026-12-31' }) to: string;
}

export class StatisticsFiltersDto {
  @ApiProperty({ type: String, nullable: true }) officeId: string | null;
  @ApiProperty({ type: String, nullable: true }) counsellorId: string | null;
  @ApiProperty({ type: String, nullable: true }) language: string | null;
  @ApiProperty({ type: String, nullable: true }) topic: string | null;
  @ApiProperty({ type: String, nullable: true }) channel: string | null;
}

export class SuppressionDto {
  @ApiProperty({ example: 5 }) threshold: number;
  @ApiProperty({ example: 5 }) roundTo: number;
  @ApiProperty({ example: '<5' }) suppressedLabel: string;
  @ApiProperty() note: string;
}

export class StatisticsResponseDto {
  @ApiProperty({ type: PeriodDto }) period: PeriodDto;
  @ApiProperty({ type: StatisticsFiltersDto }) filters: StatisticsFiltersDto;
  @ApiProperty({ type: SuppressionDto }) suppression: SuppressionDto;
  @ApiProperty({ enum: ['platform', 'office', 'counsellor'] })
  scope: 'platform' | 'office' | 'counsellor';
  @ApiProperty({ type: FiguresDto, description: 'The whole selection, rounded on its own' })
  total: FiguresDto;
  @ApiProperty({
    type: [OfficeFiguresDto],
    description: 'Platform admin without officeId: every office side by side; otherwise empty',
  })
  offices: OfficeFiguresDto[];
}
