import { Processor, WorkerHost } from '@nestjs/bullmq';
import { UnrecoverableError, type Job } from 'bullmq';
import { JobName, QueueName, type NotificationPayload } from '@app/queue';
import { NotificationSender, PermanentDeliveryError } from '@app/notifications';

/**
 * Sends notifications. Concurrency 32: sending waits on the database, the mail server or the SMS
 * gateway, hardly on the CPU (2,000 reminders due at once: see bench:reminders). A permanent failure (SMTP 5xx, channel not configured) ends the job without retries. A
 * worker that dies mid-job holds its lock for at most 15 s; then another worker (or the restarted
 * one) takes the job up again, and the notification log keeps it from being sent twice.
 */
@Processor(QueueName.Notifications, {
  drainDelay: 1,
  concurrency: 32,
  lockDuration: 15_000,
  stalledInterval: 15_000,
  maxStalledCount: 3,
})
export class NotificationsProcessor extends WorkerHost {
  readonly handlers: {
    [JobName.SendNotification]: (payload: NotificationPayload, job: Job) => Promise<unknown>;
  } = {
    [JobName.SendNotification]: async (payload, job) => {
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      try {
        return await this.sender.send(payload, lastAttempt);
      } catch (error) {
        if (error instanceof PermanentDeliveryError) throw new UnrecoverableError(error.message);
        throw error;
      }
    },
  };

  constructor(private readonly sender: NotificationSender) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== (JobName.SendNotification as string))
      throw new Error(`No handler for job "${job.name}" on queue ${QueueName.Notifications}`);
    return this.handlers[JobName.SendNotification](job.data as NotificationPayload, job);
  }
}
