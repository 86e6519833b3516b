import { Injectable } from '@nestjs/common';
import { BookingService, RetentionService, type Actor } from '@app/appointments';
import { Clock } from '@app/common';
import { AppConfig } from '@app/config';
import { ConversationService } from '@app/conversations';
import { DocumentService } from '@app/documents';
import { officePrivacyPath, OfficeService } from '@app/offices';
import { localize } from '@app/roster';
import { MessengerService } from '@app/messengers';
import { WaitlistService } from '@app/waitlist';
import { WalkInRepository } from '@app/walk-in';
import { PrivacyRepository } from './privacy.repository.js';

const CLIENT: Actor = { type: 'client', id: null };

/** Everything stored about the client of one appointment (GDPR Art. 15 and 20). */
export interface ClientDataExport {
  exportedAt: string;
  /** Who is responsible for the data: the appointment's office, its own controller under GDPR. */
  controller: {
    office: string;
    officeSlug: string;
    name: string;
    dataProtectionContact: string;
    officeContact: { email: string | null; phone: string | null };
    retentionDays: number;
    privacyNotice: string;
  };
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
    /** The interpreter booked with the counsellor (their name, as shown in the call). */
    interpreter: { language: string; name: string } | null;
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
  /** The messenger chats that get this appointment's messages (chat id; on WhatsApp the number). */
  messengerChats: { channel: string; chatId: string; boundAt: string }[];
  /** The client's last answer by messenger or SMS ("confirmed", "late"). */
  clientResponse: { response: string | null; at: string | null };
  videoCall: {
    waitingSince: string | null;
    admittedAt: string | null;
    joinedAt: string | null;
    leftAt: string | null;
  } | null;
  /**
   * The people the counsellor invited into the call (an outside interpreter, a support person):
   * introduced to the client in the call, so part of the client's record of it.
   */
  callGuests: {
    role: string;
    name: string;
    language: string | null;
    invitedAt: string;
    admittedAt: string | null;
    withdrawnAt: string | null;
    refusedByClientAt: string | null;
  }[];
  documents: {
    id: string;
    fileName: string;
    contentType: string;
    sizeBytes: number;
    uploadedBy: string;
    uploadedAt: string;
  }[];
  /**
   * The secure messages with the counsellor, decrypted (a damaged one says so, without text); the
   * documents sent in it are in `documents`.
   */
  conversation: {
    id: string;
    messages: {
      author: 'client' | 'counsellor';
      text: string | null;
      damaged: boolean;
      document: { id: string; fileName: string } | null;
      createdAt: string;
    }[];
  } | null;
}

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

/**
 * The client's data rights, exercised with the manage link: a copy of everything, and erasure; and
 * the retention deadline that erases without being asked. Each is one operation over every
 * capability that stores something about the client (appointments, notifications, calls,
 * documents), so that no caller can do half of it.
 */
@Injectable()
export class PrivacyService {
  constructor(
    private readonly repository: PrivacyRepository,
    private readonly booking: BookingService,
    private readonly retention: RetentionService,
    private readonly documents: DocumentService,
    private readonly conversations: ConversationService,
    private readonly offices: OfficeService,
    private readonly walkIn: WalkInRepository,
    private readonly waitlist: WaitlistService,
    private readonly messengers: MessengerService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async export(token: string): Promise<ClientDataExport> {
    const a = await this.booking.byToken(token);
    const [records, documents, conversation, office] = await Promise.all([
      this.repository.exportRecords(a.id),
      this.documents.list(a.id),
      this.conversations.exportFor(a.id),
      a.office ?? this.offices.getOrThrow(a.officeId),
    ]);
    const type = a.consultationType;
    return {
      exportedAt: this.clock.now().toISOString(),
      controller: {
        office: localize(office.name, a.clientLanguage),
        officeSlug: office.slug,
        name: office.privacyController,
        dataProtectionContact: office.privacyContact,
        officeContact: { email: office.contactEmail, phone: office.contactPhone },
        retentionDays: office.retentionDays,
        privacyNotice: this.config.publicUrl(officePrivacyPath(office.slug)),
      },
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
        interpreter:
          a.interpreterId && a.interpreterLanguage
            ? { language: a.interpreterLanguage, name: a.interpreter?.displayName ?? '' }
            : null,
        cancelledBy: a.cancelledBy,
        cancellationReason: a.cancellationReason,
        bookedAt: a.createdAt.toISOString(),
        lastChangedAt: a.updatedAt.toISOString(),
      },
      manageLinks: records.manageLinks.map((t) => ({ createdAt: iso(t.createdAt) as string })),
      history: records.history.map((h) => ({
        at: iso(h.at) as string,
        action: h.action,
        by: h.by,
      })),
      notifications: records.notifications.map((n) => ({
        kind: n.kind,
        channel: n.channel,
        status: n.status,
        createdAt: iso(n.createdAt) as string,
        sentAt: iso(n.sentAt),
      })),
      messengerChats: records.messengerChats.map((c) => ({
        channel: c.channel,
        chatId: c.chatId,
        boundAt: iso(c.boundAt) as string,
      })),
      clientResponse: {
        response: records.clientResponse.response,
        at: iso(records.clientResponse.at),
      },
      videoCall: records.videoCall
        ? {
            waitingSince: iso(records.videoCall.waitingSince),
            admittedAt: iso(records.videoCall.admittedAt),
            joinedAt: iso(records.videoCall.joinedAt),
            leftAt: iso(records.videoCall.leftAt),
          }
        : null,
      callGuests: records.callGuests.map((g) => ({
        role: g.role,
        name: g.name,
        language: g.language,
        invitedAt: iso(g.invitedAt) as string,
        admittedAt: iso(g.admittedAt),
        withdrawnAt: iso(g.withdrawnAt),
        refusedByClientAt: iso(g.refusedAt),
      })),
      documents: documents.map((d) => ({
        id: d.id,
        fileName: d.fileName,
        contentType: d.contentType,
        sizeBytes: d.sizeBytes,
        uploadedBy: d.uploadedBy,
        uploadedAt: d.createdAt.toISOString(),
      })),
      conversation,
    };
  }

  /**
   * Erases the client's data now: a future appointment is cancelled first (whatever the online
   * cut-off: the counsellor is notified), then everything personal goes, the manage link, the
   * conversation (messages and key) and the documents with it. Conversations and documents follow the database's erasure mark: should deleting them fail
   * here, the hourly purge finishes the work (the link is gone, so the client cannot retry).
   */
  async erase(token: string): Promise<{ appointmentId: string; cancelled: boolean }> {
    const appointment = await this.booking.byToken(token);
    let cancelled = false;
    if (appointment.status === 'confirmed' && appointment.endsAt > this.clock.now()) {
      await this.booking.cancelAs(CLIENT, appointment, null);
      cancelled = true;
    }
    await this.retention.eraseNow(appointment.id);
    await this.conversations.purgeErased();
    await this.documents.purgeErased(appointment.id);
    return { appointmentId: appointment.id, cancelled };
  }

  /**
   * The retention deadline: personal data past each office's retention period, conversations and
   * documents included (of appointments and walk-in tickets: those go after both are erased).
   */
  async purgeExpired(): Promise<{
    erased: number;
    conversationsDeleted: number;
    documentsDeleted: number;
    walkInTicketsErased: number;
    waitlistEntriesErased: number;
    messengerRecordsDeleted: number;
  }> {
    const purged = await this.retention.purge();
    const walkInTicketsErased = await this.walkIn.erasePastRetention(this.clock.now());
    return {
      ...purged,
      walkInTicketsErased,
      conversationsDeleted: await this.conversations.purgeErased(),
      documentsDeleted: await this.documents.purgeErased(),
      waitlistEntriesErased: await this.waitlist.erasePastRetention(),
      // Handled webhook event ids (after INBOUND_KEEP_DAYS) and lapsed opt-in codes.
      messengerRecordsDeleted: await this.messengers.purge(),
    };
  }
}
