import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ConversationAuthor } from './conversation.entities.js';

/** What a conversation is about: an appointment or a walk-in ticket. */
export type ConversationSubjectRef = { appointmentId: string } | { ticketId: string };

/** A conversation with what access and display need from its appointment or ticket. */
export interface ConversationRow {
  id: string;
  officeId: string;
  appointmentId: string | null;
  ticketId: string | null;
  keyWrapped: string;
  masterKeyId: string;
  clientDeliveredAt: Date | null;
  clientReadAt: Date | null;
  counsellorDeliveredAt: Date | null;
  counsellorReadAt: Date | null;
  lastClientMessageAt: Date | null;
  lastCounsellorMessageAt: Date | null;
  messageCount: number;
  sizeBytes: number;
  /** The counsellor assigned now (appointment.counsellor_id; ticket.counsellor_id ?? assigned). */
  counsellorId: string | null;
  counsellorName: string | null;
  clientName: string | null;
  /** Appointment start or the ticket's place in the queue. */
  startsAt: Date | null;
  /** When it becomes read-only; null while a ticket is still in the queue or the call. */
  closesAt: Date | null;
}

export interface MessageRow {
  id: string;
  author: ConversationAuthor;
  bodySealed: Buffer | null;
  documentId: string | null;
  sizeBytes: number;
  createdAt: Date;
}

export interface NewMessage {
  id: string;
  conversationId: string;
  officeId: string;
  author: ConversationAuthor;
  authorStaffId: string | null;
  bodySealed: Buffer | null;
  documentId: string | null;
  sizeBytes: number;
  createdAt: Date;
}

export interface SummaryRow {
  id: string;
  appointmentId: string | null;
  ticketId: string | null;
  clientName: string | null;
  startsAt: Date | null;
  unread: number;
  messageCount: number;
  sizeBytes: number;
  lastMessageAt: Date | null;
  open: boolean;
}

/**
 * When a conversation closes, in SQL (the one place of the rule, for one conversation and for
 * lists): CONVERSATION_OPEN_DAYS (`$days`) after the appointment's end — for a cancelled one after
 * the cancellation or the planned end, whichever is later — or after the walk-in ticket was
 * finished (served, missed, left, expired); a ticket still in the queue or the call has no end yet.
 * The cancellation's time is its audit entry (every cancellation goes through
 * BookingService.cancelAs, which writes `appointment.cancelled`): `updated_at` would move on every
 * later save. Without such an entry the planned end counts.
 */
const closesAt = (days: string): string => `CASE
  WHEN c.appointment_id IS NOT NULL THEN
    (CASE WHEN a.status = 'cancelled' THEN greatest(a.ends_at,
       (SELECT max(e.occurred_at) FROM audit_event e
         WHERE e.appointment_id = a.id AND e.action = 'appointment.cancelled'))
     ELSE a.ends_at END)
      + make_interval(days => ${days})
  ELSE t.finished_at + make_interval(days => ${days}) END`;

/**
 * What a conversation holds now: its messages' sizes, a deleted document's message no longer
 * counting (its document is gone; the message stays, `document: null`). Computed rather than read
 * from `conversation.size_bytes`, which only grows: documents are deleted by the document API.
 */
const HELD_BYTES = `(SELECT coalesce(sum(m.size_bytes), 0)::float8 FROM conversation_message m
  WHERE m.conversation_id = c.id AND (m.body_sealed IS NOT NULL OR m.document_id IS NOT NULL))`;

const CONVERSATION_COLUMNS = `c.id, c.office_id AS "officeId", c.appointment_id AS "appointmentId",
  c.walk_in_ticket_id AS "ticketId", c.key_wrapped AS "keyWrapped", c.master_key_id AS "masterKeyId",
  c.client_delivered_at AS "clientDeliveredAt", c.client_read_at AS "clientReadAt",
  c.counsellor_delivered_at AS "counsellorDeliveredAt", c.counsellor_read_at AS "counsellorReadAt",
  c.last_client_message_at AS "lastClientMessageAt",
  c.last_counsellor_message_at AS "lastCounsellorMessageAt",
  c.message_count AS "messageCount", c.size_bytes::float8 AS "sizeBytes"`;

/** The conversation and its subject; erased subjects are left out (their conversation is going). */
const SUBJECT_JOINS = `FROM conversation c
  LEFT JOIN appointment a ON a.id = c.appointment_id
  LEFT JOIN walk_in_ticket t ON t.id = c.walk_in_ticket_id
  LEFT JOIN counsellor co ON co.id = coalesce(a.counsellor_id, t.counsellor_id, t.assigned_counsellor_id)
  WHERE coalesce(a.personal_data_erased_at, t.personal_data_erased_at) IS NULL`;

/** The marks of a side: what it has fetched and read, and what it wrote last. */
const MARKS = {
  client: { delivered: 'client_delivered_at', read: 'client_read_at' },
  counsellor: { delivered: 'counsellor_delivered_at', read: 'counsellor_read_at' },
} as const;
const LAST_MESSAGE = {
  client: 'last_client_message_at',
  counsellor: 'last_counsellor_message_at',
} as const;
const other = (side: ConversationAuthor): ConversationAuthor =>
  side === 'client' ? 'counsellor' : 'client';

/** The only place that touches the `conversation` and `conversation_message` tables. */
@Injectable()
export class ConversationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The subject's conversation, created with the given wrapped key when it has none yet (two
   * first requests at once: one insert wins, both read the same row). Null when the subject is
   * unknown or its client data is erased: no conversation is (re)created then.
   */
  async ensure(
    subject: ConversationSubjectRef,
    wrapped: { sealed: string; keyId: string },
    openDays: number,
  ): Promise<ConversationRow | null> {
    const byAppointment = 'appointmentId' in subject;
    const id = byAppointment ? subject.appointmentId : subject.ticketId;
    await this.dataSource.query(
      byAppointment
        ? `INSERT INTO conversation (office_id, appointment_id, key_wrapped, master_key_id)
           SELECT office_id, id, $2, $3 FROM appointment
            WHERE id = $1 AND personal_data_erased_at IS NULL
           ON CONFLICT (appointment_id) DO NOTHING`
        : `INSERT INTO conversation (office_id, walk_in_ticket_id, key_wrapped, master_key_id)
           SELECT office_id, id, $2, $3 FROM walk_in_ticket
            WHERE id = $1 AND personal_data_erased_at IS NULL
           ON CONFLICT (walk_in_ticket_id) DO NOTHING`,
      [id, wrapped.sealed, wrapped.keyId],
    );
    const [row] = await this.dataSource.query<ConversationRow[]>(
      `SELECT ${CONVERSATION_COLUMNS}, ${this.subjectColumns()}, ${closesAt('$2::int')} AS "closesAt"
         ${SUBJECT_JOINS} AND ${byAppointment ? 'c.appointment_id' : 'c.walk_in_ticket_id'} = $1`,
      [id, openDays],
    );
    return row ?? null;
  }

  async byId(id: string, openDays: number): Promise<ConversationRow | null> {
    const [row] = await this.dataSource.query<ConversationRow[]>(
      `SELECT ${CONVERSATION_COLUMNS}, ${this.subjectColumns()}, ${closesAt('$2::int')} AS "closesAt"
         ${SUBJECT_JOINS} AND c.id = $1`,
      [id, openDays],
    );
    return row ?? null;
  }

  /** The last `limit` messages, oldest first. */
  messages(conversationId: string, limit: number): Promise<MessageRow[]> {
    return this.dataSource.query<MessageRow[]>(
      `SELECT * FROM (
         SELECT id, author, body_sealed AS "bodySealed", document_id AS "documentId",
                size_bytes AS "sizeBytes", created_at AS "createdAt"
           FROM conversation_message WHERE conversation_id = $1
          ORDER BY created_at DESC, id DESC LIMIT $2) m
        ORDER BY "createdAt", id`,
      [conversationId, limit],
    );
  }

  /** Messages of the other side written after the reader's read mark. */
  async unreadBy(conversationId: string, reader: ConversationAuthor): Promise<number> {
    const [{ count }] = await this.dataSource.query<[{ count: number }]>(
      `SELECT count(*)::int AS count FROM conversation_message m JOIN conversation c ON c.id = m.conversation_id
        WHERE c.id = $1 AND m.author = $2
          AND m.created_at > coalesce(c.${MARKS[reader].read}, '-infinity')`,
      [conversationId, other(reader)],
    );
    return count;
  }

  /**
   * The author's messages in this conversation within the hour before `now`, and the oldest of
   * them (the window frees up an hour after it).
   */
  async recentBy(
    conversationId: string,
    author: ConversationAuthor,
    now: Date,
  ): Promise<{ count: number; oldest: Date | null }> {
    const [row] = await this.dataSource.query<[{ count: number; oldest: Date | null }]>(
      `SELECT count(*)::int AS count, min(created_at) AS oldest FROM conversation_message
        WHERE conversation_id = $1 AND author = $2 AND created_at > $3::timestamptz - interval '1 hour'`,
      [conversationId, author, now],
    );
    return row;
  }

  /**
   * Stores a message and updates the conversation's counters in one transaction, one message at
   * a time per conversation (the row lock), re-counting the author's last hour under the lock so
   * that parallel posts cannot pass the limit together. Returns the oldest message of a full
   * window instead of inserting; null when the conversation is gone (erased meanwhile). A message
   * is stored at least a millisecond after the one before, so that the order of the conversation
   * is the order of its times (and the marks, "up to this instant", never split a tie).
   */
  async insertLimited(
    message: NewMessage,
    perHour: number,
  ): Promise<{ stored: true; createdAt: Date } | { stored: false; oldest: Date } | null> {
    return this.dataSource.transaction(async (manager) => {
      const [locked] = await manager.query<{ id: string }[]>(
        'SELECT id FROM conversation WHERE id = $1 FOR UPDATE',
        [message.conversationId],
      );
      if (!locked) return null;
      const [recent] = await manager.query<[{ count: number; oldest: Date | null; at: Date }]>(
        `SELECT count(*) FILTER (WHERE author = $2 AND created_at > $3::timestamptz - interval '1 hour')::int AS count,
                min(created_at) FILTER (WHERE author = $2 AND created_at > $3::timestamptz - interval '1 hour') AS oldest,
                greatest($3::timestamptz, max(created_at) + interval '1 millisecond') AS at
           FROM conversation_message WHERE conversation_id = $1`,
        [message.conversationId, message.author, message.createdAt],
      );
      if (recent.count >= perHour && recent.oldest) return { stored: false, oldest: recent.oldest };
      const createdAt = new Date(recent.at);
      await manager.query(
        `INSERT INTO conversation_message (id, conversation_id, office_id, author, author_staff_id,
           body_sealed, document_id, size_bytes, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          message.id,
          message.conversationId,
          message.officeId,
          message.author,
          message.authorStaffId,
          message.bodySealed,
          message.documentId,
          message.sizeBytes,
          createdAt,
        ],
      );
      const last = LAST_MESSAGE[message.author];
      await manager.query(
        `UPDATE conversation SET message_count = message_count + 1, size_bytes = size_bytes + $2,
                ${last} = greatest(${last}, $3::timestamptz)
          WHERE id = $1`,
        [message.conversationId, message.sizeBytes, createdAt],
      );
      return { stored: true, createdAt };
    });
  }

  /**
   * Moves a side's delivered mark (and with `read`, its read mark) forward to `upTo`; never back.
   * True when a mark moved (the other side's view changes: worth a notification).
   */
  async mark(
    conversationId: string,
    side: ConversationAuthor,
    upTo: Date,
    read: boolean,
  ): Promise<boolean> {
    const { delivered, read: readMark } = MARKS[side];
    const moves = [`${delivered} = greatest(${delivered}, $2::timestamptz)`];
    const when = [`coalesce(${delivered}, '-infinity') < $2::timestamptz`];
    if (read) {
      moves.push(`${readMark} = greatest(${readMark}, $2::timestamptz)`);
      when.push(`coalesce(${readMark}, '-infinity') < $2::timestamptz`);
    }
    // An UPDATE answers [rows, count] (TypeORM's postgres driver, over PGlite's socket too).
    const [, count] = await this.dataSource.query<[unknown, number]>(
      `UPDATE conversation SET ${moves.join(', ')} WHERE id = $1 AND (${when.join(' OR ')})`,
      [conversationId, upTo],
    );
    return count > 0;
  }

  /**
   * A counsellor's conversations (with at least one message) that are open or still hold unread
   * client messages: unread first, then by the newest message.
   */
  ofCounsellor(
    counsellorId: string,
    officeId: string,
    openDays: number,
    now: Date,
  ): Promise<SummaryRow[]> {
    return this.dataSource.query<SummaryRow[]>(
      `SELECT * FROM (
         SELECT c.id, c.appointment_id AS "appointmentId", c.walk_in_ticket_id AS "ticketId",
                coalesce(a.client_pseudonym, t.pseudonym) AS "clientName",
                coalesce(a.starts_at, t.queued_at) AS "startsAt",
                (SELECT count(*)::int FROM conversation_message m
                  WHERE m.conversation_id = c.id AND m.author = 'client'
                    AND m.created_at > coalesce(c.counsellor_read_at, '-infinity')) AS unread,
                c.message_count AS "messageCount", ${HELD_BYTES} AS "sizeBytes",
                greatest(c.last_client_message_at, c.last_counsellor_message_at) AS "lastMessageAt",
                coalesce(${closesAt('$3::int')} > $4::timestamptz, true) AS open
           ${SUBJECT_JOINS} AND c.office_id = $2 AND c.message_count > 0
            AND coalesce(a.counsellor_id, t.counsellor_id, t.assigned_counsellor_id) = $1) s
        WHERE open OR unread > 0
        ORDER BY (unread > 0) DESC, "lastMessageAt" DESC NULLS LAST, id
        LIMIT 500`,
      [counsellorId, officeId, openDays, now],
    );
  }

  /** An office's conversations with messages, for admins: existence and size, nothing else. */
  ofOffice(officeId: string, openDays: number, now: Date): Promise<SummaryRow[]> {
    return this.dataSource.query<SummaryRow[]>(
      `SELECT c.id, c.appointment_id AS "appointmentId", c.walk_in_ticket_id AS "ticketId",
              NULL AS "clientName", coalesce(a.starts_at, t.queued_at) AS "startsAt", 0 AS unread,
              c.message_count AS "messageCount", ${HELD_BYTES} AS "sizeBytes",
              greatest(c.last_client_message_at, c.last_counsellor_message_at) AS "lastMessageAt",
              coalesce(${closesAt('$2::int')} > $3::timestamptz, true) AS open
         ${SUBJECT_JOINS} AND c.office_id = $1 AND c.message_count > 0
        ORDER BY "lastMessageAt" DESC NULLS LAST, c.id
        LIMIT 500`,
      [officeId, openDays, now],
    );
  }

  /** A counsellor's unread: conversations with unread client messages, and those messages. */
  async unreadOfCounsellor(
    counsellorId: string,
    officeId: string,
  ): Promise<{ conversations: number; messages: number }> {
    const [row] = await this.dataSource.query<[{ conversations: number; messages: number }]>(
      `SELECT count(*)::int AS conversations, coalesce(sum(unread), 0)::int AS messages FROM (
         SELECT (SELECT count(*) FROM conversation_message m
                  WHERE m.conversation_id = c.id AND m.author = 'client'
                    AND m.created_at > coalesce(c.counsellor_read_at, '-infinity')) AS unread
           ${SUBJECT_JOINS} AND c.office_id = $2
            AND coalesce(a.counsellor_id, t.counsellor_id, t.assigned_counsellor_id) = $1
            AND c.last_client_message_at > coalesce(c.counsellor_read_at, '-infinity')) s`,
      [counsellorId, officeId],
    );
    return row;
  }

  /**
   * Deletes the conversations of appointments and walk-in tickets whose client data has been
   * erased, their messages with them (the documents go with the owner's documents). Idempotent.
   */
  async deleteOfErased(): Promise<number> {
    // A DELETE answers [rows, count].
    const [, count] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM conversation c
        WHERE EXISTS (SELECT 1 FROM appointment a
                       WHERE a.id = c.appointment_id AND a.personal_data_erased_at IS NOT NULL)
           OR EXISTS (SELECT 1 FROM walk_in_ticket t
                       WHERE t.id = c.walk_in_ticket_id AND t.personal_data_erased_at IS NOT NULL)`,
    );
    return count;
  }

  /** The appointment's conversation key and messages, for the client's data export. */
  async forExport(appointmentId: string): Promise<{
    id: string;
    keyWrapped: string;
    masterKeyId: string;
    messages: MessageRow[];
  } | null> {
    const [conversation] = await this.dataSource.query<
      { id: string; keyWrapped: string; masterKeyId: string }[]
    >(
      `SELECT id, key_wrapped AS "keyWrapped", master_key_id AS "masterKeyId"
         FROM conversation WHERE appointment_id = $1`,
      [appointmentId],
    );
    if (!conversation) return null;
    const messages = await this.dataSource.query<MessageRow[]>(
      `SELECT id, author, body_sealed AS "bodySealed", document_id AS "documentId",
              size_bytes AS "sizeBytes", created_at AS "createdAt"
         FROM conversation_message WHERE conversation_id = $1 ORDER BY created_at, id`,
      [conversation.id],
    );
    return { ...conversation, messages };
  }

  async countWrappedUnderOtherThan(keyId: string): Promise<number> {
    const [{ count }] = await this.dataSource.query<[{ count: number }]>(
      'SELECT count(*)::int AS count FROM conversation WHERE master_key_id <> $1',
      [keyId],
    );
    return count;
  }

  wrappedUnderOtherThan(
    keyId: string,
    limit: number,
  ): Promise<{ id: string; keyWrapped: string; masterKeyId: string }[]> {
    return this.dataSource.query(
      `SELECT id, key_wrapped AS "keyWrapped", master_key_id AS "masterKeyId" FROM conversation
        WHERE master_key_id <> $1 LIMIT $2`,
      [keyId, limit],
    );
  }

  /** Replaces a wrapped key unless another rotation changed it meanwhile. */
  async replaceWrappedKey(
    id: string,
    currentKeyId: string,
    wrapped: { sealed: string; keyId: string },
  ): Promise<void> {
    await this.dataSource.query(
      'UPDATE conversation SET key_wrapped = $2, master_key_id = $3 WHERE id = $1 AND master_key_id = $4',
      [id, wrapped.sealed, wrapped.keyId, currentKeyId],
    );
  }

  private subjectColumns(): string {
    return `coalesce(a.counsellor_id, t.counsellor_id, t.assigned_counsellor_id) AS "counsellorId",
      co.display_name AS "counsellorName",
      coalesce(a.client_pseudonym, t.pseudonym) AS "clientName",
      coalesce(a.starts_at, t.queued_at) AS "startsAt"`;
  }
}
