import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { ErrorResponseDto } from '@app/common';
import { QueueHealth } from '@app/queue';
import { Public } from '../auth/auth.decorators.js';

const CHECK_TIMEOUT_MS = 3000;

@ApiTags('health')
@Public()
@SkipThrottle()
// Not rate-limited and free of parameters: only a request the body parser cannot read fails.
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'An unreadable request body' })
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly queue: QueueHealth,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up (no dependencies checked)' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Database and queue backend answer' })
  @ApiOkResponse({ schema: { example: { status: 'ok', checks: { database: 'up', queue: 'up' } } } })
  @ApiServiceUnavailableResponse({
    type: ErrorResponseDto,
    description: 'The failing parts are named',
  })
  async ready(): Promise<{ status: 'ok'; checks: Record<string, 'up'> }> {
    try {
      const result = await this.health.check([
        () => this.database.pingCheck('database').withTimeout(CHECK_TIMEOUT_MS),
        () =>
          this.indicators
            .check('queue')
            .attempt(() => this.queue.ping())
            .withTimeout(CHECK_TIMEOUT_MS),
      ]);
      return {
        status: 'ok',
        checks: Object.fromEntries(Object.keys(result.details).map((key) => [key, 'up' as const])),
      };
    } catch (error) {
      const failing = this.failingParts(error);
      throw new ServiceUnavailableException({
        message: `Not ready: ${failing.map((part) => part.field).join(', ') || 'unknown'}`,
        details: failing,
      });
    }
  }

  private failingParts(error: unknown): { field: string; messages: string[] }[] {
    const response =
      error instanceof ServiceUnavailableException
        ? (error.getResponse() as { error?: Record<string, { message?: string }> })
        : {};
    return Object.entries(response.error ?? {}).map(([field, detail]) => ({
      field,
      messages: [detail.message ?? 'down'],
    }));
  }
}
