import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppointmentStatus } from '@app/appointments';
import type { InterpreterNoticeKind } from '@app/queue';
import type { Channel, LocalizedText } from '@app/roster';

/** An appointment as its interpreter notices are planned from. */
export interface InterpreterPlanningState {
  id: string;
  version: number;
  status: AppointmentStatus;
  interpreterId: string | null;
}

/** One interpreter notice of the log (not failed): who was told what, about which version. */
export interface InterpreterNoticeEntry {
  appointmentId: string;
  interpreterId: string;
  kind: InterpreterNoticeKind;
  version: number;
}

/** What an interpreter's notice says, read fresh when it is sent. No client data is read. */
export interface InterpreterNoticeView {
  id: string;
  version: number;
  status: AppointmentStatus;
  startsAt: Date;
  endsAt: Date;
  /** The appointment's interpreter now (another one's notice may be about being taken off). */
  currentInterpreterId: string | null;
  interpreterLanguage: string | null;
  typeName: LocalizedText;
  channel: Channel;
  counsellorName: string;
  officeName: LocalizedText;
}

/** The interpreter a notice goes to: their active staff account's address. */
export interface InterpreterRecipient {
  id: string;
  email: string | null;
  timeZone: string;
  languages: string[];
}

export const INTERPRETER_NOTICE_KINDS: readonly InterpreterNoticeKind[] = [
  'interpreter-booked',
  'interpreter-rescheduled',
  'interpreter-cancelled',
];

/** The reads interpreters' notices are planned and made from. */
@Injectable()
export class InterpreterNoticeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  planningStates(ids: string[]): Promise<InterpreterPlanningState[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource.query<InterpreterPlanningState[]>(
      `SELECT id, version, status, interpreter_id AS "interpreterId"
         FROM appointment WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /**
   * The interpreter notices logged for these appointments that did not fail for good: which
   * interpreters were told (or are being told) they are on an appointment, and as of which version.
   */
  history(appointmentIds: string[]): Promise<InterpreterNoticeEntry[]> {
    if (appointmentIds.length === 0) return Promise.resolve([]);
    return this.dataSource.query<InterpreterNoticeEntry[]>(
      `SELECT appointment_id AS "appointmentId", counsellor_id AS "interpreterId", kind,
              appointment_version AS version
         FROM notification
        WHERE appointment_id = ANY($1::uuid[]) AND kind = ANY($2::varchar[])
          AND status <> 'failed' AND counsellor_id IS NOT NULL`,
      [appointmentIds, INTERPRETER_NOTICE_KINDS],
    );
  }

  async view(appointmentId: string): Promise<InterpreterNoticeView | null> {
    const [row] = await this.dataSource.query<InterpreterNoticeView[]>(
      `SELECT a.id, a.version, a.status, a.starts_at AS "startsAt", a.ends_at AS "endsAt",
              a.interpreter_id AS "currentInterpreterId",
              a.interpreter_language AS "interpreterLanguage", t.name AS "typeName",
              CASE WHEN v.switched_to_phone_at IS NOT NULL THEN 'phone' ELSE t.channel END AS channel,
              c.display_name AS "counsellorName", o.name AS "officeName"
         FROM appointment a
         JOIN consultation_type t ON t.id = a.consultation_type_id
         JOIN counsellor c ON c.id = a.counsellor_id
         JOIN office o ON o.id = a.office_id
         LEFT JOIN video_session v ON v.appointment_id = a.id
        WHERE a.id = $1`,
      [appointmentId],
    );
    return row ?? null;
  }

  /** An interpreter and their active staff account's address (null without one). */
  async recipient(interpreterId: string): Promise<InterpreterRecipient | null> {
    const [row] = await this.dataSource.query<InterpreterRecipient[]>(
      `SELECT c.id, s.email, c.time_zone AS "timeZone", c.languages
         FROM counsellor c LEFT JOIN staff_account s ON s.id = c.staff_id AND s.active
        WHERE c.id = $1 AND c.kind = 'interpreter'`,
      [interpreterId],
    );
    return row ?? null;
  }
}
