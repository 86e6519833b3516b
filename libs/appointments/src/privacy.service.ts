import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@app/common';
import { localize } from '@app/roster';
import type { Actor } from './appointment.repository.js';
import { BookingService } from './booking.service.js';
import { RetentionService } from './retention.service.js';

const CLIENT: Actor = { type: 'client', id: null };

/** Everything stored about the client of one appointment (GDPR Art. 15 and 20). */
export interface ClientDataExport {
  exportedAt: string;
  appointment: {
    id: string;
    status: string;
    start: string;
    end: string;
    timeZone: string;
    consultationType: { id: string; name: string };
    counsellor: { displayName: string };
    pseudonym: string | null;
    language: string;
    requestedCounsellorLanguage: string | null;
    contact: { channel: string; value: string } | null;
    note: string | null;
    needsInterpreter: boolean;
    cancelledBy: string | null;
    cancellationReason: string | null;
    bookedAt: string;
    lastChangedAt: string;
  };
  manageLinks: { createdAt: string }[];
  history: { at: string; action: string; by: string }[];
  notifications: {
    kind: string;
    channel: string;
    status: string;
    createdAt: string;
    sentAt: string | null;
  }[];
  videoCall: {
    waitingSince: string | null;
    admittedAt: string | null;
    joinedAt: string | null;
    leftAt: string | null;
  } | null;
}

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

/** The client's data rights, exercised with the manage link: a copy of everything, and erasure. */
@Injectable()
export class PrivacyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly booking: BookingService,
    private readonly retention: RetentionService,
    private readonly clock: Clock,
  ) {}

  async export(token: string): Promise<ClientDataExport> {
    const a = await this.booking.byToken(token);
    const [tokens, history, notifications, video] = await Promise.all([
      this.dataSource.query<{ createdAt: Date }[]>(
        'SELECT created_at AS "createdAt" FROM manage_token WHERE appointment_id = $1 ORDER BY created_at',
        [a.id],
      ),
      this.dataSource.query<{ at: Date; action: string; by: string }[]>(
        `SELECT occurred_at AS at, action, actor_type AS by FROM audit_event
          WHERE appointment_id = $1 ORDER BY occurred_at, id`,
        [a.id],
      ),
      this.dataSource.query<
        { kind: string; channel: string; status: string; createdAt: Date; sentAt: Date | null }[]
      >(
        `SELECT kind, channel, status, created_at AS "createdAt", sent_at AS "sentAt"
           FROM notification WHERE appointment_id = $1 ORDER BY created_at`,
        [a.id],
      ),
      this.dataSource.query<
        {
          waitingSince: Date | null;
          admittedAt: Date | null;
          joinedAt: Date | null;
          leftAt: Date | null;
        }[]
      >(
        `SELECT client_waiting_since AS "waitingSince", client_admitted_at AS "admittedAt",
                client_joined_at AS "joinedAt", client_left_at AS "leftAt"
           FROM video_session WHERE appointment_id = $1`,
        [a.id],
      ),
    ]);
    const type = a.consultationType;
    return {
      exportedAt: this.clock.now().toISOString(),
      appointment: {
        id: a.id,
        status: a.status,
        start: a.startsAt.toISOString(),
        end: a.endsAt.toISOString(),
        timeZone: a.clientTimeZone,
        consultationType: {
          id: a.consultationTypeId,
          name: type ? localize(type.name, a.clientLanguage) : '',
        },
        counsellor: { displayName: a.counsellor?.displayName ?? '' },
        pseudonym: a.clientPseudonym,
        language: a.clientLanguage,
        requestedCounsellorLanguage: a.requestedLanguage,
        contact:
          a.contactChannel && a.contactValue
            ? { channel: a.contactChannel, value: a.contactValue }
            : null,
        note: a.clientNote,
        needsInterpreter: a.needsInterpreter,
        cancelledBy: a.cancelledBy,
        cancellationReason: a.cancellationReason,
        bookedAt: a.createdAt.toISOString(),
        lastChangedAt: a.updatedAt.toISOString(),
      },
      manageLinks: tokens.map((t) => ({ createdAt: iso(t.createdAt) as string })),
      history: history.map((h) => ({ at: iso(h.at) as string, action: h.action, by: h.by })),
      notifications: notifications.map((n) => ({
        kind: n.kind,
        channel: n.channel,
        status: n.status,
        createdAt: iso(n.createdAt) as string,
        sentAt: iso(n.sentAt),
      })),
      videoCall: video[0]
        ? {
            waitingSince: iso(video[0].waitingSince),
            admittedAt: iso(video[0].admittedAt),
            joinedAt: iso(video[0].joinedAt),
            leftAt: iso(video[0].leftAt),
          }
        : null,
    };
  }

  /**
   * Erases the client's data now: a future appointment is cancelled first (whatever the online
   * cut-off: the counsellor is notified), then everything personal goes, the manage link with it.
   */
  async erase(token: string): Promise<{ appointmentId: string; cancelled: boolean }> {
    const appointment = await this.booking.byToken(token);
    let cancelled = false;
    if (appointment.status === 'confirmed' && appointment.endsAt > this.clock.now()) {
      await this.booking.cancelAs(CLIENT, appointment, null);
      cancelled = true;
    }
    await this.retention.eraseNow(appointment.id);
    return { appointmentId: appointment.id, cancelled };
  }
}
