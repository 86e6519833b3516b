import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { jobId, JobName, QueueName } from '@app/queue';
import { OutboxRepository } from './outbox.repository.js';

/** Events per claim, and so per domain-events job. */
export const RELAY_BATCH = 200;
const CLAIM_SECONDS = 30;

/**
 * Publishes outbox events to the domain-events queue, one job per claimed batch (its listeners then
 * read and enqueue per batch, not per event). Events are claimed in one statement (so relays in
 * several processes share the work), enqueued outside any transaction (on the embedded database a
 * queue call inside a transaction would wait forever), then marked published. A relay that dies
 * after enqueueing leaves its claim to expire; the events are enqueued again, under the same job id
 * if the claim takes the same batch (BullMQ ignores it), else in another batch: at least once, and
 * the listeners are idempotent.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private running: Promise<number> | undefined;

  constructor(
    private readonly outbox: OutboxRepository,
    @InjectQueue(QueueName.DomainEvents) private readonly events: Queue,
  ) {}

  /** Relays what is pending now; concurrent calls in one process share one run. */
  relay(): Promise<number> {
    this.running ??= this.relayAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private async relayAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.relayBatch();
      total += published;
      if (published < RELAY_BATCH) return total;
    }
  }

  private async relayBatch(): Promise<number> {
    const claimed = await this.outbox.claim(RELAY_BATCH, CLAIM_SECONDS);
    if (claimed.length === 0) return 0;
    const events = claimed.map((event) => ({
      eventId: event.id,
      type: event.type,
      appointmentId: event.appointmentId,
      version: event.payload.version,
    }));
    await this.events.add(
      JobName.AppointmentEvents,
      { events },
      { jobId: jobId('events', events[0].eventId, events[events.length - 1].eventId) },
    );
    await this.outbox.markPublished(claimed.map((event) => event.id));
    this.logger.debug({ published: claimed.length }, 'outbox events published');
    return claimed.length;
  }
}
