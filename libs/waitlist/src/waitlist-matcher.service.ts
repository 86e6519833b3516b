import { Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { BookingService } from '@app/appointments';
import { Clock } from '@app/common';
import { AppConfig } from '@app/config';
import type { OfficeEntity } from '@app/offices';
import type { AppointmentEventPayload, AppointmentEventType } from '@app/queue';
import { MAX_SEARCH_DAYS, SlotService } from '@app/roster';
import { DAY_MS, MINUTE_MS, type Slot } from '@app/scheduling';
import { WaitlistOffers } from './waitlist-offers.js';
import type { WaitlistEntryEntity } from './waitlist.entities.js';
import { WaitlistRepository } from './waitlist.repository.js';

/** Events after which a time may be free that was not before. */
const FREEING: readonly AppointmentEventType[] = [
  'appointment.cancelled',
  'appointment.rescheduled',
  'appointment.reassigned',
];

/** Entries looked at per run, first come first (a longer line is served by the next runs). */
const ENTRIES_PER_RUN = 500;

/** Free slots tried per entry when others take them meanwhile. */
const TRIES_PER_ENTRY = 3;

export interface MatchResult {
  /** Offers that went unanswered and were ended. */
  lapsed: number;
  /** Entries whose days have passed. */
  expired: number;
  offered: number;
}

/**
 * Offers freed times to waitlisted clients: the oldest waiting entry first gets the earliest free
 * slot in its days (and language), held for it in the database. Runs after events that free
 * times, periodically (new hours, removed absences, lapsed holds), and after a client declines.
 *
 * Safe to run anywhere at once: a hold is a row the exclusion constraint admits only on a free
 * time, and an entry takes an offer only while it still waits (else the hold is freed again).
 */
@Injectable()
export class WaitlistMatcher {
  readonly name = 'waitlist';
  private readonly logger = new Logger(WaitlistMatcher.name);
  /** The run in progress in this process and whether another is wanted after it. */
  private running: Promise<MatchResult> | null = null;
  private again = false;

  constructor(
    private readonly repository: WaitlistRepository,
    private readonly booking: BookingService,
    private readonly slots: SlotService,
    private readonly offers: WaitlistOffers,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** As a listener of appointment events: a run when one of them may have freed a time. */
  async handle(events: AppointmentEventPayload[]): Promise<void> {
    if (events.some((event) => FREEING.includes(event.type))) await this.run();
  }

  /** A run soon, outside the caller's request; a failure is retried by the periodic job. */
  kick(): void {
    this.run().catch((error: unknown) =>
      this.logger.warn({ err: error }, 'waitlist matching failed'),
    );
  }

  /**
   * One run. Asked for while one is going, another follows it, and the caller is answered when
   * that one is done: whatever changed before the call is seen.
   */
  run(): Promise<MatchResult> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async drain(): Promise<MatchResult> {
    let result: MatchResult;
    do {
      this.again = false;
      result = await this.runOnce();
    } while (this.again);
    return result;
  }

  private async runOnce(): Promise<MatchResult> {
    const now = this.clock.now();
    // Entries first: an offer whose entry still waits is never left without its held time.
    const lapsed = await this.repository.lapseOffers(now);
    await this.booking.releaseLapsedHolds();
    const expired = await this.repository.expirePast(now);
    let offered = 0;
    for (const entry of await this.repository.waiting(ENTRIES_PER_RUN)) {
      try {
        if (await this.offer(entry)) offered += 1;
      } catch (error) {
        // One entry's type gone or suspended must not stop the line behind it.
        this.logger.warn({ err: error, entryId: entry.id }, 'waitlist entry not matched');
      }
    }
    if (lapsed + expired + offered > 0)
      this.logger.log({ lapsed, expired, offered }, 'waitlist matched');
    return { lapsed, expired, offered };
  }

  /** Holds the earliest free time in the entry's days for it; whether it was offered one. */
  private async offer(entry: WaitlistEntryEntity): Promise<boolean> {
    const candidates = await this.freeSlots(entry);
    for (const slot of candidates.slice(0, TRIES_PER_ENTRY)) {
      const start = new Date(slot.start);
      const expiresAt = new Date(
        Math.min(
          this.clock.now().getTime() + this.config.WAITLIST_HOLD_MINUTES * MINUTE_MS,
          slot.start,
        ),
      );
      const held = await this.booking.hold({
        consultationTypeId: entry.consultationTypeId,
        start,
        counsellorLanguage: entry.language ?? undefined,
        interpreterLanguage: entry.interpreterLanguage ?? undefined,
        pseudonym: entry.pseudonym ?? '',
        language: entry.clientLanguage,
        contact: {
          channel: entry.contactChannel as NonNullable<WaitlistEntryEntity['contactChannel']>,
          value: entry.contactValue as string,
        },
        expiresAt,
      });
      // Taken meanwhile: the next free time.
      if (!held) continue;
      if (!(await this.repository.claimOffer(entry.id, held.id, expiresAt))) {
        // Another run offered this entry something meanwhile: the time is free again.
        await this.booking.releaseHold(held.id);
        return false;
      }
      await this.offers.offered(entry.id, held.id);
      return true;
    }
    return false;
  }

  /** The free slots in the entry's days from now on, earliest first, but the one it declined. */
  private async freeSlots(entry: WaitlistEntryEntity): Promise<Slot[]> {
    const zone = (entry.office as OfficeEntity).timeZone;
    const now = this.clock.now().getTime();
    const first = DateTime.fromISO(entry.fromDate, { zone }).startOf('day').toMillis();
    const end = DateTime.fromISO(entry.toDate, { zone })
      .plus({ days: 1 })
      .startOf('day')
      .toMillis();
    const from = Math.max(first, now);
    if (end <= from) return [];
    const { slots } = await this.slots.search({
      consultationTypeId: entry.consultationTypeId,
      language: entry.language ?? undefined,
      interpreterLanguage: entry.interpreterLanguage ?? undefined,
      from: new Date(from),
      to: new Date(Math.min(end, from + MAX_SEARCH_DAYS * DAY_MS)),
    });
    const declined = entry.declinedStart?.getTime();
    return slots.filter((slot) => slot.start !== declined);
  }
}
