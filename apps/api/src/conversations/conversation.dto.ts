import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import type { ConversationSummary, ConversationView, MessageView } from '@app/conversations';

export class PostMessageDto {
  @ApiProperty({
    description:
      'Trimmed; 1 to CONVERSATION_MAX_CHARS characters (limits.maxChars); no control characters but newline and tab',
    example: 'Guten Tag, anbei mein Bescheid.',
  })
  @IsString()
  // A bound before the configured one, so that no megabyte string is ever looked at.
  @MaxLength(100_000)
  text: string;
}

export class MessageDocumentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Bescheid.pdf' }) fileName: string;
  @ApiProperty({ enum: ['application/pdf', 'image/jpeg', 'image/png'] }) contentType: string;
  @ApiProperty() sizeBytes: number;
}

export class MessageDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['client', 'counsellor'] }) author: 'client' | 'counsellor';
  @ApiProperty({ description: 'Written by the side that reads' }) mine: boolean;
  @ApiPropertyOptional({ description: 'Absent for a pure document message or when damaged' })
  text?: string;
  @ApiPropertyOptional({
    enum: [true],
    description: 'The stored ciphertext failed authentication: show "this message is damaged"',
  })
  damaged?: true;
  @ApiPropertyOptional({
    type: MessageDocumentDto,
    nullable: true,
    description: 'Absent: a text message; null: the document was deleted',
  })
  document?: MessageDocumentDto | null;
  @ApiProperty({ example: '2026-06-02T08:15:00.000Z' }) createdAt: string;
  @ApiProperty({ description: 'The other side has fetched it' }) delivered: boolean;
  @ApiProperty({ description: 'The other side has read it' }) read: boolean;
}

export class ConversationLimitsDto {
  @ApiProperty({ example: 4000 }) maxChars: number;
  @ApiProperty({ description: 'Documents that can still be added (shared with the document list)' })
  documentsLeft: number;
}

export class ConversationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['appointment', 'walk-in'] }) subject: 'appointment' | 'walk-in';
  @ApiProperty({ description: 'false: read-only (closed after its period)' }) open: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-06-16T09:00:00.000Z',
    description: 'When it becomes read-only; null while a walk-in ticket is still in the queue',
  })
  closesAt: string | null;
  @ApiPropertyOptional({
    description: "The client sees the counsellor's display name, the counsellor the pseudonym",
  })
  counterpartName?: string;
  @ApiProperty({ description: 'Messages from the other side not yet read by the reader' })
  unread: number;
  @ApiProperty({ type: [MessageDto], description: 'Oldest first, at most the last 500' })
  messages: MessageDto[];
  @ApiProperty({ type: ConversationLimitsDto }) limits: ConversationLimitsDto;
}

export class ConversationSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['appointment', 'walk-in'] }) subject: 'appointment' | 'walk-in';
  @ApiPropertyOptional({ format: 'uuid' }) appointmentId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) ticketId?: string;
  @ApiPropertyOptional({ description: "The client's pseudonym (counsellors only)" })
  clientName?: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Appointment start / the ticket’s queue time',
  })
  startsAt: string | null;
  @ApiProperty() unread: number;
  @ApiProperty() messageCount: number;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ type: String, nullable: true }) lastMessageAt: string | null;
  @ApiProperty() open: boolean;
}

export class ConversationUnreadDto {
  @ApiProperty({ description: 'Conversations with unread messages' }) conversations: number;
  @ApiProperty({ description: 'Unread messages in them' }) messages: number;
}

export const toMessageDto = (m: MessageView): MessageDto => ({
  id: m.id,
  author: m.author,
  mine: m.mine,
  ...(m.text !== undefined ? { text: m.text } : {}),
  ...(m.damaged ? { damaged: true as const } : {}),
  ...(m.document !== undefined ? { document: m.document } : {}),
  createdAt: m.createdAt.toISOString(),
  delivered: m.delivered,
  read: m.read,
});

export const toConversationDto = (c: ConversationView): ConversationDto => ({
  id: c.id,
  subject: c.subject,
  open: c.open,
  closesAt: c.closesAt ? new Date(c.closesAt).toISOString() : null,
  ...(c.counterpartName ? { counterpartName: c.counterpartName } : {}),
  unread: c.unread,
  messages: c.messages.map(toMessageDto),
  limits: c.limits,
});

export const toSummaryDto = (s: ConversationSummary): ConversationSummaryDto => ({
  id: s.id,
  subject: s.subject,
  ...(s.appointmentId ? { appointmentId: s.appointmentId } : {}),
  ...(s.ticketId ? { ticketId: s.ticketId } : {}),
  ...(s.clientName ? { clientName: s.clientName } : {}),
  startsAt: s.startsAt ? s.startsAt.toISOString() : null,
  unread: s.unread,
  messageCount: s.messageCount,
  sizeBytes: s.sizeBytes,
  lastMessageAt: s.lastMessageAt ? s.lastMessageAt.toISOString() : null,
  open: s.open,
});
