import { ConflictException, Injectable } from '@nestjs/common';
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { DateTime } from 'luxon';
import { AppConfig } from '@app/config';
import { OfficeService, type OfficeEntity } from '@app/offices';
import { Clock, digestsEqual, generateToken, hashToken, SqlState, sqlState } from '@app/common';
import {
  SlotService,
  type ConsultationTypeEntity,
  type CounsellorEntity,
  type CounsellorFilter,
  type SlotSearchResult,
} from '@app/roster';
import type { AppointmentEntity, ContactChannel } from './appointment.entity.js';
import {
  AppointmentRepository,
  type Actor,
  type AppointmentTransaction,
} from './appointment.repository.js';
import {
  appointmentNotFound,
  INTERPRETER_CONSTRAINT,
  InterpreterTakenException,
  interpreterLanguageUnavailable,
  invalidPhoneNumber,
  notLive,
  officeSuspended,
  phoneContactRequired,
  SlotTakenException,
  tooLateToChange,
  tooManyAppointments,
  unbookable,
  violatedConstraint,
} from './booking-errors.js';
import { contactChannelsFor, messagesReach } from './contact-rules.js';
import { OutboxRelay } from './outbox-relay.service.js';

export interface BookingRequest {
  consultationTypeId: string;
  start: Date;
  counsellorId?: string;
  /** Only counsellors who speak it; also kept for reassignments. */
  counsellorLanguage?: string;
  pseudonym: string;
  language: string;
  /** The client's zone for their messages; the office's when they send none. */
  timeZone?: string;
  contact: { channel: ContactChannel; value: string };
  note?: string;
  needsInterpreter?: boolean;
  /** Book an interpreter for this language (BCP 47 tag) together with the counsellor. */
  interpreterLanguage?: string;
}

export interface BookingResult {
  appointment: AppointmentEntity;
  manageToken: string;
  /** A retried request (same Idempotency-Key and body) that returned the earlier booking. */
  replayed: boolean;
}

/** A time to hold for a waitlisted client, with their data for when they take it. */
export interface HoldRequest {
  consultationTypeId: string;
  start: Date;
  /** Only counsellors who speak it; also kept for reassignments. */
  counsellorLanguage?: string;
  /** An interpreter for this language is held with the counsellor. */
  interpreterLanguage?: string;
  pseudonym: string;
  language: string;
  /** Normalised already (normalizeContact). */
  contact: { channel: ContactChannel; value: string };
  expiresAt: Date;
}

/** A time held by hold(): the held row's id and its time. */
export type HeldTime = Pick<AppointmentEntity, 'id' | 'startsAt' | 'endsAt'>;

/** What answering a held time gave: the booking, or nothing as the hold had run out. */
export type HoldConfirmation = { kind: 'booked'; booking: BookingResult } | { kind: 'lapsed' };

const CLIENT: Actor = { type: 'client', id: null };

/** Raised inside the booking transaction when the same Idempotency-Key committed first. */
class IdempotentReplay extends Error {}

/**
 * Addresses compared as the world compares them: emails case-insensitively, phones in E.164, a
 * national number ("0176 1234 5678") read as one of the office's country. Null: not a phone number.
 */
export function normalizeContact(
  channel: ContactChannel,
  value: string,
  officeCountry?: CountryCode,
): string | null {
  const trimmed = value.trim();
  if (channel === 'email') return trimmed.toLowerCase();
  const phone = parsePhoneNumberFromString(trimmed, officeCountry);
  return phone?.isValid() ? phone.number : null;
}

/** Raised inside the booking transaction when the contact holds too many appointments. */
class ContactLimitReached extends Error {}

/** What makes two booking requests the same request. */
function fingerprint(r: BookingRequest): string {
  const canonical = [
    r.consultationTypeId,
    r.start.toISOString(),
    r.counsellorId ?? null,
    r.counsellorLanguage ?? null,
    r.pseudonym,
    r.language,
    r.timeZone ?? null,
    r.contact.channel,
    r.contact.value,
    r.note ?? null,
    r.needsInterpreter ?? false,
    // Only when asked for: keys of requests made before interpreters existed stay the same.
    ...(r.interpreterLanguage ? [r.interpreterLanguage] : []),
  ];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** Audit entries name ids, times and statuses only: never the client's data. */
function auditView(appointment: AppointmentEntity): Record<string, unknown> {
  return {
    status: appointment.status,
    counsellorId: appointment.counsellorId,
    consultationTypeId: appointment.consultationTypeId,
    startsAt: appointment.startsAt.toISOString(),
    endsAt: appointment.endsAt.toISOString(),
    version: appointment.version,
    ...(appointment.interpreterId && {
      interpreterId: appointment.interpreterId,
      interpreterLanguage: appointment.interpreterLanguage,
    }),
  };
}

/** Which side of a booking the exclusion constraints refused. */
type Refused = 'counsellor' | 'interpreter';

/** The side an exclusion violation names: the interpreter's constraint, else the counsellor's. */
const refusedSide = (error: unknown): Refused =>
  violatedConstraint(error) === INTERPRETER_CONSTRAINT ? 'interpreter' : 'counsellor';

/** What clients do: book, and with the manage token view, reschedule and cancel. */
@Injectable()
export class BookingService {
  constructor(
    private readonly appointments: AppointmentRepository,
    private readonly slots: SlotService,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly offices: OfficeService,
  ) {}

  /** The type's office (searches load it with the type; otherwise read). */
  private async officeOf(type: ConsultationTypeEntity): Promise<OfficeEntity> {
    return type.office ?? this.offices.getOrThrow(type.officeId);
  }

  /**
   * Books for the client, or for staff on the client's behalf (the actor): the same checks,
   * constraints and events either way. A staff member's Idempotency-Keys are their own, so a key
   * can never replay someone else's booking (a replay hands out a manage token).
   */
  async book(
    request: BookingRequest,
    idempotencyKey?: string,
    actor: Actor = CLIENT,
  ): Promise<BookingResult> {
    const keyScope = actor.type === 'client' ? '' : `${actor.type}:${actor.id}:`;
    const keyHash = idempotencyKey
      ? hashToken(`idempotency:${keyScope}${idempotencyKey}`)
      : undefined;
    const requestHash = fingerprint(request);
    if (keyHash) {
      const replay = await this.replay(keyHash, requestHash);
      if (replay) return replay;
    }
    const filter: CounsellorFilter = {
      language: request.counsellorLanguage,
      counsellorId: request.counsellorId,
    };
    const { type, availability, versions } = await this.slots.newBookingAt(
      request.consultationTypeId,
      request.start,
      filter,
      request.interpreterLanguage,
    );
    // A national number is read as one of the type's office's country.
    const office = await this.officeOf(type);
    const contactValue = normalizeContact(
      request.contact.channel,
      request.contact.value,
      office.country as CountryCode,
    );
    if (contactValue === null) throw invalidPhoneNumber();
    if (!contactChannelsFor(type.requiredContact, true).includes(request.contact.channel)) {
      throw phoneContactRequired();
    }
    const language = request.interpreterLanguage;
    if (availability.kind === 'unbookable') {
      if (
        language &&
        availability.reason === 'roster' &&
        !(await this.slots.interpreterLanguagesOf(type.id)).includes(language)
      ) {
        throw interpreterLanguageUnavailable();
      }
      throw unbookable(availability.reason);
    }
    if (availability.kind === 'taken') {
      throw await this.taken(type, request.start, filter, language, availability.by);
    }

    const manageToken = generateToken();
    const maxPerContact = this.config.MAX_FUTURE_APPOINTMENTS_PER_CONTACT;
    // The counsellor fairly as without an interpreter; the least loaded interpreter free then.
    const interpreters: (CounsellorEntity | null)[] = language
      ? await this.fairOrder(
          availability.interpreters,
          request.start,
          office.timeZone,
          'interpreter',
        )
      : [null];
    let refused: Refused = 'counsellor';
    for (const counsellor of await this.fairOrder(
      availability.counsellors,
      request.start,
      office.timeZone,
    )) {
      for (let i = 0; i < interpreters.length;) {
        const interpreter = interpreters[i];
        try {
          // One transaction: the Idempotency-Key is claimed first, then insertBooking locks the
          // contact (so that its limit holds) and the people, and writes everything in one
          // statement.
          const appointment = await this.appointments.transaction(async (tx) => {
            if (keyHash && !(await tx.claimIdempotencyKey(keyHash))) throw new IdempotentReplay();
            const id = randomUUID();
            const startsAt = request.start;
            const endsAt = new Date(request.start.getTime() + type.durationMinutes * 60_000);
            const inserted = await tx.insertBooking({
              appointment: {
                id,
                // The type's office: the composite keys refuse a counsellor of another one.
                officeId: type.officeId,
                consultationTypeId: type.id,
                counsellorId: counsellor.id,
                startsAt,
                endsAt,
                bufferBeforeMinutes: type.bufferBeforeMinutes,
                bufferAfterMinutes: type.bufferAfterMinutes,
                clientPseudonym: request.pseudonym.trim(),
                clientLanguage: request.language,
                requestedLanguage: request.counsellorLanguage ?? null,
                clientTimeZone: request.timeZone ?? office.timeZone,
                contactChannel: request.contact.channel,
                contactValue,
                clientNote: request.note?.trim() || null,
                needsInterpreter: request.needsInterpreter ?? false,
                interpreterId: interpreter?.id ?? null,
                interpreterLanguage: interpreter ? (language ?? null) : null,
                roomName: `sprechstunde-${id}`,
              },
              tokenHash: hashToken(manageToken),
              idempotency: keyHash ? { keyHash, requestHash } : undefined,
              auditChanges: {
                status: 'confirmed',
                counsellorId: counsellor.id,
                consultationTypeId: type.id,
                startsAt: startsAt.toISOString(),
                endsAt: endsAt.toISOString(),
                version: 1,
                ...(interpreter && {
                  interpreterId: interpreter.id,
                  interpreterLanguage: language,
                }),
              },
              contactLimit: { max: maxPerContact, now: this.clock.now() },
              actor,
            });
            if (!inserted) throw new ContactLimitReached();
            return inserted;
          });
          this.kickRelay();
          this.slots.noteBooked(
            interpreter ? [counsellor.id, interpreter.id] : [counsellor.id],
            versions,
            {
              start: appointment.startsAt.getTime(),
              end: appointment.endsAt.getTime(),
              bufferBeforeMinutes: appointment.bufferBeforeMinutes,
              bufferAfterMinutes: appointment.bufferAfterMinutes,
            },
          );
          return {
            // The office too: read with the type, as of the catalog version this booking checked.
            appointment: Object.assign(appointment, {
              consultationType: type,
              office,
              counsellor,
              interpreter,
            }),
            manageToken,
            replayed: false,
          };
        } catch (error) {
          if (error instanceof ContactLimitReached) throw tooManyAppointments(maxPerContact);
          if (error instanceof IdempotentReplay && keyHash) {
            const replay = await this.replay(keyHash, requestHash);
            if (replay) return replay;
          }
          const state = sqlState(error);
          if (state === SqlState.exclusionViolation) {
            refused = interpreter ? refusedSide(error) : 'counsellor';
            // This interpreter was taken meanwhile: the next one, with the same counsellor.
            if (refused === 'interpreter') {
              interpreters.splice(i, 1);
              continue;
            }
            // This counsellor was taken meanwhile: the next one.
            break;
          }
          // The same Idempotency-Key committed meanwhile: answer as for a retry.
          if (state === SqlState.uniqueViolation && keyHash) {
            const replay = await this.replay(keyHash, requestHash);
            if (replay) return replay;
          }
          throw error;
        }
      }
      if (interpreters.length === 0) break;
    }
    throw await this.taken(type, request.start, filter, language, refused);
  }

  /**
   * Holds a free start for a waitlisted client until `expiresAt`: a held row, which the exclusion
   * constraint keeps from overlapping any booking or other hold. Null when the start is not free
   * (any more) for any counsellor who may take it.
   */
  async hold(request: HoldRequest): Promise<HeldTime | null> {
    const filter: CounsellorFilter = { language: request.counsellorLanguage };
    const language = request.interpreterLanguage;
    const { type, availability } = await this.slots.newBookingAt(
      request.consultationTypeId,
      request.start,
      filter,
      language,
    );
    if (availability.kind !== 'free') return null;
    const office = await this.officeOf(type);
    // As for a booking: the counsellor fairly, the least loaded interpreter free then.
    const interpreters: (CounsellorEntity | null)[] = language
      ? await this.fairOrder(
          availability.interpreters,
          request.start,
          office.timeZone,
          'interpreter',
        )
      : [null];
    for (const counsellor of await this.fairOrder(
      availability.counsellors,
      request.start,
      office.timeZone,
    )) {
      for (let i = 0; i < interpreters.length;) {
        const interpreter = interpreters[i];
        const id = randomUUID();
        const hold = {
          id,
          officeId: type.officeId,
          consultationTypeId: type.id,
          counsellorId: counsellor.id,
          startsAt: request.start,
          endsAt: new Date(request.start.getTime() + type.durationMinutes * 60_000),
          bufferBeforeMinutes: type.bufferBeforeMinutes,
          bufferAfterMinutes: type.bufferAfterMinutes,
          clientPseudonym: request.pseudonym,
          clientLanguage: request.language,
          requestedLanguage: request.counsellorLanguage ?? null,
          clientTimeZone: office.timeZone,
          contactChannel: request.contact.channel,
          contactValue: request.contact.value,
          clientNote: null,
          needsInterpreter: false,
          interpreterId: interpreter?.id ?? null,
          interpreterLanguage: interpreter ? (language ?? null) : null,
          roomName: `sprechstunde-${id}`,
        };
        try {
          await this.appointments.transaction((tx) => tx.insertHold(hold, request.expiresAt));
          return { id, startsAt: hold.startsAt, endsAt: hold.endsAt };
        } catch (error) {
          if (sqlState(error) !== SqlState.exclusionViolation) throw error;
          // This interpreter was taken meanwhile: the next one, with the same counsellor; else
          // this counsellor was: the next one.
          if (!interpreter || refusedSide(error) !== 'interpreter') break;
          interpreters.splice(i, 1);
        }
      }
      if (interpreters.length === 0) break;
    }
    return null;
  }

  /**
   * The waitlisted client takes the time held for them: it becomes a booking with the same
   * per-contact limit, manage token, audit entry and event (hence confirmation) as a new one.
   * `alongside` runs in the same transaction (the waitlist marks its entry booked).
   */
  async confirmHold(
    appointmentId: string,
    alongside: (tx: AppointmentTransaction) => Promise<void>,
  ): Promise<HoldConfirmation> {
    const held = await this.appointments.findHeld(appointmentId);
    if (!held?.contactChannel || !held.contactValue) return { kind: 'lapsed' };
    const { contactChannel, contactValue } = held;
    const manageToken = generateToken();
    const maxPerContact = this.config.MAX_FUTURE_APPOINTMENTS_PER_CONTACT;
    const now = this.clock.now();
    const confirmed = await this.appointments.transaction(async (tx) => {
      await tx.lockContact(contactChannel, contactValue);
      if ((await tx.countLive(contactChannel, contactValue, now)) >= maxPerContact) {
        throw tooManyAppointments(maxPerContact);
      }
      const appointment = await tx.confirmHold(appointmentId, now);
      if (!appointment) return null;
      await tx.insertToken(appointment.id, hashToken(manageToken));
      await tx.audit(CLIENT, 'appointment.booked', appointment.id, auditView(appointment));
      await tx.emit('appointment.booked', appointment);
      await alongside(tx);
      return appointment;
    });
    if (!confirmed) return { kind: 'lapsed' };
    this.kickRelay();
    return {
      kind: 'booked',
      booking: {
        appointment: Object.assign(confirmed, {
          consultationType: held.consultationType,
          counsellor: held.counsellor,
        }),
        manageToken,
        replayed: false,
      },
    };
  }

  /** Frees a time held for a waitlisted client (declined, or their entry ended). */
  releaseHold(appointmentId: string): Promise<void> {
    return this.appointments.deleteHold(appointmentId);
  }

  /** Frees every held time whose hold has run out; the ids freed. */
  releaseLapsedHolds(): Promise<string[]> {
    return this.appointments.deleteLapsedHolds(this.clock.now());
  }

  /** The appointment behind a manage token, or the same 404 as for any unknown appointment. */
  async byToken(token: string): Promise<AppointmentEntity> {
    const tokenHash = hashToken(token);
    const appointment = await this.appointments.findByTokenHash(tokenHash);
    if (!appointment) throw appointmentNotFound();
    return appointment;
  }

  /** Moves the appointment in one UPDATE: the new time is taken and the old one freed together, or nothing changes. */
  async reschedule(token: string, start: Date, counsellorId?: string): Promise<AppointmentEntity> {
    return this.rescheduleAs(CLIENT, await this.movable(token), start, counsellorId);
  }

  /**
   * The times the appointment behind the token can move to, as its reschedule judges them: its
   * type, counsellors who speak the conversation language asked for at booking, and its own time
   * counted as free; its current start is no new time and is left out. Only the token's holder
   * learns which busy time is their own.
   */
  async rescheduleOptions(
    token: string,
    range: { from: Date; to: Date; counsellorId?: string; interpreterLanguage?: string },
  ): Promise<SlotSearchResult> {
    const current = await this.movable(token);
    const result = await this.slots.searchForMove(
      current.consultationType as ConsultationTypeEntity,
      this.moveFilter(current, range.counsellorId),
      range,
      current.id,
      current.interpreterLanguage ?? range.interpreterLanguage,
    );
    const currentStart = current.startsAt.getTime();
    return { ...result, slots: result.slots.filter((slot) => slot.start !== currentStart) };
  }

  /** Moves a live appointment as the client (checked against the cut-off by the caller) or as staff. */
  async rescheduleAs(
    actor: Actor,
    current: AppointmentEntity,
    start: Date,
    counsellorId?: string,
  ): Promise<AppointmentEntity> {
    const type = current.consultationType as ConsultationTypeEntity;
    const filter = this.moveFilter(current, counsellorId);
    // The interpreter's language goes along: an interpreter for it must be free at the new time.
    const language = current.interpreterId ? (current.interpreterLanguage ?? undefined) : undefined;
    const availability = await this.slots.availabilityAt(type, start, filter, current.id, language);
    if (availability.kind === 'unbookable') throw unbookable(availability.reason);
    if (availability.kind === 'taken') {
      throw await this.taken(type, start, filter, language, availability.by);
    }
    const zone = (await this.officeOf(type)).timeZone;
    // Continuity first: the same counsellor if free, otherwise the fairest other one.
    const candidates = availability.counsellors.some((c) => c.id === current.counsellorId)
      ? [availability.counsellors.find((c) => c.id === current.counsellorId) as CounsellorEntity]
      : await this.fairOrder(availability.counsellors, start, zone);
    // And the same interpreter if free, otherwise the least loaded other one.
    const sameInterpreter = availability.interpreters.find((i) => i.id === current.interpreterId);
    const interpreters: (CounsellorEntity | null)[] = !language
      ? [null]
      : sameInterpreter
        ? [
            sameInterpreter,
            ...(await this.fairOrder(
              availability.interpreters.filter((i) => i !== sameInterpreter),
              start,
              zone,
              'interpreter',
            )),
          ]
        : await this.fairOrder(availability.interpreters, start, zone, 'interpreter');
    let refused: Refused = 'counsellor';
    for (const counsellor of candidates) {
      for (let i = 0; i < interpreters.length;) {
        const interpreter = interpreters[i];
        try {
          const moved = await this.appointments.transaction(async (tx) => {
            const updated = await tx.updateAppointment(current.id, current.version, {
              counsellorId: counsellor.id,
              ...(interpreter && { interpreterId: interpreter.id }),
              startsAt: start,
              endsAt: new Date(start.getTime() + type.durationMinutes * 60_000),
              // "I will come" was said of the old time.
              clientResponse: null,
              clientResponseAt: null,
            });
            if (!updated)
              throw new ConflictException(
                'The appointment was changed meanwhile; please reload it',
              );
            await tx.audit(actor, 'appointment.rescheduled', updated.id, {
              from: auditView(current),
              to: auditView(updated),
            });
            await tx.emit('appointment.rescheduled', updated);
            return updated;
          });
          this.kickRelay();
          return Object.assign(moved, {
            consultationType: type,
            counsellor,
            interpreter: interpreter ?? null,
          });
        } catch (error) {
          if (sqlState(error) === SqlState.exclusionViolation) {
            refused = interpreter ? refusedSide(error) : 'counsellor';
            if (refused === 'interpreter') {
              interpreters.splice(i, 1);
              continue;
            }
            break;
          }
          throw error;
        }
      }
      if (interpreters.length === 0) break;
    }
    throw await this.taken(type, start, filter, language, refused);
  }

  async cancel(token: string): Promise<AppointmentEntity> {
    const current = await this.changeable(token);
    return this.cancelAs(CLIENT, current, null);
  }

  /** The client cancels by a messenger or SMS reply: the manage page's rules (live, before the cut-off). */
  async cancelByClient(appointmentId: string): Promise<AppointmentEntity> {
    return this.cancelAs(CLIENT, this.checkChangeable(await this.reload(appointmentId)), null);
  }

  /** Cancels a live appointment as the client, staff (then with a reason) or the system; the statistics keep who. */
  async cancelAs(
    actor: Actor,
    current: AppointmentEntity,
    reason: string | null,
  ): Promise<AppointmentEntity> {
    const cancelled = await this.appointments.transaction(async (tx) => {
      const updated = await tx.updateAppointment(current.id, current.version, {
        status: 'cancelled',
        cancelledBy: actor.type,
        cancellationReason: reason,
      });
      if (!updated) throw notLive();
      await tx.audit(actor, 'appointment.cancelled', updated.id, {
        ...auditView(updated),
        reasonGiven: reason !== null,
      });
      await tx.emit('appointment.cancelled', updated);
      return updated;
    });
    this.kickRelay();
    return this.reload(cancelled.id);
  }

  /** The appointment with its type and counsellor, as the answers show them. */
  async reload(id: string): Promise<AppointmentEntity> {
    const appointment = await this.appointments.findById(id);
    if (!appointment) throw appointmentNotFound();
    return appointment;
  }

  /** Who may take a moved appointment: counsellors who speak the language asked for at booking. */
  private moveFilter(current: AppointmentEntity, counsellorId?: string): CounsellorFilter {
    return { language: current.requestedLanguage ?? undefined, counsellorId };
  }

  /**
   * Whether the office can send messages (confirmation, reminders, changes) to the appointment's
   * contact: always by email; to a phone number only with an SMS gateway; never once erased.
   */
  canMessage(appointment: AppointmentEntity): boolean {
    const channel = appointment.contactChannel;
    if (!channel || !appointment.contactValue) return false;
    return messagesReach(channel, Boolean(this.config.SMS_GATEWAY_URL));
  }

  /** Whether the client may still change it online. */
  canChange(appointment: AppointmentEntity): boolean {
    const cutoff = (appointment.consultationType?.changeCutoffMinutes ?? 0) * 60_000;
    return (
      appointment.status === 'confirmed' &&
      this.clock.now().getTime() < appointment.startsAt.getTime() - cutoff
    );
  }

  /** Run by staff services after their own transactions. */
  kickRelay(): void {
    // After commit, outside any transaction; a failure is retried by the relay's own schedule.
    this.relay.relay().catch(() => undefined);
  }

  private async changeable(token: string): Promise<AppointmentEntity> {
    return this.checkChangeable(await this.byToken(token));
  }

  private checkChangeable(appointment: AppointmentEntity): AppointmentEntity {
    if (appointment.status !== 'confirmed') throw notLive();
    if (!this.canChange(appointment)) throw tooLateToChange();
    return appointment;
  }

  /**
   * A client's appointment that may move to a new time: changeable, and its office takes
   * appointments (a suspended office's clients can still cancel, not take a new time).
   */
  private async movable(token: string): Promise<AppointmentEntity> {
    const appointment = await this.changeable(token);
    const office = await this.officeOf(appointment.consultationType as ConsultationTypeEntity);
    if (office.status !== 'active') throw officeSuspended();
    return appointment;
  }

  /**
   * A new manage token for a live appointment's messages (each mail its own link; the raw token
   * exists only in the message). Null when the appointment is gone or no longer confirmed.
   */
  async issueManageToken(appointmentId: string): Promise<string | null> {
    const manageToken = generateToken();
    const inserted = await this.appointments.insertTokenIfExists(
      appointmentId,
      hashToken(manageToken),
    );
    return inserted ? manageToken : null;
  }

  private async replay(keyHash: string, requestHash: string): Promise<BookingResult | null> {
    const existing = await this.appointments.findIdempotencyKey(keyHash);
    if (!existing) return null;
    if (!digestsEqual(existing.requestHash, requestHash)) {
      throw new ConflictException('This Idempotency-Key was used for a different booking request');
    }
    const appointment = await this.appointments.findById(existing.appointmentId);
    if (!appointment) throw appointmentNotFound();
    // The first answer may never have arrived: hand out a fresh token for the same booking.
    const manageToken = generateToken();
    await this.appointments.transaction((tx: AppointmentTransaction) =>
      tx.insertToken(appointment.id, hashToken(manageToken)),
    );
    return { appointment, manageToken, replayed: true };
  }

  /**
   * 409 with the next free times (with an interpreter for `language` when one was asked for):
   * `interpreter_taken` when the interpreters were what ran out, else `slot_taken`.
   */
  private async taken(
    type: ConsultationTypeEntity,
    start: Date,
    filter: CounsellorFilter,
    language?: string,
    refused: Refused = 'counsellor',
  ): Promise<SlotTakenException | InterpreterTakenException> {
    const next = await this.slots.nextFree(type, start, filter, 5, language);
    return refused === 'interpreter'
      ? new InterpreterTakenException(next)
      : new SlotTakenException(next);
  }

  /**
   * Least booked in the office week (in the office's zone) of the start first; ties in random order.
   * Counsellors by their appointments, interpreters by those they interpret.
   */
  private async fairOrder(
    counsellors: CounsellorEntity[],
    start: Date,
    officeZone: string,
    role: 'counsellor' | 'interpreter' = 'counsellor',
  ): Promise<CounsellorEntity[]> {
    if (counsellors.length < 2) return counsellors;
    const week = DateTime.fromJSDate(start, { zone: officeZone }).startOf('week');
    const load = await this.appointments.loadByCounsellor(
      counsellors.map((c) => c.id),
      week.toJSDate(),
      week.plus({ weeks: 1 }).toJSDate(),
      role,
    );
    return counsellors
      .map((counsellor) => ({
        counsellor,
        load: load.get(counsellor.id) ?? 0,
        tie: randomInt(1 << 30),
      }))
      .sort((a, b) => a.load - b.load || a.tie - b.tie)
      .map((entry) => entry.counsellor);
  }
}
