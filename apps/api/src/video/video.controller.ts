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
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request } from 'express';
import { map, type Observable } from 'rxjs';
import { ErrorResponseDto } from '@app/common';
import type { StaffPrincipal } from '@app/staff';
import { VideoService, type JoinAnswer, type WaitingClient } from '@app/video';
import { manageToken } from '../appointments/manage-token.js';
import { CurrentStaff, ManageLink, Public, RateLimit } from '../auth/auth.decorators.js';

export class JoinAnswerDto {
  @ApiProperty({
    enum: ['waiting', 'admitted', 'phone'],
    description: '"phone" only on the event stream: the counsellor switched to a phone call',
  })
  status: 'waiting' | 'admitted' | 'phone';
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
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Null when the client is not in the waiting room but asks to be phoned',
  })
  waitingSince: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The client asked to be phoned instead (their call failed)',
  })
  phoneCallRequestedAt: string | null;
}

export class ClientVideoStatusDto {
  @ApiProperty({
    description:
      'A video call is possible: this server has LiveKit, the type is a video or audio call, and it was not switched to phone',
  })
  videoAvailable: boolean;
  @ApiProperty({ description: 'The counsellor switched the appointment to a phone call' })
  byPhone: boolean;
  @ApiProperty() phoneCallRequested: boolean;
  @ApiProperty({ description: 'The appointment has a phone number the counsellor can call' })
  phoneNumberKnown: boolean;
}

export class VideoAvailabilityDto {
  @ApiProperty({ description: 'This server has a LiveKit server for video calls (LIVEKIT_URL)' })
  videoAvailable: boolean;
}

export class PhoneSwitchDto {
  @ApiProperty({ example: '+49 30 1234567', description: 'The number to call' }) phone: string;
}

function toWaitingDto(client: WaitingClient): WaitingClientDto {
  return {
    appointmentId: client.appointmentId,
    pseudonym: client.pseudonym,
    startsAt: client.startsAt.toISOString(),
    waitingSince: client.waitingSince?.toISOString() ?? null,
    phoneCallRequestedAt: client.phoneCallRequestedAt?.toISOString() ?? null,
  };
}

function toDto(answer: JoinAnswer): JoinAnswerDto {
  const window = {
    opensAt: answer.window.opensAt.toISOString(),
    closesAt: answer.window.closesAt.toISOString(),
  };
  if (answer.status !== 'admitted') return { status: answer.status, ...window };
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
@ManageLink()
@ApiNotFoundResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({
  type: ErrorResponseDto,
  description: 'Outside the join window (opensAt says when), or not an active video appointment',
})
@Controller('api/public/manage/video')
export class ClientVideoController {
  constructor(private readonly video: VideoService) {}

  @Get()
  @ApiOperation({
    summary: 'Whether a video call is possible for this appointment, or a phone call instead',
  })
  @ApiOkResponse({ type: ClientVideoStatusDto })
  status(@Headers('x-manage-token') token: string | undefined): Promise<ClientVideoStatusDto> {
    return this.video.clientStatus(manageToken(token));
  }

  @Post('phone-request')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary:
      'Ask to be phoned instead (e.g. the call fails); the counsellor sees it in the waiting room',
  })
  @ApiNoContentResponse()
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'no_phone_number: the appointment has no phone number',
  })
  async requestPhoneCall(@Headers('x-manage-token') token: string | undefined): Promise<void> {
    await this.video.requestPhoneCall(manageToken(token));
  }

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Join: "waiting" until the counsellor admits you, then a LiveKit token',
  })
  @ApiOkResponse({ type: JoinAnswerDto })
  @ApiServiceUnavailableResponse({
    type: ErrorResponseDto,
    description: 'video_not_configured: this server has no video calls',
  })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'switched_to_phone: the counsellor will call instead',
  })
  async join(@Headers('x-manage-token') token: string | undefined): Promise<JoinAnswerDto> {
    return toDto(await this.video.clientJoin(manageToken(token)));
  }

  @Sse('events')
  @SkipThrottle()
  @RateLimit('stream')
  @ApiOperation({
    summary:
      'Server-sent events: the join answer now and whenever it changes, until admitted (at most 20 minutes)',
  })
  async events(
    @Headers('x-manage-token') token: string | undefined,
  ): Promise<Observable<MessageEvent>> {
    // The stream starts after a first answer: an unknown token or a closed window gets the same
    // JSON error as the other manage endpoints, not an event stream.
    const answers = await this.video.clientUpdates(manageToken(token));
    return answers.pipe(map((answer) => ({ type: answer.status, data: toDto(answer) })));
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
    return (await this.video.waiting(staff)).map(toWaitingDto);
  }

  @Sse('video/waiting/events')
  @ApiOperation({
    summary:
      'Server-sent events: who is waiting (as GET video/waiting), now and whenever it changes (at most 20 minutes)',
  })
  waitingEvents(@CurrentStaff() staff: StaffPrincipal): Observable<MessageEvent> {
    return this.video
      .waitingUpdates(staff)
      .pipe(map((clients) => ({ type: 'waiting', data: clients.map(toWaitingDto) })));
  }

  @Post('appointments/:id/video/switch-to-phone')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Switch the appointment to a phone call (no video for it any more); answers the number to call',
  })
  @ApiOkResponse({ type: PhoneSwitchDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'no_phone_number: the client gave no phone number',
  })
  switchToPhone(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<PhoneSwitchDto> {
    return this.video.switchToPhone(staff, id);
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

@ApiTags('public: video')
@Public()
@Controller('api/public/video')
export class VideoAvailabilityController {
  constructor(private readonly video: VideoService) {}

  @Get()
  @ApiOperation({ summary: 'Whether this server has video calls at all (a LiveKit server)' })
  @ApiOkResponse({ type: VideoAvailabilityDto })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto })
  availability(): VideoAvailabilityDto {
    return { videoAvailable: this.video.videoConfigured };
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
