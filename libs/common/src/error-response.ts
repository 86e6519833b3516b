import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'email' })
  field: string;

  @ApiProperty({ example: ['email must be an email'], type: [String] })
  messages: string[];
}

/** A free time offered instead of a taken one (UTC instants). */
export class FreeSlotDto {
  @ApiProperty({ format: 'date-time', example: '2026-12-01T10:00:00.000Z' })
  start: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-01T10:45:00.000Z' })
  end: string;
}

/** When a walk-in hour's next session runs. */
export class WalkInSessionTimesDto {
  @ApiProperty({ example: '2026-12-08T09:00:00.000Z' })
  startsAt: string;

  @ApiProperty({ example: '2026-12-08T11:00:00.000Z' })
  endsAt: string;
}

/** Existing extra hours that new ones overlap (with 409 `extra_hours_overlap`). */
export class ClashingExtraHoursDto {
  @ApiProperty({ format: 'uuid', example: '9d3b6a52-3f4e-4c1a-8b7d-2e5f6a7b8c9d' })
  id: string;

  @ApiProperty({ description: "Local date in the counsellor's zone", example: '2026-12-21' })
  date: string;

  @ApiProperty({ description: "Local time of day in the counsellor's zone", example: '09:00' })
  start: string;

  @ApiProperty({ description: 'Local time of day; 24:00 is midnight at the end', example: '13:00' })
  end: string;
}

/** The existing weekly rule a new one overlaps (with 400 `rule_overlaps`). */
export class ClashingRuleDto {
  @ApiProperty({ format: 'uuid', example: '9d3b6a52-3f4e-4c1a-8b7d-2e5f6a7b8c9d' })
  id: string;

  @ApiProperty({ description: 'ISO weekday, 1 = Monday', example: 2 })
  weekday: number;

  @ApiProperty({ description: "Local time of day in the counsellor's zone", example: '09:00' })
  start: string;

  @ApiProperty({ description: 'Local time of day; 24:00 is midnight at the end', example: '13:00' })
  end: string;

  @ApiProperty({ nullable: true, type: String, example: null })
  validFrom: string | null;

  @ApiProperty({ nullable: true, type: String, example: '2026-12-31' })
  validUntil: string | null;
}

/** The one shape of every 4xx/5xx answer. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'Bad Request' })
  error: string;

  @ApiProperty({
    description: 'Stable and machine-readable: clients decide by it, never by the message',
    example: 'validation_failed',
  })
  code: string;

  @ApiProperty({ example: 'Validation failed' })
  message: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  details?: FieldErrorDto[];

  @ApiPropertyOptional({
    description: 'With 409 on booking: the next free slots',
    type: [FreeSlotDto],
  })
  nextFreeSlots?: { start: string; end: string }[];

  @ApiPropertyOptional({
    description: 'With 403 on joining a video call too early: when it opens',
    example: '2026-12-01T08:45:00.000Z',
  })
  opensAt?: string;

  @ApiPropertyOptional({
    description: 'With 400 `rule_overlaps`: the existing rule the new one overlaps',
    type: ClashingRuleDto,
  })
  clashingRule?: ClashingRuleDto;

  @ApiPropertyOptional({
    description: 'With 409 `extra_hours_overlap`: the existing extra hours the new ones overlap',
    type: ClashingExtraHoursDto,
  })
  clashingExtraHours?: ClashingExtraHoursDto;

  @ApiPropertyOptional({
    description:
      'With 409 on taking a walk-in number: the next session of the walk-in hour (null if none is planned)',
    type: WalkInSessionTimesDto,
    nullable: true,
  })
  nextSession?: WalkInSessionTimesDto | null;

  @ApiPropertyOptional({
    description: "With 409 on taking a walk-in number: the office's slug, for its booking page",
    example: 'willkommenszentrum',
  })
  officeSlug?: string;

  @ApiPropertyOptional({ example: '3f2c1a8e-7d0b-4c55-9f0e-4f1e2d3c4b5a' })
  requestId?: string;
}
