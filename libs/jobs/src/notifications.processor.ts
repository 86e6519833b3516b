import { Processor, WorkerHost } from '@nestjs/bullmq';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { JobName, QueueName, type NotificationPayload } from '@app/queue';
import {
  NotificationSender,
  PermanentDeliveryError,
  UnrecordedDeliveryError,
} from '@app/notifications';

const BUSY_RETRY_MS = 3_000;

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
    [JobName.SendNotification]: (
      payload: NotificationPayload,
      job: Job,
      token?: string,
    ) => Promise<unknown>;
  } = {
    [JobName.SendNotification]: async (payload, job, token) => {
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const delivered = (job.progress as { delivered?: unknown } | undefined)?.delivered === true;
      let result;
      try {
        result = await this.sender.send(payload, {
          lastAttempt,
          claimant: job.id ?? job.name,
          delivered,
        });
      } catch (error) {
        if (error instanceof PermanentDeliveryError) throw new UnrecoverableError(error.message);
        if (error instanceof UnrecordedDeliveryError) {
          // The database is still away, the queue is not: the job remembers the delivery, so that
          // its retry records it instead of sending again.
          await job.updateProgress({ delivered: true });
        }
        throw error;
      }
      if (result.outcome === 'busy' && token) {
        // A duplicate of a job that is sending now: look again shortly, without using an attempt.
        await job.moveToDelayed(Date.now() + BUSY_RETRY_MS, token);
        throw new DelayedError();
      }
      return result;
    },
  };

  constructor(private readonly sender: NotificationSender) {
    super();
  }

  async process(job: Job, token?: string): Promise<unknown> {
    if (job.name !== (JobName.SendNotification as string))
      throw new Error(`No handler for job "${job.name}" on queue ${QueueName.Notifications}`);
    return this.handlers[JobName.SendNotification](job.data as NotificationPayload, job, token);
  }
}
