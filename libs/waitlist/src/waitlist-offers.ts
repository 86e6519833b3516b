import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { jobId, JobName, QueueName, type NotificationPayload } from '@app/queue';

/** "A time is held for you": one message per entry and held time, in the client's language. */
export abstract class WaitlistOffers {
  abstract offered(entryId: string, appointmentId: string): Promise<void>;
}

/**
 * Sent by the notification workers. "Once" holds twice over: a job id per entry and held time, and
 * the sender's keyed notification row.
 */
@Injectable()
export class QueuedWaitlistOffers extends WaitlistOffers {
  private readonly logger = new Logger(QueuedWaitlistOffers.name);

  constructor(@InjectQueue(QueueName.Notifications) private readonly queue: Queue) {
    super();
  }

  async offered(entryId: string, appointmentId: string): Promise<void> {
    const payload: NotificationPayload = { kind: 'waitlist-offer', entryId, appointmentId };
    try {
      await this.queue.add(JobName.SendNotification, payload, {
        jobId: jobId(payload.kind, entryId, appointmentId),
      });
    } catch (error) {
      // The queue is down: the entry's page still shows the offer; the message is lost.
      this.logger.warn({ err: error, entryId }, 'waitlist offer not queued');
    }
  }
}
