import {
  Body,
  Controller,
  Get,
  Headers,
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
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { BookingService } from '@app/appointments';
import { ChangeFeed } from '@app/change-feed';
import { ErrorResponseDto } from '@app/common';
import { conversationTopic, ConversationService, type ConversationParty } from '@app/conversations';
import { WalkInQueueService } from '@app/walk-in';
import { manageToken } from '../appointments/manage-token.js';
import { ManageLink, Public, RateLimit } from '../auth/auth.decorators.js';
import { ManageTokenGuard } from '../documents/documents.controller.js';
import { TICKET_TOKEN_HEADER, ticketToken } from '../walk-in/walk-in-public.controller.js';
import { DOWNLOAD, sendDocument, UPLOAD_BODY } from './conversation-http.js';
import { streamChanges } from './conversation-stream.js';
import {
  ConversationDto,
  MessageDto,
  PostMessageDto,
  toConversationDto,
  toMessageDto,
} from './conversation.dto.js';

const uuid = new ParseUUIDPipe();

/**
 * The client's side of a conversation, the same for an appointment (manage link) and a walk-in
 * ticket (ticket link): the subclasses only say how the link's token finds the conversation.
 */
abstract class ClientConversationRoutes {
  constructor(
    protected readonly conversations: ConversationService,
    private readonly feed: ChangeFeed,
  ) {}

  protected abstract party(header: string | undefined): Promise<ConversationParty>;

  protected async get(header: string | undefined): Promise<ConversationDto> {
    return toConversationDto(await this.conversations.read(await this.party(header)));
  }

  protected async post(header: string | undefined, body: PostMessageDto): Promise<MessageDto> {
    return toMessageDto(await this.conversations.postText(await this.party(header), body.text));
  }

  protected async upload(
    header: string | undefined,
    file: Express.Multer.File | undefined,
  ): Promise<MessageDto> {
    return toMessageDto(await this.conversations.postDocument(await this.party(header), file));
  }

  protected async read(header: string | undefined): Promise<void> {
    await this.conversations.markRead(await this.party(header));
  }

  protected async download(
    header: string | undefined,
    documentId: string,
    response: Response,
  ): Promise<StreamableFile> {
    const { document, content } = await this.conversations.download(
      await this.party(header),
      documentId,
    );
    return sendDocument(response, document, content);
  }

  protected async events(
    header: string | undefined,
    request: Request,
    response: Response,
  ): Promise<void> {
    // Refusals (an unknown link) are thrown before the stream starts: JSON errors.
    const party = await this.party(header);
    streamChanges(request, response, this.feed.watch(conversationTopic(party.conversation.id)));
  }
}

const STREAM_SUMMARY =
  'Server-sent events (read with fetch: the link goes in the header): "changed" on every change of the conversation (new message, read mark), comment heartbeats; at most 20 minutes';

@ApiTags('public: manage link')
@Public()
@RateLimit('manage')
@ManageLink()
@ApiNotFoundResponse({ type: ErrorResponseDto })
@Controller('api/public/manage/conversation')
export class ManageConversationController extends ClientConversationRoutes {
  constructor(
    private readonly booking: BookingService,
    conversations: ConversationService,
    feed: ChangeFeed,
  ) {
    super(conversations, feed);
  }

  protected async party(header: string | undefined): Promise<ConversationParty> {
    const appointment = await this.booking.byToken(manageToken(header));
    return this.conversations.client({ appointmentId: appointment.id });
  }

  @Get()
  @ApiOperation({
    summary: 'The conversation with the counsellor (marks their messages as delivered)',
  })
  @ApiOkResponse({ type: ConversationDto })
  getConversation(@Headers('x-manage-token') header: string | undefined): Promise<ConversationDto> {
    return this.get(header);
  }

  @Post('messages')
  @ApiOperation({ summary: 'Write to the counsellor' })
  @ApiCreatedResponse({ type: MessageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'conversation_closed' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'too_many_messages' })
  postMessage(
    @Headers('x-manage-token') header: string | undefined,
    @Body() body: PostMessageDto,
  ): Promise<MessageDto> {
    return this.post(header, body);
  }

  @Post('documents')
  @UseGuards(ManageTokenGuard)
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({ summary: 'Send a document (PDF, JPEG or PNG, checked by content)' })
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @ApiCreatedResponse({ type: MessageDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Closed, or the document limit' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorResponseDto })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto })
  postDocument(
    @Headers('x-manage-token') header: string | undefined,
    @UploadedFile() file: Express.Multer.File | undefined,
  ): Promise<MessageDto> {
    return this.upload(header, file);
  }

  @Post('read')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Everything the counsellor wrote up to now is read' })
  @ApiNoContentResponse()
  markRead(@Headers('x-manage-token') header: string | undefined): Promise<void> {
    return this.read(header);
  }

  @Get('documents/:documentId')
  @ApiOperation({ summary: 'Download a document of the conversation' })
  @ApiOkResponse(DOWNLOAD)
  getDocument(
    @Headers('x-manage-token') header: string | undefined,
    @Param('documentId', uuid) documentId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    return this.download(header, documentId, response);
  }

  @Get('events')
  @SkipThrottle()
  @RateLimit('stream')
  @ApiOperation({ summary: STREAM_SUMMARY })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'Events named "changed"' })
  streamEvents(
    @Headers('x-manage-token') header: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.events(header, request, response);
  }
}

/** Checks the ticket link before an upload is read (guards run before the file interceptor). */
@Injectable()
export class TicketTokenGuard implements CanActivate {
  constructor(private readonly queue: WalkInQueueService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const header = context.switchToHttp().getRequest<Request>().headers['x-ticket-token'];
    await this.queue.byToken(ticketToken(header));
    return true;
  }
}

@ApiTags('walk-in (public)')
@Public()
@RateLimit('manage')
@ApiHeader(TICKET_TOKEN_HEADER)
@ApiNotFoundResponse({ type: ErrorResponseDto })
@Controller('api/public/walk-in/ticket/conversation')
export class TicketConversationController extends ClientConversationRoutes {
  constructor(
    private readonly queue: WalkInQueueService,
    conversations: ConversationService,
    feed: ChangeFeed,
  ) {
    super(conversations, feed);
  }

  protected async party(header: string | undefined): Promise<ConversationParty> {
    const ticket = await this.queue.byToken(ticketToken(header));
    return this.conversations.client({ ticketId: ticket.id });
  }

  @Get()
  @ApiOperation({
    summary: 'The conversation with the counsellor (marks their messages as delivered)',
  })
  @ApiOkResponse({ type: ConversationDto })
  getConversation(@Headers('x-ticket-token') header: string | undefined): Promise<ConversationDto> {
    return this.get(header);
  }

  @Post('messages')
  @ApiOperation({ summary: 'Write to the counsellor' })
  @ApiCreatedResponse({ type: MessageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'conversation_closed' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'too_many_messages' })
  postMessage(
    @Headers('x-ticket-token') header: string | undefined,
    @Body() body: PostMessageDto,
  ): Promise<MessageDto> {
    return this.post(header, body);
  }

  @Post('documents')
  @UseGuards(TicketTokenGuard)
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({ summary: 'Send a document (PDF, JPEG or PNG, checked by content)' })
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @ApiCreatedResponse({ type: MessageDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Closed, or the document limit' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorResponseDto })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto })
  postDocument(
    @Headers('x-ticket-token') header: string | undefined,
    @UploadedFile() file: Express.Multer.File | undefined,
  ): Promise<MessageDto> {
    return this.upload(header, file);
  }

  @Post('read')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Everything the counsellor wrote up to now is read' })
  @ApiNoContentResponse()
  markRead(@Headers('x-ticket-token') header: string | undefined): Promise<void> {
    return this.read(header);
  }

  @Get('documents/:documentId')
  @ApiOperation({ summary: 'Download a document of the conversation' })
  @ApiOkResponse(DOWNLOAD)
  getDocument(
    @Headers('x-ticket-token') header: string | undefined,
    @Param('documentId', uuid) documentId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    return this.download(header, documentId, response);
  }

  @Get('events')
  @SkipThrottle()
  @RateLimit('stream')
  @ApiOperation({ summary: STREAM_SUMMARY })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'Events named "changed"' })
  streamEvents(
    @Headers('x-ticket-token') header: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.events(header, request, response);
  }
}
