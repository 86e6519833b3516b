import {
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Sse,
  type MessageEvent,
  type RawBodyRequest,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request } from 'express';
import { exhaustMap, from, interval, map, startWith, take, takeWhile, type Observable } from 'rxjs';
import { ErrorResponseDto } from '@app/common';
import type { StaffPrincipal } from '@app/staff';
import { VideoService, type JoinAnswer } from '@app/video';
import { manageToken } from '../appointments/manage-token.js';
import { CurrentStaff, Public, RateLimit } from '../auth/auth.decorators.js';

export class JoinAnswerDto {
  @ApiProperty({ enum: ['waiting', 'admitted'] }) status: 'waiting' | 'admitted';
  @ApiProperty() opensAt: string;
  @ApiProperty() closesAt: string;
  @ApiPropertyOptional({ description: 'LiveKit server URL' }) url?: string;
  @ApiPropertyOptional() room?: string;
  @ApiPropertyOptional({ description: 'LiveKit access token; expires when the window closes' })
  token?: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Base64 key for LiveKit end-to-end encryption',
  })
  e2eeKey?: string | null;
}

export class WaitingClientDto {
  @ApiProperty({ format: 'uuid' }) appointmentId: string;
  @ApiProperty() pseudonym: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() waitingSince: string;
}

function toDto(answer: JoinAnswer): JoinAnswerDto {
  const window = {
    opensAt: answer.window.opensAt.toISOString(),
    closesAt: answer.window.closesAt.toISOString(),
  };
  if (answer.status === 'waiting') return { status: 'waiting', ...window };
  return {
    status: 'admitted',
    ...window,
    url: answer.url,
    room: answer.room,
    token: answer.token,
    e2eeKey: answer.e2eeKey,
  };
}

@ApiTags('public: video')
@Public()
@RateLimit('manage')
@ApiHeader({ name: 'X-Manage-Token', required: true })
@ApiNotFoundResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({
  type: ErrorResponseDto,
  description: 'Outside the join window (opensAt says when), or not an active video appointment',
})
@Controller('api/public/manage/video')
export class ClientVideoController {
  constructor(private readonly video: VideoService) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Join: "waiting" until the counsellor admits you, then a LiveKit token',
  })
  @ApiOkResponse({ type: JoinAnswerDto })
  async join(@Headers('x-manage-token') token: string | undefined): Promise<JoinAnswerDto> {
    return toDto(await this.video.clientJoin(manageToken(token)));
  }

  @Sse('events')
  @SkipThrottle()
  @ApiOperation({
    summary: 'Server-sent events: the join answer every 2 s until admitted (at most 20 minutes)',
  })
  async events(
    @Headers('x-manage-token') token: string | undefined,
  ): Promise<Observable<MessageEvent>> {
    const checked = manageToken(token);
    // The first answer before the stream starts: an unknown token or a closed window gets the
    // same JSON error as the other manage endpoints, not an event stream.
    await this.video.clientJoin(checked);
    return interval(2000).pipe(
      startWith(0),
      take(600),
      exhaustMap(() => from(this.video.clientJoin(checked))),
      takeWhile((answer) => answer.status === 'waiting', true),
      map((answer) => ({ type: answer.status, data: toDto(answer) })),
    );
  }
}

@ApiTags('video (staff)')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@Controller('api')
export class StaffVideoController {
  constructor(private readonly video: VideoService) {}

  @Get('video/waiting')
  @ApiOperation({ summary: 'Clients waiting in my open rooms (all rooms for admins)' })
  @ApiOkResponse({ type: [WaitingClientDto] })
  async waiting(@CurrentStaff() staff: StaffPrincipal): Promise<WaitingClientDto[]> {
    return (await this.video.waiting(staff)).map((client) => ({
      appointmentId: client.appointmentId,
      pseudonym: client.pseudonym,
      startsAt: client.startsAt.toISOString(),
      waitingSince: client.waitingSince.toISOString(),
    }));
  }

  @Post('appointments/:id/video/token')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'A LiveKit token for the assigned counsellor (or an admin), with room admin rights',
  })
  @ApiOkResponse({ type: JoinAnswerDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  async token(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<JoinAnswerDto> {
    return toDto(await this.video.staffJoin(staff, id));
  }

  @Post('appointments/:id/video/admit')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Let the waiting client in (admitting twice changes nothing)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  async admit(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<void> {
    await this.video.admit(staff, id);
  }
}

@ApiTags('livekit')
@Public()
@SkipThrottle()
@Controller('api/livekit')
export class LiveKitWebhookController {
  constructor(private readonly video: VideoService) {}

  @Post('webhook')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'LiveKit webhooks (signed: Authorization carries a JWT with the body’s SHA-256)',
  })
  @ApiOkResponse({ schema: { example: { result: 'processed' } } })
  @ApiUnauthorizedResponse({
    type: ErrorResponseDto,
    description: 'Missing or wrong signature: nothing recorded',
  })
  async webhook(
    @Req() request: RawBodyRequest<Request>,
    @Headers('authorization') authorization: string | undefined,
  ): Promise<{ result: string }> {
    const raw = request.rawBody?.toString('utf8') ?? '';
    return { result: await this.video.webhook(raw, authorization) };
  }
}
