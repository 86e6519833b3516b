import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Injectable,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
  StreamableFile,
  UploadedFile,
  UseGuards,
  UseInterceptors,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ChangeFeed } from '@app/change-feed';
import { ErrorResponseDto } from '@app/common';
import { ConversationService } from '@app/conversations';
import type { StaffPrincipal } from '@app/staff';
import { CurrentStaff, RateLimit, type StaffRequest } from '../auth/auth.decorators.js';
import { DOWNLOAD, sendDocument, UPLOAD_BODY } from './conversation-http.js';
import { streamChanges } from './conversation-stream.js';
import {
  ConversationDto,
  ConversationSummaryDto,
  ConversationUnreadDto,
  MessageDto,
  PostMessageDto,
  toConversationDto,
  toMessageDto,
  toSummaryDto,
} from './conversation.dto.js';

const uuid = new ParseUUIDPipe();

/**
 * Checks that the staff member may write to the conversation (assigned, open, the hour not full)
 * before an upload is read: guards run after the session guard and before the file interceptor,
 * so nobody else gets megabytes buffered in memory.
 */
@Injectable()
export class ConversationWriterGuard implements CanActivate {
  constructor(private readonly conversations: ConversationService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<StaffRequest>();
    const id = await uuid.transform(request.params.id, { type: 'param', data: 'id' });
    if (!request.staff || !id) return false;
    await this.conversations.assertStaffMayWrite(request.staff, id);
    return true;
  }
}

/**
 * The counsellor's side of conversations, and the admin's view of their existence and size. Who
 * may read or write is decided by ConversationService from the current assignment.
 */
@ApiTags('conversations (staff)')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@Controller('api/conversations')
export class StaffConversationsController {
  constructor(
    private readonly conversations: ConversationService,
    private readonly feed: ChangeFeed,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      "A counsellor's conversations (open or with unread messages): unread first, then by the newest message. Admins: the office's conversations, size only, no names",
  })
  @ApiOkResponse({ type: [ConversationSummaryDto] })
  async list(@CurrentStaff() staff: StaffPrincipal): Promise<ConversationSummaryDto[]> {
    return (await this.conversations.inbox(staff)).map(toSummaryDto);
  }

  @Get('unread')
  @ApiOperation({ summary: "The counsellor's unread conversations and messages (admins: 0)" })
  @ApiOkResponse({ type: ConversationUnreadDto })
  unread(@CurrentStaff() staff: StaffPrincipal): Promise<ConversationUnreadDto> {
    return this.conversations.unread(staff);
  }

  @Get('events')
  @RateLimit('stream')
  @ApiOperation({
    summary:
      'Server-sent events: "changed" whenever one of the staff member\'s conversations changed (read the list again); comment heartbeats; at most 20 minutes',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'Events named "changed"' })
  async events(
    @CurrentStaff() staff: StaffPrincipal,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const topic = await this.conversations.staffTopic(staff);
    streamChanges(request, response, this.feed.watch(topic));
  }

  @Get(':id')
  @ApiOperation({
    summary: 'A conversation (assigned counsellor only; marks the client’s messages delivered)',
  })
  @ApiOkResponse({ type: ConversationDto })
  @ApiForbiddenResponse({
    type: ErrorResponseDto,
    description: 'Not the assigned counsellor, or an admin',
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', uuid) id: string,
  ): Promise<ConversationDto> {
    return toConversationDto(
      await this.conversations.read(await this.conversations.staff(staff, id)),
    );
  }

  @Post(':id/messages')
  @ApiOperation({ summary: 'Write to the client' })
  @ApiCreatedResponse({ type: MessageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'conversation_closed' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'too_many_messages' })
  async post(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', uuid) id: string,
    @Body() body: PostMessageDto,
  ): Promise<MessageDto> {
    const party = await this.conversations.staff(staff, id);
    return toMessageDto(await this.conversations.postText(party, body.text));
  }

  @Post(':id/documents')
  @UseGuards(ConversationWriterGuard)
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({ summary: 'Send the client a document (PDF, JPEG or PNG)' })
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @ApiCreatedResponse({ type: MessageDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Closed, or the document limit' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorResponseDto })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto })
  async upload(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', uuid) id: string,
    @UploadedFile() file: Express.Multer.File | undefined,
  ): Promise<MessageDto> {
    const party = await this.conversations.staff(staff, id);
    return toMessageDto(await this.conversations.postDocument(party, file));
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Everything the client wrote up to now is read' })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async read(@CurrentStaff() staff: StaffPrincipal, @Param('id', uuid) id: string): Promise<void> {
    await this.conversations.markRead(await this.conversations.staff(staff, id));
  }

  @Get(':id/documents/:documentId')
  @ApiOperation({
    summary: 'Download a document of the conversation (assigned counsellor; audited)',
  })
  @ApiOkResponse(DOWNLOAD)
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async download(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', uuid) id: string,
    @Param('documentId', uuid) documentId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const party = await this.conversations.staff(staff, id);
    const { document, content } = await this.conversations.download(party, documentId);
    return sendDocument(response, document, content);
  }
}

@ApiTags('conversations (staff)')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@Controller('api/appointments/:id/conversation')
export class AppointmentConversationController {
  constructor(private readonly conversations: ConversationService) {}

  @Get()
  @ApiOperation({
    summary:
      "An appointment's conversation, beside the appointment in the console (assigned counsellor only)",
  })
  @ApiOkResponse({ type: ConversationDto })
  @ApiForbiddenResponse({
    type: ErrorResponseDto,
    description: 'Not the assigned counsellor, or an admin',
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', uuid) id: string,
  ): Promise<ConversationDto> {
    return toConversationDto(
      await this.conversations.read(await this.conversations.staffForAppointment(staff, id)),
    );
  }
}
