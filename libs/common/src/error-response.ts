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

  @ApiPropertyOptional({ example: '3f2c1a8e-7d0b-4c55-9f0e-4f1e2d3c4b5a' })
  requestId?: string;
}
