import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Channel, LocalizedText } from '@app/roster';
import type { AppointmentStatus } from './appointment.entity.js';

/**
 * One appointment as its interpreter sees it: time, type, counsellor, language, status and the
 * client's pseudonym. Never the client's contact, note or messages.
 */
export interface InterpreterAssignmentRow {
  id: string;
  status: AppointmentStatus;
  startsAt: Date;
  endsAt: Date;
  pseudonym: string | null;
  interpreterLanguage: string;
  clientLanguage: string;
  typeName: LocalizedText;
  channel: Channel;
  joinOpensMinutesBefore: number;
  joinClosesMinutesAfter: number;
  counsellorName: string;
  officeName: LocalizedText;
}

/** The reads of an interpreter's own assignments. */
@Injectable()
export class InterpreterAssignmentRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The interpreter's appointments overlapping [from, to), held times left out, by start. */
  assignments(interpreterId: string, from: Date, to: Date): Promise<InterpreterAssignmentRow[]> {
    return this.dataSource.query<InterpreterAssignmentRow[]>(
      `SELECT a.id, a.status, a.starts_at AS "startsAt", a.ends_at AS "endsAt",
              a.client_pseudonym AS pseudonym, a.interpreter_language AS "interpreterLanguage",
              a.client_language AS "clientLanguage", t.name AS "typeName",
              CASE WHEN v.switched_to_phone_at IS NOT NULL THEN 'phone' ELSE t.channel END AS channel,
              t.join_opens_minutes_before AS "joinOpensMinutesBefore",
              t.join_closes_minutes_after AS "joinClosesMinutesAfter",
              c.display_name AS "counsellorName", o.name AS "officeName"
         FROM appointment a
         JOIN consultation_type t ON t.id = a.consultation_type_id
         JOIN counsellor c ON c.id = a.counsellor_id
         JOIN office o ON o.id = a.office_id
         LEFT JOIN video_session v ON v.appointment_id = a.id
        WHERE a.interpreter_id = $1 AND a.status <> 'held'
          AND a.starts_at < $3 AND a.ends_at > $2
        ORDER BY a.starts_at, a.id`,
      [interpreterId, from, to],
    );
  }
}
