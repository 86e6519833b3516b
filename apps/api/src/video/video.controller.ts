import {
  Body,
  Controller,
  Delete,
  Get,
  GoneException,
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
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiHeader,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { Request } from 'express';
import { map, type Observable } from 'rxjs';
import { ErrorResponseDto, IsSpokenLanguage } from '@app/common';
import type { StaffPrincipal } from '@app/staff';
import {
  VIDEO_GUEST_ROLES,
  VideoGuestService,
  VideoService,
  type CallPerson,
  type GuestView,
  type JoinAnswer,
  type VideoGuestRole,
  type WaitingClient,
} from '@app/video';
import { manageToken } from '../appointments/manage-token.js';
import { CurrentStaff, ManageLink, Public, RateLimit, Roles } from '../auth/auth.decorators.js';
import { linkToken } from '../auth/link-token.js';

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
  @ApiProperty({
    nullable: true,
    type: () => WaitingGuestDto,
    description: 'An invited guest waits (not the client): admit with the guest route',
  })
  guest: WaitingGuestDto | null;
}

export class WaitingGuestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: VIDEO_GUEST_ROLES }) role: VideoGuestRole;
}

export class InviteGuestDto {
  @ApiProperty({
    example: 'Samira Tesfaye',
    description: 'How the guest is introduced in the call',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @ApiProperty({
    enum: VIDEO_GUEST_ROLES,
    description: 'An outside interpreter or a support person',
  })
  @IsIn(VIDEO_GUEST_ROLES)
  role: VideoGuestRole;

  @ApiPropertyOptional({
    example: 'ti',
    nullable: true,
    type: String,
    description:
      'The language a guest interpreter interprets (BCP 47); a sign language pins their video',
  })
  @IsOptional()
  @IsSpokenLanguage()
  language?: string | null;
}

export class GuestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: VIDEO_GUEST_ROLES }) role: VideoGuestRole;
  @ApiProperty({ nullable: true, type: String }) language: string | null;
  @ApiProperty({
    enum: ['invited', 'waiting', 'admitted', 'revoked', 'refused', 'expired'],
    description: '"refused": the client refused this guest',
  })
  status: GuestView['status'];
  @ApiProperty({ description: 'The link ends with the join window' }) expiresAt: string;
  @ApiProperty({ nullable: true, type: String }) joinedAt: string | null;
}

export class GuestInvitationDto {
  @ApiProperty({ type: GuestDto }) guest: GuestDto;
  @ApiProperty({
    example: 'https://termine.example.org/guest#token=…',
    description: 'The one-time link for the guest: shown only now, works on one device',
  })
  link: string;
}

export class CallPersonDto {
  @ApiProperty({ example: 'interpreter', description: 'The LiveKit identity of their tile' })
  identity: string;
  @ApiProperty({ enum: ['counsellor', 'client', 'interpreter', 'guest'] })
  role: CallPerson['role'];
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) language: string | null;
  @ApiProperty({ description: 'A sign-language interpreter: their video is shown large' })
  signLanguage: boolean;
  @ApiProperty({ nullable: true, enum: VIDEO_GUEST_ROLES }) guestRole: VideoGuestRole | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) guestId: string | null;
  @ApiProperty({ nullable: true, enum: ['invited', 'waiting', 'admitted'] })
  status: CallPerson['status'];
  @ApiProperty({ description: 'The person asking' }) you: boolean;
}

export class GuestDeviceDto {
  @ApiProperty({ description: 'Send as X-Guest-Device with every later request of this guest' })
  deviceKey: string;
}

export class GuestCallInfoDto {
  @ApiProperty({ type: GuestDto }) guest: GuestDto;
  @ApiProperty() startsAt: string;
  @ApiProperty() opensAt: string;
  @ApiProperty() closesAt: string;
  @ApiProperty({ type: [CallPersonDto] }) people: CallPersonDto[];
}

function toGuestDto(guest: GuestView): GuestDto {
  return {
    ...guest,
    expiresAt: guest.expiresAt.toISOString(),
    joinedAt: guest.joinedAt?.toISOString() ?? null,
  };
}

const guestLinkUnknown = () =>
  new GoneException({ code: 'guest_link_unknown', message: 'This guest link is not valid' });
/** A malformed guest token or device key is answered like an unknown link. */
const guestHeader = (header: string | string[] | undefined): string =>
  linkToken(header, guestLinkUnknown);
/** A guest's id in a path (documented as a uuid, with an example). */
const GuestIdParam = () =>
  ApiParam({ name: 'guestId', format: 'uuid', example: '6f1c2a9e-3b7d-4e2a-9c1f-0d5b8e7a4c21' });

const GUEST_TOKEN_HEADER = {
  name: 'X-Guest-Token',
  required: true,
  description: 'The token from the guest link (its URL fragment)',
};
const GUEST_DEVICE_HEADER = {
  name: 'X-Guest-Device',
  required: true,
  description: 'The device key the first opening of the link answered',
};

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
    guest: client.guest,
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
  constructor(
    private readonly video: VideoService,
    private readonly guests: VideoGuestService,
  ) {}

  @Get('people')
  @ApiOperation({
    summary:
      'Who is (to be) in the call, with names and roles: counsellor, interpreter, you, invited guests',
  })
  @ApiOkResponse({ type: [CallPersonDto] })
  people(@Headers('x-manage-token') token: string | undefined): Promise<CallPersonDto[]> {
    return this.guests.peopleForClient(manageToken(token));
  }

  @Post('guests/:guestId/refuse')
  @GuestIdParam()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary:
      'Refuse a guest the counsellor invited: the invitation is withdrawn and the guest leaves the call',
  })
  @ApiNoContentResponse()
  async refuse(
    @Headers('x-manage-token') token: string | undefined,
    @Param('guestId', new ParseUUIDPipe()) guestId: string,
  ): Promise<void> {
    await this.guests.refuse(manageToken(token), guestId);
  }

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
  constructor(
    private readonly video: VideoService,
    private readonly guests: VideoGuestService,
  ) {}

  @Post('appointments/:id/video/guests')
  @ApiOperation({
    summary:
      'Invite an outside interpreter or support person for this call: a one-time link until the window closes',
  })
  @ApiCreatedResponse({ type: GuestInvitationDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'too_many_guests' })
  async inviteGuest(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: InviteGuestDto,
  ): Promise<GuestInvitationDto> {
    const invitation = await this.guests.invite(staff, id, body);
    return { guest: toGuestDto(invitation.guest), link: invitation.link };
  }

  @Get('appointments/:id/video/guests')
  @ApiOperation({ summary: "This call's guests and their state (refused: by the client)" })
  @ApiOkResponse({ type: [GuestDto] })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async listGuests(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<GuestDto[]> {
    return (await this.guests.list(staff, id)).map(toGuestDto);
  }

  @Delete('appointments/:id/video/guests/:guestId')
  @GuestIdParam()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke an invitation; a guest in the call is removed from it' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async revokeGuest(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('guestId', new ParseUUIDPipe()) guestId: string,
  ): Promise<void> {
    await this.guests.revoke(staff, id, guestId);
  }

  @Post('appointments/:id/video/guests/:guestId/admit')
  @GuestIdParam()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Let a waiting guest in (admitting twice changes nothing)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiGoneResponse({ type: ErrorResponseDto, description: 'guest_link_expired' })
  async admitGuest(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('guestId', new ParseUUIDPipe()) guestId: string,
  ): Promise<void> {
    await this.guests.admit(staff, id, guestId);
  }

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

  @Post('appointments/:id/video/interpreter-token')
  @Roles('interpreter')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'A LiveKit token for the appointment’s interpreter: camera and microphone only, no screen share, no room admin',
  })
  @ApiOkResponse({ type: JoinAnswerDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Not your assignment' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Outside the join window' })
  async interpreterToken(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<JoinAnswerDto> {
    return toDto(await this.video.interpreterJoin(staff, id));
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
  constructor(
    private readonly video: VideoService,
    private readonly guests: VideoGuestService,
  ) {}

  @Post('guest/claim')
  @HttpCode(HttpStatus.OK)
  @RateLimit('manage')
  @ApiHeader(GUEST_TOKEN_HEADER)
  @ApiOperation({
    summary:
      'Open a guest link on this device: answers the device key once; the link then works on this device only',
  })
  @ApiOkResponse({ type: GuestDeviceDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'guest_link_used: another device' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'guest_invite_withdrawn' })
  @ApiGoneResponse({
    type: ErrorResponseDto,
    description: 'guest_link_unknown, guest_link_expired',
  })
  claimGuestLink(@Headers('x-guest-token') token: string | undefined): Promise<GuestDeviceDto> {
    return this.guests.claim(guestHeader(token));
  }

  @Get('guest')
  @RateLimit('manage')
  @ApiHeader(GUEST_TOKEN_HEADER)
  @ApiHeader(GUEST_DEVICE_HEADER)
  @ApiOperation({ summary: 'The guest: their invitation, the call window and who is in the call' })
  @ApiOkResponse({ type: GuestCallInfoDto })
  @ApiGoneResponse({ type: ErrorResponseDto })
  async guestInfo(
    @Headers('x-guest-token') token: string | undefined,
    @Headers('x-guest-device') device: string | undefined,
  ): Promise<GuestCallInfoDto> {
    const info = await this.guests.info(guestHeader(token), guestHeader(device));
    return {
      guest: toGuestDto(info.guest),
      startsAt: info.startsAt.toISOString(),
      opensAt: info.window.opensAt.toISOString(),
      closesAt: info.window.closesAt.toISOString(),
      people: info.people,
    };
  }

  @Post('guest/join')
  @HttpCode(HttpStatus.OK)
  @RateLimit('manage')
  @ApiHeader(GUEST_TOKEN_HEADER)
  @ApiHeader(GUEST_DEVICE_HEADER)
  @ApiOperation({
    summary: 'The guest joins: "waiting" until the counsellor admits them, then a LiveKit token',
  })
  @ApiOkResponse({ type: JoinAnswerDto })
  @ApiForbiddenResponse({
    type: ErrorResponseDto,
    description: 'Outside the join window, or guest_invite_withdrawn (revoked or refused)',
  })
  @ApiGoneResponse({ type: ErrorResponseDto, description: 'guest_link_expired' })
  async guestJoin(
    @Headers('x-guest-token') token: string | undefined,
    @Headers('x-guest-device') device: string | undefined,
  ): Promise<JoinAnswerDto> {
    return toDto(await this.guests.join(guestHeader(token), guestHeader(device)));
  }

  @Sse('guest/events')
  @SkipThrottle()
  @RateLimit('stream')
  @ApiForbiddenResponse({
    type: ErrorResponseDto,
    description: 'Outside the join window, or guest_invite_withdrawn',
  })
  @ApiGoneResponse({
    type: ErrorResponseDto,
    description: 'guest_link_unknown, guest_link_expired',
  })
  @ApiOkResponse({
    description: 'text/event-stream: events "waiting", then "admitted" with the join answer',
  })
  @ApiHeader(GUEST_TOKEN_HEADER)
  @ApiHeader(GUEST_DEVICE_HEADER)
  @ApiOperation({
    summary:
      'Server-sent events: the guest’s join answer now and whenever it changes, until admitted (at most 20 minutes)',
  })
  async guestEvents(
    @Headers('x-guest-token') token: string | undefined,
    @Headers('x-guest-device') device: string | undefined,
  ): Promise<Observable<MessageEvent>> {
    const answers = await this.guests.updates(guestHeader(token), guestHeader(device));
    return answers.pipe(map((answer) => ({ type: answer.status, data: toDto(answer) })));
  }

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
