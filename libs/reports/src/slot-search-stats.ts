import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Channel } from '@app/roster';
import { SlotSearchStatRepository, type SlotSearchRow } from './slot-search-stat.repository.js';

const DAY_MS = 86_400_000;
/** A search "found time" when its first free slot starts within this many days. */
export const UNMET_WITHIN_DAYS = 14;
const FLUSH_MS = 2_000;
const FLUSH_ROWS = 500;
/** Beyond this, new rows are dropped until a flush succeeds (the database is down): no memory leak. */
const MAX_BUFFERED = 20_000;

export interface SlotSearchObservation {
  officeId: string | null;
  /** The office's local day of the search. */
  day: string;
  topic: string | null;
  channel: Channel | null;
  language: string | null;
  interpreterLanguage: string | null;
  now: Date;
  /** The end of the searched window. */
  windowEnd: Date;
  /** The start of the first free slot found, if any. */
  firstSlot: Date | null;
}

/** Whether and after how many days a search found time: the anonymous facts kept of it. */
export function searchOutcome(observation: SlotSearchObservation): {
  foundWithin14Days: boolean | null;
  daysToFirstSlot: number | null;
} {
  const { now, firstSlot, windowEnd } = observation;
  const horizon = now.getTime() + UNMET_WITHIN_DAYS * DAY_MS;
  if (firstSlot) {
    const days = Math.max(0, Math.floor((firstSlot.getTime() - now.getTime()) / DAY_MS));
    return { foundWithin14Days: firstSlot.getTime() < horizon, daysToFirstSlot: days };
  }
  // Nothing found: unmet only when the search looked at the whole 14 days.
  return {
    foundWithin14Days: windowEnd.getTime() >= horizon ? false : null,
    daysToFirstSlot: null,
  };
}

/**
 * Records public slot searches for the unmet-demand statistics without slowing them: rows wait in
 * memory and go to the database in one multi-row INSERT every 2 s (or 500 rows), off the request.
 * A failed write is logged and its rows dropped: statistics must never fail a client's search.
 * Rows still waiting are written at shutdown, and before a report is computed.
 */
@Injectable()
export class SlotSearchStats implements OnApplicationShutdown {
  private readonly logger = new Logger(SlotSearchStats.name);
  private buffer: SlotSearchRow[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly repository: SlotSearchStatRepository) {}

  record(observation: SlotSearchObservation): void {
    if (this.buffer.length >= MAX_BUFFERED) return;
    const outcome = searchOutcome(observation);
    this.buffer.push([
      observation.officeId,
      observation.day,
      observation.topic,
      observation.channel,
      observation.language,
      observation.interpreterLanguage,
      outcome.foundWithin14Days,
      outcome.daysToFirstSlot,
    ]);
    if (this.buffer.length >= FLUSH_ROWS) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS).unref();
  }

  /** Writes what waits; resolves when written (or dropped after an error). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const rows = this.buffer;
    this.buffer = [];
    this.flushing = this.flushing.then(() => this.write(rows));
    return this.flushing;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private async write(rows: SlotSearchRow[]): Promise<void> {
    if (rows.length === 0) return;
    try {
      await this.repository.insertMany(rows);
    } catch (error) {
      this.logger.warn(`Dropped ${rows.length} slot search statistics: ${String(error)}`);
    }
  }
}
