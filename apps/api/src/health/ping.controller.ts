import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '@app/common';
import { Public } from '../auth/auth.decorators.js';

/**
 * A route that does nothing, under /api and through the whole stack every public route passes
 * (middleware, rate limit, guards, pipes, error filter), unlike /health/live, which skips the rate
 * limit. The benchmarks measure it as the ceiling of this stack on the machine they run on.
 */
@ApiTags('public')
@Public()
@Controller('api/public')
export class PingController {
  @Get('ping')
  @ApiOperation({ summary: 'Answers {} through the full request pipeline (no other work)' })
  @ApiOkResponse({ schema: { example: {} } })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto })
  ping(): Record<string, never> {
    return {};
  }
}
