import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hashToken } from '@app/common';
import type { ClientResponse } from '@app/appointments';
import type { OfficeText } from '@app/offices';
import type { MessengerName } from './platforms/platform.js';

export type MessengerTarget = { appointmentId: string } | { ticketId: string };

export interface Binding {
  id: string;
  channel: MessengerName;
  chatId: string;
  officeId: string;
  appointmentId: string | null;
  ticketId: string | null;
  language: string;
  lastAutoReplyAt: Date | null;
  lastNotifiedAt: Date | null;
}

export interface LinkTarget {
  officeId: string;
  appointmentId: string | null;
  ticketId: string | null;
}

export interface AppointmentState {
  id: string;
  status: string;
  version: number;
  officeId: string;
  startsAt: Date;
  timeZone: string;
  officeName: OfficeText;
  language: string;
}

const BINDING_COLUMNS = `id, channel, chat_id AS "chatId", office_id AS "officeId",
  appointment_id AS "appointmentId", ticket_id AS "ticketId", language,
  last_auto_reply_at AS "lastAutoReplyAt", last_notified_at AS "lastNotifiedAt"`;

function targetColumn(target: MessengerTarget): [string, string] {
  return 'appointmentId' in target
    ? ['appointment_id', target.appointmentId]
    : ['ticket_id', target.ticketId];
}

/** Opt-in codes, bound chats and handled webhook events; and what a reply reads and changes. */
@Injectable()
export class MessengerRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stores a code's hash and drops the target's codes beyond the newest `keep`. */
  async insertLink(
    codeHash: string,
    channel: MessengerName,
    target: LinkTarget,
    expiresAt: Date,
    keep: number,
  ): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO messenger_link (code_hash, channel, office_id, appointment_id, ticket_id, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [codeHash, channel, target.officeId, target.appointmentId, target.ticketId, expiresAt],
      );
      await tx.query(
        `DELETE FROM messenger_link WHERE code_hash IN (
           SELECT code_hash FROM messenger_link
            WHERE appointment_id IS NOT DISTINCT FROM $1 AND ticket_id IS NOT DISTINCT FROM $2
            ORDER BY created_at DESC, code_hash OFFSET $3)`,
        [target.appointmentId, target.ticketId, keep],
      );
    });
  }

  /** Uses a code up: its target, once, while it is valid; null otherwise. */
  async consumeLink(
    codeHash: string,
    channel: MessengerName,
    now: Date,
  ): Promise<LinkTarget | null> {
    // A DELETE … RETURNING answers [rows, count].
    const [rows] = await this.dataSource.query<[LinkTarget[], number]>(
      `DELETE FROM messenger_link WHERE code_hash = $1 AND channel = $2 AND expires_at > $3
       RETURNING office_id AS "officeId", appointment_id AS "appointmentId", ticket_id AS "ticketId"`,
      [codeHash, channel, now],
    );
    return rows[0] ?? null;
  }

  /** A second opt-in for the same target and messenger moves it to the newer chat. */
  async upsertBinding(
    channel: MessengerName,
    chatId: string,
    link: LinkTarget,
    language: string,
  ): Promise<void> {
    const conflict = link.appointmentId
      ? `("appointment_id", "channel") WHERE "appointment_id" IS NOT NULL`
      : `("ticket_id", "channel") WHERE "ticket_id" IS NOT NULL`;
    await this.dataSource.query(
      `INSERT INTO messenger_binding (channel, chat_id, office_id, appointment_id, ticket_id, language)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ${conflict} DO UPDATE SET chat_id = EXCLUDED.chat_id, language = EXCLUDED.language,
         last_auto_reply_at = NULL`,
      [channel, chatId, link.officeId, link.appointmentId, link.ticketId, language],
    );
  }

  bindingsOf(target: MessengerTarget): Promise<Binding[]> {
    const [column, id] = targetColumn(target);
    return this.dataSource.query<Binding[]>(
      `SELECT ${BINDING_COLUMNS} FROM messenger_binding WHERE ${column} = $1 ORDER BY channel`,
      [id],
    );
  }

  bindingsOfChat(channel: MessengerName, chatId: string): Promise<Binding[]> {
    return this.dataSource.query<Binding[]>(
      `SELECT ${BINDING_COLUMNS} FROM messenger_binding WHERE channel = $1 AND chat_id = $2
        ORDER BY created_at DESC`,
      [channel, chatId],
    );
  }

  async unbind(target: MessengerTarget, channel: MessengerName): Promise<boolean> {
    const [column, id] = targetColumn(target);
    const [, count] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM messenger_binding WHERE ${column} = $1 AND channel = $2`,
      [id, channel],
    );
    return count > 0;
  }

  /**
   * Sets the time of the binding's automatic answer, unless one was given after `since`: true when
   * this caller may answer (two webhook calls at once answer once).
   */
  async claimAutoReply(bindingId: string, now: Date, since: Date): Promise<boolean> {
    const [, count] = await this.dataSource.query<[unknown, number]>(
      `UPDATE messenger_binding SET last_auto_reply_at = $2
        WHERE id = $1 AND (last_auto_reply_at IS NULL OR last_auto_reply_at < $3)`,
      [bindingId, now, since],
    );
    return count > 0;
  }

  /**
   * Records a platform's event id (its SHA-256: a WhatsApp message id contains the sender's
   * number); false when it was recorded before (a replay).
   */
  async firstTime(channel: string, eventId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `INSERT INTO messenger_inbound (channel, event_id) VALUES ($1, $2)
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [channel, hashToken(eventId)],
    );
    return rows.length === 1;
  }

  /** Forgets an event id, so that the platform's retry of it is handled (it failed midway). */
  async forget(channel: string, eventId: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM messenger_inbound WHERE channel = $1 AND event_id = $2`,
      [channel, hashToken(eventId)],
    );
  }

  /** The offices of these appointments. */
  async officesOf(appointmentIds: string[]): Promise<string[]> {
    const rows = await this.dataSource.query<{ office_id: string }[]>(
      `SELECT DISTINCT office_id FROM appointment WHERE id = ANY($1::uuid[])`,
      [appointmentIds],
    );
    return rows.map((row) => row.office_id);
  }

  /** The chat got a notification about this binding's appointment or ticket now. */
  async noteNotified(bindingId: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE messenger_binding SET last_notified_at = $2 WHERE id = $1`,
      [bindingId, at],
    );
  }

  /**
   * The binding a typed keyword of this chat acts on: among its live appointments and tickets in
   * a queue, the one the chat heard of last (bound or notified); null when none is live.
   */
  async latestLiveBinding(channel: string, chatId: string, now: Date): Promise<string | null> {
    const [row] = await this.dataSource.query<{ id: string }[]>(
      `SELECT b.id FROM messenger_binding b
         LEFT JOIN appointment a
           ON a.id = b.appointment_id AND a.status = 'confirmed' AND a.ends_at > $3
         LEFT JOIN walk_in_ticket t ON t.id = b.ticket_id AND t.status IN ('waiting', 'called')
        WHERE b.channel = $1 AND b.chat_id = $2 AND (a.id IS NOT NULL OR t.id IS NOT NULL)
        ORDER BY greatest(b.created_at, coalesce(b.last_notified_at, b.created_at)) DESC
        LIMIT 1`,
      [channel, chatId, now],
    );
    return row?.id ?? null;
  }

  /**
   * Deletes event ids older than `keepDays` (by the database's clock, which stamped them) and
   * codes expired by `now`.
   */
  async purge(keepDays: number, now: Date): Promise<number> {
    const [, events] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM messenger_inbound WHERE received_at < now() - make_interval(days => $1)`,
      [keepDays],
    );
    const [, codes] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM messenger_link WHERE expires_at < $1`,
      [now],
    );
    return events + codes;
  }

  /** The next live appointment with this phone contact (E.164, as contacts are stored). */
  async appointmentByPhone(
    phone: string,
    now: Date,
  ): Promise<{ id: string; language: string } | null> {
    const [row] = await this.dataSource.query<{ id: string; language: string }[]>(
      `SELECT id, client_language AS language FROM appointment
        WHERE contact_value = $1 AND contact_channel = 'phone' AND status = 'confirmed'
          AND ends_at > $2
        ORDER BY starts_at LIMIT 1`,
      [phone, now],
    );
    return row ?? null;
  }

  /** The newest ticket in a queue with this phone contact (E.164). */
  async ticketByPhone(phone: string): Promise<{ id: string; language: string } | null> {
    const [row] = await this.dataSource.query<{ id: string; language: string }[]>(
      `SELECT id, language FROM walk_in_ticket
        WHERE contact_value = $1 AND contact_channel = 'phone' AND status IN ('waiting', 'called')
        ORDER BY taken_at DESC LIMIT 1`,
      [phone],
    );
    return row ?? null;
  }

  /** Records the client's answer on a live appointment; its office, or null when not live. */
  async setClientResponse(
    appointmentId: string,
    response: ClientResponse,
    at: Date,
  ): Promise<string | null> {
    const [rows] = await this.dataSource.query<[{ office_id: string }[], number]>(
      `UPDATE appointment SET client_response = $2, client_response_at = $3
        WHERE id = $1 AND status = 'confirmed' AND ends_at > $3 RETURNING office_id`,
      [appointmentId, response, at],
    );
    return rows[0]?.office_id ?? null;
  }

  async appointmentState(id: string): Promise<AppointmentState | null> {
    const [row] = await this.dataSource.query<AppointmentState[]>(
      `SELECT a.id, a.status, a.version, a.office_id AS "officeId", a.starts_at AS "startsAt",
              o.time_zone AS "timeZone", o.name AS "officeName", a.client_language AS language
         FROM appointment a JOIN office o ON o.id = a.office_id
        WHERE a.id = $1 AND a.personal_data_erased_at IS NULL`,
      [id],
    );
    return row ?? null;
  }
}
