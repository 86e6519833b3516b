import { Injectable } from '@nestjs/common';
import type { CountryCode } from 'libphonenumber-js';
import { DateTime } from 'luxon';
import {
  BookingService,
  contactChannelsFor,
  interpreterLanguageUnavailable,
  invalidPhoneNumber,
  messagesReach,
  normalizeContact,
  phoneContactRequired,
  type BookingResult,
  type ContactChannel,
} from '@app/appointments';
import { Clock, generateToken, hashToken } from '@app/common';
import { AppConfig } from '@app/config';
import type { OfficeEntity } from '@app/offices';
import {
  consultationTypeNotFound,
  MAX_SEARCH_DAYS,
  SlotService,
  type ConsultationTypeEntity,
} from '@app/roster';
import {
  entryEnded,
  entryNotFound,
  noOffer,
  offerLapsed,
  tooManyEntries,
  waitlistFieldError,
} from './waitlist-errors.js';
import { WaitlistMatcher } from './waitlist-matcher.service.js';
import type { WaitlistEntryEntity } from './waitlist.entities.js';
import { WaitlistRepository, type WaitlistCount } from './waitlist.repository.js';

export interface JoinRequest {
  consultationTypeId: string;
  /** The conversation language wanted; any when absent. */
  language?: string;
  /** An interpreter for this language is held with the counsellor (one the type offers). */
  interpreterLanguage?: string;
  /** First and last day, ISO dates in the office's zone. */
  from: string;
  to: string;
  pseudonym: string;
  clientLanguage: string;
  contact: { channel: ContactChannel; value: string };
}

/** What the entry's page shows: the entry, and the held time while one is offered. */
export interface EntryView {
  entry: WaitlistEntryEntity;
  offer: { startsAt: Date; endsAt: Date; expiresAt: Date } | null;
}

/** The longest range of days one entry may wait for (the slot search's longest range). */
export const MAX_WAITLIST_DAYS = MAX_SEARCH_DAYS;

/**
 * What waitlisted clients do (join, look, leave, take or decline an offer) and what admins read.
 * Offers themselves are made by the WaitlistMatcher.
 */
@Injectable()
export class WaitlistService {
  constructor(
    private readonly repository: WaitlistRepository,
    private readonly slots: SlotService,
    private readonly booking: BookingService,
    private readonly matcher: WaitlistMatcher,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async join(request: JoinRequest): Promise<{ entry: WaitlistEntryEntity; token: string }> {
    const type = await this.bookableType(request.consultationTypeId);
    const office = type.office as OfficeEntity;
    const { fromDate, toDate } = this.checkedRange(request, type, office.timeZone);
    if (request.language !== undefined) {
      // Who serves the type in this language: the search's narrowing, from the roster cache.
      const { counsellors } = await this.slots.search({
        consultationTypeId: type.id,
        language: request.language,
        from: this.clock.now(),
        to: new Date(this.clock.now().getTime() + 60_000),
      });
      if (counsellors.length === 0)
        throw waitlistFieldError(
          'language',
          'Nobody offers this consultation in this language',
          'waitlist_language_not_offered',
        );
    }
    if (
      request.interpreterLanguage !== undefined &&
      !(await this.slots.interpreterLanguagesOf(type.id)).includes(request.interpreterLanguage)
    )
      throw interpreterLanguageUnavailable();
    const { channel } = request.contact;
    const smsConfigured = Boolean(this.config.SMS_GATEWAY_URL);
    if (!contactChannelsFor(type.requiredContact, true).includes(channel))
      throw phoneContactRequired();
    // The offer must reach the client: a phone number only where the office can send SMS.
    if (!messagesReach(channel, smsConfigured))
      throw waitlistFieldError(
        'contact.channel',
        'Offers can only be sent by email here: please give an email address',
        'waitlist_contact_unreachable',
      );
    const contactValue = normalizeContact(
      channel,
      request.contact.value,
      office.country as CountryCode,
    );
    if (contactValue === null) throw invalidPhoneNumber();

    const token = generateToken();
    const max = this.config.MAX_WAITLIST_ENTRIES_PER_CONTACT;
    const entry = await this.repository.insert(
      {
        officeId: type.officeId,
        consultationTypeId: type.id,
        language: request.language ?? null,
        interpreterLanguage: request.interpreterLanguage ?? null,
        fromDate,
        toDate,
        pseudonym: request.pseudonym.trim(),
        clientLanguage: request.clientLanguage,
        contactChannel: channel,
        contactValue,
        now: this.clock.now(),
      },
      hashToken(token),
      max,
    );
    if (!entry) throw tooManyEntries(max);
    // A time may be free already (the client may prefer the waitlist to a later slot).
    this.matcher.kick();
    return { entry: Object.assign(entry, { consultationType: type, office }), token };
  }

  /** The entry behind a token, or the same 404 as for any unknown one. */
  async byToken(token: string): Promise<WaitlistEntryEntity> {
    const entry = await this.repository.findByTokenHash(hashToken(token));
    if (!entry || entry.personalDataErasedAt) throw entryNotFound();
    return entry;
  }

  async view(token: string): Promise<EntryView> {
    return this.viewOf(await this.byToken(token));
  }

  /** Leaves the line; a time held for the client is freed for the next one. */
  async cancel(token: string): Promise<EntryView> {
    const entry = await this.byToken(token);
    const cancelled = await this.repository.cancel(entry.id, this.clock.now());
    if (!cancelled) throw entryEnded();
    if (cancelled.heldAppointmentId) await this.free(cancelled.heldAppointmentId);
    return this.viewOf(await this.byToken(token));
  }

  /**
   * Takes the time held for the client: it becomes their booking (confirmation with manage link,
   * as for any booking) and the entry ends, in one transaction.
   */
  async accept(token: string): Promise<{ view: EntryView; booking: BookingResult }> {
    const entry = await this.byToken(token);
    const appointmentId = this.offeredTime(entry);
    const now = this.clock.now();
    const confirmation = await this.booking.confirmHold(appointmentId, (tx) =>
      this.repository.markBooked(tx.manager, entry.id, now),
    );
    if (confirmation.kind === 'lapsed') throw offerLapsed();
    return { view: this.viewOf(await this.byToken(token)), booking: confirmation.booking };
  }

  /** Declines the time offered: it goes to the next client; this one waits on, behind the others. */
  async decline(token: string): Promise<EntryView> {
    const entry = await this.byToken(token);
    this.offeredTime(entry);
    const startsAt = (entry.offeredAppointment as NonNullable<typeof entry.offeredAppointment>)
      .startsAt;
    const held = await this.repository.returnToLine(entry.id, startsAt, this.clock.now());
    if (held === null) throw noOffer();
    await this.free(held);
    return this.viewOf(await this.byToken(token));
  }

  /** The entry by id for the offer message; null when gone or erased. */
  async entryById(id: string): Promise<WaitlistEntryEntity | null> {
    const entry = await this.repository.findById(id);
    return entry && !entry.personalDataErasedAt ? entry : null;
  }

  /** A new link for a message (each message its own token; the raw token exists only there). */
  async issueToken(entryId: string): Promise<string | null> {
    const token = generateToken();
    return (await this.repository.insertToken(entryId, hashToken(token))) ? token : null;
  }

  /** One office's entries of the last `days` days, without personal data, and their counts. */
  async ofOffice(
    officeId: string,
    days: number,
  ): Promise<{ entries: WaitlistEntryEntity[]; counts: WaitlistCount[] }> {
    const to = this.clock.now();
    const from = new Date(to.getTime() - days * 86_400_000);
    const [entries, counts] = await Promise.all([
      this.repository.listOfOffice(officeId, from, to),
      this.repository.counts(officeId, from, new Date(to.getTime() + 1)),
    ]);
    return { entries, counts };
  }

  /** Erases the personal data of entries past their office's retention. */
  erasePastRetention(): Promise<number> {
    return this.repository.erasePastRetention(this.clock.now());
  }

  private viewOf(entry: WaitlistEntryEntity): EntryView {
    const held = entry.offeredAppointment;
    const offer =
      entry.status === 'offered' && held && entry.offerExpiresAt
        ? { startsAt: held.startsAt, endsAt: held.endsAt, expiresAt: entry.offerExpiresAt }
        : null;
    return { entry, offer };
  }

  /** The held time of an entry that is offered one now, or the 409 that says why not. */
  private offeredTime(entry: WaitlistEntryEntity): string {
    if (entry.status !== 'offered' || !entry.offeredAppointmentId) {
      throw entry.status === 'waiting' ? noOffer() : entryEnded();
    }
    if ((entry.offerExpiresAt as Date) <= this.clock.now()) throw offerLapsed();
    return entry.offeredAppointmentId;
  }

  private async free(heldAppointmentId: string): Promise<void> {
    await this.booking.releaseHold(heldAppointmentId);
    this.matcher.kick();
  }

  private async bookableType(id: string): Promise<ConsultationTypeEntity> {
    const type = (await this.slots.bookableTypes()).find((candidate) => candidate.id === id);
    // The same 404 as the slot search's for an unknown or unbookable type.
    if (!type) throw consultationTypeNotFound();
    return type;
  }

  /** The range as dates of the office's zone: from today on, within the horizon, at most MAX_WAITLIST_DAYS days. */
  private checkedRange(
    request: Pick<JoinRequest, 'from' | 'to'>,
    type: ConsultationTypeEntity,
    zone: string,
  ): { fromDate: string; toDate: string } {
    const from = DateTime.fromISO(request.from, { zone });
    const to = DateTime.fromISO(request.to, { zone });
    const today = DateTime.fromJSDate(this.clock.now(), { zone }).startOf('day');
    const invalid = (field: string, message: string) =>
      waitlistFieldError(field, message, 'waitlist_range_invalid');
    if (!from.isValid) throw invalid('from', 'from must be a date, e.g. 2026-12-14');
    if (!to.isValid) throw invalid('to', 'to must be a date, e.g. 2026-12-18');
    if (from < today) throw invalid('from', 'from must not lie in the past');
    if (to < from) throw invalid('to', 'to must not be before from');
    if (to.diff(from, 'days').days >= MAX_WAITLIST_DAYS)
      throw invalid('to', `A waitlist entry may span at most ${MAX_WAITLIST_DAYS} days`);
    if (from > today.plus({ days: type.horizonDays }))
      throw invalid('from', 'from lies beyond the days this consultation can be booked');
    return { fromDate: from.toISODate(), toDate: to.toISODate() };
  }
}
