import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobName, QueueName, type AppointmentEventPayload } from '@app/queue';

/** Something that reacts to appointment events (reminders, video rooms, …). */
export interface AppointmentEventListener {
  readonly name: string;
  handle(event: AppointmentEventPayload): Promise<void>;
}

/**
 * Delivers each appointment event to every listener. A listener that throws fails the job, so
 * BullMQ retries it; listeners must therefore be idempotent (keyed by event id or version).
 */
@Processor(QueueName.DomainEvents, { drainDelay: 1, concurrency: 4 })
export class DomainEventsProcessor extends WorkerHost {
  private readonly logger = new Logger(DomainEventsProcessor.name);
  private readonly listeners: AppointmentEventListener[] = [];

  readonly handlers: {
    [JobName.AppointmentEvent]: (payload: AppointmentEventPayload) => Promise<unknown>;
  } = {
    [JobName.AppointmentEvent]: async (event) => {
      for (const listener of this.listeners) await listener.handle(event);
      this.logger.debug(
        { eventId: event.eventId, type: event.type, listeners: this.listeners.length },
        'appointment event delivered',
      );
      return { delivered: this.listeners.length };
    },
  };

  register(listener: AppointmentEventListener): void {
    this.listeners.push(listener);
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== (JobName.AppointmentEvent as string))
      throw new Error(`No handler for job "${job.name}" on queue ${QueueName.DomainEvents}`);
    return this.handlers[JobName.AppointmentEvent](job.data as AppointmentEventPayload);
  }
}
