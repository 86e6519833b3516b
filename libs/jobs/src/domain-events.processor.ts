import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobName, QueueName, type AppointmentEventPayload, type JobPayloads } from '@app/queue';

/** Something that reacts to appointment events (reminders, video rooms, …), a batch at a time. */
export interface AppointmentEventListener {
  readonly name: string;
  /** The events of one batch, oldest first; one appointment may occur more than once. */
  handle(events: AppointmentEventPayload[]): Promise<void>;
}

/** Batches worked on at once: with the relay's batches of 200, up to 800 events in flight. */
export const DOMAIN_EVENTS_CONCURRENCY = 4;

/**
 * Delivers each batch of appointment events to every listener. A listener that throws fails the
 * job, so BullMQ retries the whole batch; listeners must therefore be idempotent (keyed by event id
 * or version).
 */
@Processor(QueueName.DomainEvents, { drainDelay: 1, concurrency: DOMAIN_EVENTS_CONCURRENCY })
export class DomainEventsProcessor extends WorkerHost {
  private readonly logger = new Logger(DomainEventsProcessor.name);
  private readonly listeners: AppointmentEventListener[] = [];

  readonly handlers: {
    [JobName.AppointmentEvents]: (
      payload: JobPayloads[JobName.AppointmentEvents],
    ) => Promise<unknown>;
    [JobName.AppointmentEvent]: (payload: AppointmentEventPayload) => Promise<unknown>;
  } = {
    [JobName.AppointmentEvents]: ({ events }) => this.deliver(events),
    [JobName.AppointmentEvent]: (event) => this.deliver([event]),
  };

  register(listener: AppointmentEventListener): void {
    this.listeners.push(listener);
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case JobName.AppointmentEvents as string:
        return this.handlers[JobName.AppointmentEvents](
          job.data as JobPayloads[JobName.AppointmentEvents],
        );
      case JobName.AppointmentEvent as string:
        return this.handlers[JobName.AppointmentEvent](job.data as AppointmentEventPayload);
      default:
        throw new Error(`No handler for job "${job.name}" on queue ${QueueName.DomainEvents}`);
    }
  }

  private async deliver(events: AppointmentEventPayload[]): Promise<{ delivered: number }> {
    for (const listener of this.listeners) await listener.handle(events);
    this.logger.debug(
      { events: events.length, listeners: this.listeners.length },
      'appointment events delivered',
    );
    return { delivered: events.length };
  }
}
