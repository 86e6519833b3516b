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
  /** A call came while a run was under way: its events may have committed after that run's claim. */
  private again = false;

  constructor(
    private readonly outbox: OutboxRepository,
    @InjectQueue(QueueName.DomainEvents) private readonly events: Queue,
  ) {}

  /**
   * Relays what is pending now. Calls during a run share it, and make it claim once more when it
   * would end: their events may have committed after its last claim, and must not wait for the
   * schedule's next run. Under load, a run's batch is what committed during the one before.
   */
  relay(): Promise<number> {
    if (this.running) this.again = true;
    this.running ??= this.relayAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private async relayAll(): Promise<number> {
    let total = 0;
    for (;;) {
      this.again = false;
      const published = await this.relayBatch();
      total += published;
      if (published < RELAY_BATCH && !this.again) return total;
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
