import {
  ConflictException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppointmentStaffService, type Actor } from '@app/appointments';
import { ChangeFeed } from '@app/change-feed';
import { Clock } from '@app/common';
import { AppConfig } from '@app/config';
import {
  DocumentService,
  type DocumentOwner,
  type DocumentView,
  type UploadedFile,
} from '@app/documents';
import { CounsellorService, fieldError } from '@app/roster';
import { officeOf, type StaffPrincipal } from '@app/staff';
import type { ConversationAuthor } from './conversation.entities.js';
import { ConversationKeys } from './conversation-keys.js';
import { CONVERSATION_NOTICES, type ConversationNoticesPort } from './conversation-notices.port.js';
import {
  ConversationRepository,
  type ConversationRow,
  type ConversationSubjectRef,
  type MessageRow,
  type SummaryRow,
} from './conversation.repository.js';
import { openMessage, sealMessage } from './message-cipher.js';

/** The most messages one read returns (the newest; older ones stay stored). */
export const MESSAGES_SHOWN = 500;

export interface MessageDocumentView {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
}

export interface MessageView {
  id: string;
  author: ConversationAuthor;
  mine: boolean;
  text?: string;
  damaged?: true;
  /** Absent: a text message; null: its document was deleted. */
  document?: MessageDocumentView | null;
  createdAt: Date;
  delivered: boolean;
  read: boolean;
}

export interface ConversationView {
  id: string;
  subject: 'appointment' | 'walk-in';
  open: boolean;
  closesAt: Date | null;
  counterpartName?: string;
  unread: number;
  messages: MessageView[];
  limits: { maxChars: number; documentsLeft: number };
}

export interface ConversationSummary {
  id: string;
  subject: 'appointment' | 'walk-in';
  appointmentId?: string;
  ticketId?: string;
  clientName?: string;
  startsAt: Date | null;
  unread: number;
  messageCount: number;
  sizeBytes: number;
  lastMessageAt: Date | null;
  open: boolean;
}

/**
 * One side of one conversation, its access checked: only `ConversationService` makes these, so
 * that every operation on a conversation starts from a checked party.
 */
export interface ConversationParty {
  readonly side: ConversationAuthor;
  readonly staffId: string | null;
  readonly conversation: ConversationRow;
}

/** Change-feed topics: one per conversation (its two sides' pages), one per counsellor's inbox. */
export const conversationTopic = (id: string): string => `conversation:${id}`;
export const counsellorConversationsTopic = (counsellorId: string): string =>
  `conversations:counsellor:${counsellorId}`;
export const officeConversationsTopic = (officeId: string): string =>
  `conversations:office:${officeId}`;

const notFound = (): NotFoundException =>
  new NotFoundException({ code: 'conversation_not_found', message: 'Conversation not found' });

/** 429 with the seconds until the author's hour frees up; the error filter adds Retry-After. */
export class TooManyMessagesException extends HttpException {
  readonly retryAfterSeconds: number;

  constructor(seconds: number, perHour: number) {
    super(
      {
        code: 'too_many_messages',
        message: `At most ${perHour} messages per hour in one conversation. Try again in ${Math.ceil(seconds / 60)} minutes.`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
    this.retryAfterSeconds = seconds;
  }
}

/** C0 controls but tab and newline, DEL and the C1 controls. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
/**
 * Bidi embeddings, overrides and isolates: they make a text read otherwise than it is stored
 * ("Rechnung\u202Egnp.exe" shows as "Rechnungexe.png"). The marks LRM/RLM stay allowed.
 */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
/** A surrogate without its pair: no character at all (String.prototype.isWellFormed, ES2024). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * How long a message's request waits for its notice to be scheduled: the message is committed by
 * then, and the notice is best effort (a queue that does not answer must not hold the author).
 */
const NOTICE_WAIT_MS = 2_000;

/**
 * Secure messages between a client and the counsellor assigned to their appointment or walk-in
 * ticket. Access is decided here, from the current assignment (a reassigned appointment's
 * conversation follows it); admins learn that a conversation exists and its size, never its
 * content. Texts are sealed with the conversation's key (conversation id, message id and author
 * as associated data); a text that fails to open is shown as damaged and never altered; no text
 * is ever logged.
 */
@Injectable()
export class ConversationService {
  private readonly logger = new Logger(ConversationService.name);

  constructor(
    private readonly conversations: ConversationRepository,
    private readonly keys: ConversationKeys,
    private readonly documents: DocumentService,
    private readonly appointments: AppointmentStaffService,
    private readonly counsellors: CounsellorService,
    private readonly feed: ChangeFeed,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @Inject(CONVERSATION_NOTICES) private readonly notices: ConversationNoticesPort,
  ) {}

  // Access

  /**
   * The client of an appointment (manage link) or a ticket (ticket link), resolved by the caller
   * from its token. The conversation is created on first use.
   */
  async client(subject: ConversationSubjectRef): Promise<ConversationParty> {
    const conversation = await this.ensure(subject);
    return { side: 'client', staffId: null, conversation };
  }

  /** The assigned counsellor of a conversation; an admin is refused (403), another office 404. */
  async staff(principal: StaffPrincipal, conversationId: string): Promise<ConversationParty> {
    const conversation = await this.conversations.byId(
      conversationId,
      this.config.CONVERSATION_OPEN_DAYS,
    );
    if (!conversation || conversation.officeId !== officeOf(principal)) throw notFound();
    return this.assertAssigned(principal, conversation);
  }

  /** The same, by the appointment (the console shows it beside the appointment). */
  async staffForAppointment(
    principal: StaffPrincipal,
    appointmentId: string,
  ): Promise<ConversationParty> {
    const appointment = await this.appointments.inOffice(principal, appointmentId);
    this.assertNotAdmin(principal);
    if (appointment.personalDataErasedAt) throw notFound();
    // Checked before the conversation (and its key) is created: looking creates nothing for
    // anyone else. Checked again on the row, which may have been reassigned meanwhile.
    await this.assertAssignedTo(principal, appointment.counsellorId);
    return this.assertAssigned(principal, await this.ensure({ appointmentId }));
  }

  /**
   * Whether the staff member may write to the conversation now (assigned, open, the hour not
   * full): for a guard that runs before an upload is read. Throws the same errors as the write.
   */
  async assertStaffMayWrite(principal: StaffPrincipal, conversationId: string): Promise<void> {
    await this.assertCanWrite(await this.staff(principal, conversationId));
  }

  // Reading

  /**
   * The conversation as the party sees it. Fetching marks the other side's messages as delivered
   * to this side (the other side's view changes only when the mark moved).
   */
  async read(party: ConversationParty): Promise<ConversationView> {
    const { conversation: c, side } = party;
    const [rows, unread, documents] = await Promise.all([
      this.conversations.messages(c.id, MESSAGES_SHOWN),
      this.conversations.unreadBy(c.id, side),
      this.documents.list(ownerOf(c)),
    ]);
    const newestOther = rows.filter((m) => m.author !== side).at(-1);
    if (newestOther && (await this.conversations.mark(c.id, side, newestOther.createdAt, false))) {
      await this.publish(c, false);
    }
    const byId = new Map(documents.map((d) => [d.id, d]));
    const key = this.openKey(c);
    const counterpart = side === 'client' ? c.counsellorName : c.clientName;
    return {
      id: c.id,
      subject: c.appointmentId ? 'appointment' : 'walk-in',
      open: this.isOpen(c),
      closesAt: c.closesAt,
      ...(counterpart ? { counterpartName: counterpart } : {}),
      unread,
      messages: rows.map((m) => this.messageView(c, side, key, m, byId)),
      limits: {
        maxChars: this.config.CONVERSATION_MAX_CHARS,
        documentsLeft: Math.max(0, this.config.DOCUMENT_MAX_PER_APPOINTMENT - documents.length),
      },
    };
  }

  /** Everything the other side wrote up to now is read (and so delivered) by this side. */
  async markRead(party: ConversationParty): Promise<void> {
    const c = party.conversation;
    const last = party.side === 'client' ? c.lastCounsellorMessageAt : c.lastClientMessageAt;
    // Read again under the latest message: one may have arrived since the party was resolved.
    const fresh = await this.conversations.byId(c.id, this.config.CONVERSATION_OPEN_DAYS);
    const upTo =
      (party.side === 'client' ? fresh?.lastCounsellorMessageAt : fresh?.lastClientMessageAt) ??
      last;
    if (upTo && (await this.conversations.mark(c.id, party.side, upTo, true))) {
      await this.publish(c, false);
    }
  }

  /** A document of the conversation's appointment or ticket; the download is audited. */
  download(
    party: ConversationParty,
    documentId: string,
  ): Promise<{ document: DocumentView; content: Buffer }> {
    return this.documents.download(ownerOf(party.conversation), documentId, actorOf(party));
  }

  // Writing

  /**
   * A text message: trimmed, 1 to CONVERSATION_MAX_CHARS characters, well-formed Unicode, no
   * control characters, no bidi overrides or isolates.
   */
  async postText(party: ConversationParty, text: string): Promise<MessageView> {
    const cleaned = text.replace(/\r\n?/g, '\n').trim();
    const length = [...cleaned].length;
    if (length === 0) throw fieldError('text', 'text must not be empty');
    if (length > this.config.CONVERSATION_MAX_CHARS) {
      throw fieldError(
        'text',
        `text must be at most ${this.config.CONVERSATION_MAX_CHARS} characters`,
      );
    }
    if (CONTROL.test(cleaned)) {
      throw fieldError('text', 'text must not contain control characters (but newline and tab)');
    }
    if (LONE_SURROGATE.test(cleaned)) {
      throw fieldError('text', 'text must be valid Unicode (it holds half of a character)');
    }
    if (BIDI_CONTROL.test(cleaned)) {
      throw fieldError(
        'text',
        'text must not contain bidirectional override or isolate characters (U+202A–U+202E, U+2066–U+2069)',
      );
    }
    await this.assertCanWrite(party);
    const c = party.conversation;
    const id = randomUUID();
    const body = sealMessage(
      this.keys.open(c),
      { conversationId: c.id, messageId: id, author: party.side },
      cleaned,
    );
    const createdAt = await this.store(party, {
      id,
      bodySealed: body,
      documentId: null,
      sizeBytes: Buffer.byteLength(cleaned),
    });
    return {
      id,
      author: party.side,
      mine: true,
      text: cleaned,
      createdAt,
      delivered: false,
      read: false,
    };
  }

  /**
   * A document message: the file is stored as a document of the conversation's appointment or
   * ticket (the document API's checks, size and count limits), then the message refers to it.
   * Should the message be refused after the upload (closed or limited meanwhile), the document
   * is removed again.
   */
  async postDocument(
    party: ConversationParty,
    file: UploadedFile | undefined,
  ): Promise<MessageView> {
    await this.assertCanWrite(party);
    const c = party.conversation;
    const owner = ownerOf(c);
    const document = await this.documents.uploadFor(owner, party.side, actorOf(party), file, {
      cancelledToo: true,
    });
    const id = randomUUID();
    let createdAt: Date;
    try {
      createdAt = await this.store(party, {
        id,
        bodySealed: null,
        documentId: document.id,
        sizeBytes: document.sizeBytes,
      });
    } catch (error) {
      await this.documents.remove(owner, document.id, actorOf(party));
      throw error;
    }
    return {
      id,
      author: party.side,
      mine: true,
      document: {
        id: document.id,
        fileName: document.fileName,
        contentType: document.contentType,
        sizeBytes: document.sizeBytes,
      },
      createdAt,
      delivered: false,
      read: false,
    };
  }

  // Lists

  /**
   * A counsellor's inbox: their conversations that are open or hold unread messages. An admin's:
   * every conversation of the office, with its size only (no names, no unread marks).
   */
  async inbox(principal: StaffPrincipal): Promise<ConversationSummary[]> {
    const days = this.config.CONVERSATION_OPEN_DAYS;
    const now = this.clock.now();
    if (principal.role === 'admin') {
      const rows = await this.conversations.ofOffice(officeOf(principal), days, now);
      return rows.map((row) => summary(row, false));
    }
    const own = await this.counsellors.forStaff(principal.staffId);
    if (!own) return [];
    const rows = await this.conversations.ofCounsellor(own.id, officeOf(principal), days, now);
    return rows.map((row) => summary(row, true));
  }

  async unread(principal: StaffPrincipal): Promise<{ conversations: number; messages: number }> {
    if (principal.role === 'admin') return { conversations: 0, messages: 0 };
    const own = await this.counsellors.forStaff(principal.staffId);
    if (!own) return { conversations: 0, messages: 0 };
    return this.conversations.unreadOfCounsellor(own.id, officeOf(principal));
  }

  /** The change-feed topic a staff member's event stream follows. */
  async staffTopic(principal: StaffPrincipal): Promise<string> {
    if (principal.role === 'admin') return officeConversationsTopic(officeOf(principal));
    const own = await this.counsellors.forStaff(principal.staffId);
    // A staff account without a counsellor profile has no conversations: a topic nobody publishes.
    return counsellorConversationsTopic(own?.id ?? `staff:${principal.staffId}`);
  }

  // Data rights

  /**
   * The conversation of an appointment for its client's data export: every message, decrypted
   * (damaged ones say so), with the documents' names. Null when it has none.
   */
  async exportFor(appointmentId: string): Promise<{
    id: string;
    messages: {
      author: ConversationAuthor;
      text: string | null;
      damaged: boolean;
      document: { id: string; fileName: string } | null;
      createdAt: string;
    }[];
  } | null> {
    const found = await this.conversations.forExport(appointmentId);
    if (!found) return null;
    const documents = new Map((await this.documents.list({ appointmentId })).map((d) => [d.id, d]));
    const key = this.openKey(found);
    return {
      id: found.id,
      messages: found.messages.map((m) => {
        const { text, damaged } = this.openText(found.id, key, m);
        const document = m.documentId ? documents.get(m.documentId) : undefined;
        return {
          author: m.author,
          text: text ?? null,
          damaged,
          document: document ? { id: document.id, fileName: document.fileName } : null,
          createdAt: new Date(m.createdAt).toISOString(),
        };
      }),
    };
  }

  /**
   * Deletes the conversations (messages and keys) of every appointment and walk-in ticket whose
   * client data has been erased. The documents they held go with the owner's documents
   * (DocumentService.purgeErased); PrivacyService runs both.
   */
  async purgeErased(): Promise<number> {
    const deleted = await this.conversations.deleteOfErased();
    if (deleted > 0) this.logger.log({ deleted }, 'conversations of erased clients deleted');
    return deleted;
  }

  // Internals

  private async ensure(subject: ConversationSubjectRef): Promise<ConversationRow> {
    const conversation = await this.conversations.ensure(
      subject,
      this.keys.create().wrapped,
      this.config.CONVERSATION_OPEN_DAYS,
    );
    if (!conversation) throw notFound();
    return conversation;
  }

  private assertNotAdmin(principal: StaffPrincipal): void {
    if (principal.role === 'admin') {
      throw new ForbiddenException({
        code: 'conversation_forbidden',
        message: 'Admins see that a conversation exists and its size, never its content',
      });
    }
  }

  private async assertAssigned(
    principal: StaffPrincipal,
    conversation: ConversationRow,
  ): Promise<ConversationParty> {
    await this.assertAssignedTo(principal, conversation.counsellorId);
    return { side: 'counsellor', staffId: principal.staffId, conversation };
  }

  /** The staff member is the counsellor given (not an admin, not another counsellor). */
  private async assertAssignedTo(
    principal: StaffPrincipal,
    counsellorId: string | null,
  ): Promise<void> {
    this.assertNotAdmin(principal);
    const own = await this.counsellors.forStaff(principal.staffId);
    if (!own || own.id !== counsellorId) {
      throw new ForbiddenException({
        code: 'conversation_forbidden',
        message: 'Only the counsellor assigned now has access to this conversation',
      });
    }
  }

  private isOpen(c: ConversationRow): boolean {
    return c.closesAt === null || new Date(c.closesAt) > this.clock.now();
  }

  /** Open, and the author's hour not full (checked again under the lock when storing). */
  private async assertCanWrite(party: ConversationParty): Promise<void> {
    const c = party.conversation;
    if (!this.isOpen(c)) {
      throw new ConflictException({
        code: 'conversation_closed',
        message: 'This conversation is closed: it can be read, but no longer written to',
      });
    }
    const now = this.clock.now();
    const recent = await this.conversations.recentBy(c.id, party.side, now);
    if (recent.count >= this.config.CONVERSATION_MESSAGES_PER_HOUR && recent.oldest) {
      throw this.tooMany(recent.oldest, now);
    }
  }

  private tooMany(oldest: Date, now: Date): TooManyMessagesException {
    const seconds = Math.max(
      1,
      Math.ceil((new Date(oldest).getTime() + 3_600_000 - now.getTime()) / 1000),
    );
    return new TooManyMessagesException(seconds, this.config.CONVERSATION_MESSAGES_PER_HOUR);
  }

  /** Stores the message, then tells the other side (feed and notice); returns its time. */
  private async store(
    party: ConversationParty,
    message: {
      id: string;
      bodySealed: Buffer | null;
      documentId: string | null;
      sizeBytes: number;
    },
  ): Promise<Date> {
    const c = party.conversation;
    const now = this.clock.now();
    const result = await this.conversations.insertLimited(
      {
        ...message,
        conversationId: c.id,
        officeId: c.officeId,
        author: party.side,
        authorStaffId: party.staffId,
        createdAt: now,
      },
      this.config.CONVERSATION_MESSAGES_PER_HOUR,
    );
    if (!result) throw notFound();
    if (!result.stored) throw this.tooMany(result.oldest, now);
    const createdAt = result.createdAt;
    await this.publish(c, true);
    await this.scheduleNotice(c, party.side, createdAt);
    return createdAt;
  }

  /**
   * Schedules the other side's notice, waiting for it at most NOTICE_WAIT_MS: the message is
   * stored and shows in the inbox; the notice is a courtesy on top. Failures (now or later) are
   * logged by id.
   */
  private async scheduleNotice(
    c: ConversationRow,
    author: ConversationAuthor,
    at: Date,
  ): Promise<void> {
    const scheduled = this.notices
      .messagePosted({
        conversationId: c.id,
        officeId: c.officeId,
        appointmentId: c.appointmentId,
        ticketId: c.ticketId,
        author,
        at,
      })
      .catch((error: unknown) => {
        this.logger.error(
          { conversationId: c.id, err: error },
          'conversation notice could not be scheduled',
        );
      });
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), NOTICE_WAIT_MS);
    });
    const outcome = await Promise.race([scheduled, waited]);
    clearTimeout(timer);
    if (outcome === 'late') {
      this.logger.warn(
        { conversationId: c.id, waitedMs: NOTICE_WAIT_MS },
        'conversation notice not scheduled in time; answering without waiting',
      );
    }
  }

  /**
   * Tells the conversation's two sides that it changed; the office's admins (who see existence
   * and size) only when a message was stored.
   */
  private async publish(c: ConversationRow, stored: boolean): Promise<void> {
    await this.feed.publish(
      conversationTopic(c.id),
      ...(stored ? [officeConversationsTopic(c.officeId)] : []),
      ...(c.counsellorId ? [counsellorConversationsTopic(c.counsellorId)] : []),
    );
  }

  private openKey(c: { id: string; masterKeyId: string; keyWrapped: string }): Buffer | null {
    try {
      return this.keys.open(c);
    } catch (error) {
      // A key wrapped by a master key this process does not have (mid-rotation): texts show damaged.
      this.logger.error(
        { conversationId: c.id, err: error },
        'conversation key cannot be unwrapped',
      );
      return null;
    }
  }

  /**
   * The text (undefined for a pure document message), or damaged when it fails authentication
   * (logged by id, never by content).
   */
  private openText(
    conversationId: string,
    key: Buffer | null,
    m: MessageRow,
  ): { text?: string; damaged: boolean } {
    if (!m.bodySealed) return { damaged: false };
    if (key) {
      try {
        return {
          text: openMessage(
            key,
            { conversationId, messageId: m.id, author: m.author },
            m.bodySealed,
          ),
          damaged: false,
        };
      } catch {
        // Logged below, without the content.
      }
    }
    this.logger.error(
      { conversationId, messageId: m.id },
      'conversation message failed authentication',
    );
    return { damaged: true };
  }

  private messageView(
    c: ConversationRow,
    side: ConversationAuthor,
    key: Buffer | null,
    m: MessageRow,
    documents: Map<string, DocumentView>,
  ): MessageView {
    const { text, damaged } = this.openText(c.id, key, m);
    const createdAt = new Date(m.createdAt);
    const otherMarks =
      m.author === 'client'
        ? { delivered: c.counsellorDeliveredAt, read: c.counsellorReadAt }
        : { delivered: c.clientDeliveredAt, read: c.clientReadAt };
    const reached = (mark: Date | null) => mark !== null && new Date(mark) >= createdAt;
    const view: MessageView = {
      id: m.id,
      author: m.author,
      mine: m.author === side,
      createdAt,
      delivered: reached(otherMarks.delivered) || reached(otherMarks.read),
      read: reached(otherMarks.read),
    };
    if (damaged) view.damaged = true;
    else if (text !== undefined) view.text = text;
    // A message without a text is a document message: its document, or null once deleted.
    if (m.documentId || !m.bodySealed) {
      const document = m.documentId ? documents.get(m.documentId) : undefined;
      view.document = document
        ? {
            id: document.id,
            fileName: document.fileName,
            contentType: document.contentType,
            sizeBytes: document.sizeBytes,
          }
        : null;
    }
    return view;
  }
}

function ownerOf(c: ConversationRow): DocumentOwner {
  return c.appointmentId
    ? { appointmentId: c.appointmentId }
    : { walkInTicketId: c.ticketId as string };
}

function actorOf(party: ConversationParty): Actor {
  return party.side === 'client'
    ? { type: 'client', id: null }
    : { type: 'staff', id: party.staffId };
}

function summary(row: SummaryRow, withName: boolean): ConversationSummary {
  return {
    id: row.id,
    subject: row.appointmentId ? 'appointment' : 'walk-in',
    ...(row.appointmentId ? { appointmentId: row.appointmentId } : {}),
    ...(row.ticketId ? { ticketId: row.ticketId } : {}),
    ...(withName && row.clientName ? { clientName: row.clientName } : {}),
    startsAt: row.startsAt ? new Date(row.startsAt) : null,
    unread: row.unread,
    messageCount: row.messageCount,
    sizeBytes: row.sizeBytes,
    lastMessageAt: row.lastMessageAt ? new Date(row.lastMessageAt) : null,
    open: row.open,
  };
}
