import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface ExportRecords {
  manageLinks: { createdAt: Date }[];
  history: { at: Date; action: string; by: string }[];
  notifications: {
    kind: string;
    channel: string;
    status: string;
    createdAt: Date;
    sentAt: Date | null;
  }[];
  messengerChats: { channel: string; chatId: string; boundAt: Date }[];
  clientResponse: { response: string | null; at: Date | null };
  videoCall:
    | {
        waitingSince: Date | null;
        admittedAt: Date | null;
        joinedAt: Date | null;
        leftAt: Date | null;
      }
    | undefined;
  callGuests: {
    role: string;
    name: string;
    language: string | null;
    invitedAt: Date;
    admittedAt: Date | null;
    withdrawnAt: Date | null;
    refusedAt: Date | null;
  }[];
}

/** What other capabilities store about one appointment's client, read for a data export. */
@Injectable()
export class PrivacyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async exportRecords(appointmentId: string): Promise<ExportRecords> {
    const [manageLinks, history, notifications, video, messengerChats, responses, callGuests] =
      await Promise.all([
        this.dataSource.query<ExportRecords['manageLinks']>(
          'SELECT created_at AS "createdAt" FROM manage_token WHERE appointment_id = $1 ORDER BY created_at',
          [appointmentId],
        ),
        this.dataSource.query<ExportRecords['history']>(
          `SELECT occurred_at AS at, action, actor_type AS by FROM audit_event
          WHERE appointment_id = $1 ORDER BY occurred_at, id`,
          [appointmentId],
        ),
        this.dataSource.query<ExportRecords['notifications']>(
          `SELECT kind, channel, status, created_at AS "createdAt", sent_at AS "sentAt"
           FROM notification WHERE appointment_id = $1 ORDER BY created_at`,
          [appointmentId],
        ),
        this.dataSource.query<NonNullable<ExportRecords['videoCall']>[]>(
          `SELECT client_waiting_since AS "waitingSince", client_admitted_at AS "admittedAt",
                client_joined_at AS "joinedAt", client_left_at AS "leftAt"
           FROM video_session WHERE appointment_id = $1`,
          [appointmentId],
        ),
        this.dataSource.query<ExportRecords['messengerChats']>(
          `SELECT channel, chat_id AS "chatId", created_at AS "boundAt"
           FROM messenger_binding WHERE appointment_id = $1 ORDER BY channel`,
          [appointmentId],
        ),
        this.dataSource.query<ExportRecords['clientResponse'][]>(
          `SELECT client_response AS response, client_response_at AS at FROM appointment WHERE id = $1`,
          [appointmentId],
        ),
        this.dataSource.query<ExportRecords['callGuests']>(
          `SELECT role, name, language, created_at AS "invitedAt", admitted_at AS "admittedAt",
                  revoked_at AS "withdrawnAt", refused_at AS "refusedAt"
             FROM video_guest WHERE appointment_id = $1 ORDER BY created_at, id`,
          [appointmentId],
        ),
      ]);
    return {
      manageLinks,
      history,
      notifications,
      videoCall: video[0],
      messengerChats,
      clientResponse: responses[0] ?? { response: null, at: null },
      callGuests,
    };
  }
}
