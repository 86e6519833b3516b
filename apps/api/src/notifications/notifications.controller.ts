import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ErrorResponseDto, IsInstant, toInstant } from '@app/common';
import { NotificationAdminService, recipientOf, type NotificationEntity } from '@app/notifications';
import { NOTIFICATION_KINDS, type NotificationKind } from '@app/queue';
import { officeOf, type StaffPrincipal } from '@app/staff';
import { CurrentStaff, Roles } from '../auth/auth.decorators.js';

export class MetricsQueryDto {
  @ApiPropertyOptional({ description: 'Count only notifications created since (ISO 8601)' })
  @IsOptional()
  @IsInstant()
  since?: string;
}

export class FailedQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'Page: failures last updated before this time (ISO 8601)' })
  @IsOptional()
  @IsInstant()
  before?: string;
}

export class KindMetricsDto {
  @ApiProperty({ enum: NOTIFICATION_KINDS })
  kind: NotificationKind;
  @ApiProperty()
  sent: number;
  @ApiProperty()
  failed: number;
  @ApiProperty({ description: 'Being tried or waiting for a retry' })
  pending: number;
}

export class NotificationMetricsDto {
  @ApiProperty({ type: [KindMetricsDto] })
  kinds: KindMetricsDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Jobs in the notification queue by state (scheduled reminders are delayed)',
    example: { waiting: 0, delayed: 12, active: 0, completed: 40, failed: 1, prioritized: 0 },
  })
  queue: Record<string, number>;
}

export class FailedNotificationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS })
  kind: NotificationKind;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  appointmentId: string | null;
  @ApiProperty({ nullable: true, type: Number })
  appointmentVersion: number | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      'The counsellor of the appointment (or of the agenda); the recipient only when `recipient` is counsellor',
  })
  counsellorId: string | null;
  @ApiProperty({
    enum: ['client', 'counsellor'],
    description:
      'Who the message was for. A client is not named: their contact stays with the appointment.',
  })
  recipient: 'client' | 'counsellor';
  @ApiProperty({ example: 'email', description: 'The channel that was to carry it: email, sms, …' })
  channel: string;
  @ApiProperty()
  attempts: number;
  @ApiProperty({ nullable: true, type: String, description: 'What the provider answered' })
  lastError: string | null;
  @ApiProperty()
  failedAt: string;
}

function toFailed(n: NotificationEntity): FailedNotificationDto {
  return {
    id: n.id,
    kind: n.kind,
    appointmentId: n.appointmentId,
    appointmentVersion: n.appointmentVersion,
    counsellorId: n.counsellorId,
    recipient: recipientOf(n.kind),
    channel: n.channel,
    attempts: n.attempts,
    lastError: n.lastError,
    failedAt: n.updatedAt.toISOString(),
  };
}

@ApiTags('notifications (admin)')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not an admin' })
@Roles('admin')
@Controller('api/admin/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationAdminService) {}

  @Get('metrics')
  @ApiOperation({ summary: 'Sent, failed and pending notifications per kind, and the queue' })
  @ApiOkResponse({ type: NotificationMetricsDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  metrics(
    @CurrentStaff() staff: StaffPrincipal,
    @Query() query: MetricsQueryDto,
  ): Promise<NotificationMetricsDto> {
    return this.notifications.metrics(
      officeOf(staff),
      query.since ? toInstant(query.since) : undefined,
    );
  }

  @Get('failed')
  @ApiOperation({ summary: 'Notifications that could not be sent after their last attempt' })
  @ApiOkResponse({ type: [FailedNotificationDto] })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async failed(
    @CurrentStaff() staff: StaffPrincipal,
    @Query() query: FailedQueryDto,
  ): Promise<FailedNotificationDto[]> {
    const rows = await this.notifications.failed(
      officeOf(staff),
      query.limit ?? 100,
      query.before ? toInstant(query.before) : undefined,
    );
    return rows.map(toFailed);
  }
}
