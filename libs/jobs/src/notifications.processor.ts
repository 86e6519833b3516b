import { Processor, WorkerHost } from '@nestjs/bullmq';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { JobName, QueueName, type NotificationPayload } from '@app/queue';
import {
  ConversationNotices,
  NotificationScheduler,
  NotificationSender,
  PermanentDeliveryError,
  RetryLaterError,
  UnrecordedDeliveryError,
} from '@app/notifications';

const BUSY_RETRY_MS = 3_000;
/**
 * Rate limits (HTTP 429 with retry_after) wait as long as the provider asks without using up an
 * attempt, this many times per job; then they count as ordinary failures.
 */
const MAX_THROTTLES = 20;

interface Progress {
  delivered?: boolean;
  throttled?: number;
}

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
      const progress: Progress =
        typeof job.progress === 'object' && job.progress !== null ? job.progress : {};
      const delivered = progress.delivered === true;
      // The messenger copies first: whatever becomes of the email or SMS, the chats get theirs.
      const routes = await this.sender.routesOf(payload);
      if (routes.length > 0) await this.scheduler.addRoutes(payload, routes);
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
          await job.updateProgress({ ...progress, delivered: true });
        }
        const throttled = progress.throttled ?? 0;
        if (error instanceof RetryLaterError && token && throttled < MAX_THROTTLES) {
          await job.updateProgress({ ...progress, throttled: throttled + 1 });
          await job.moveToDelayed(Date.now() + error.retryAfterMs, token);
          throw new DelayedError();
        }
        throw error;
      }
      if (result.outcome === 'deferred' && payload.kind === 'new-message') {
        // Due at night: the morning's job takes over (queued before this one ends, so that a
        // queue failure here retries this job rather than losing the notice).
        await this.notices.deferToMorning(payload, result.until);
        return result;
      }
      if (result.outcome === 'busy' && token) {
        // A duplicate of a job that is sending now: look again shortly, without using an attempt.
        await job.moveToDelayed(Date.now() + BUSY_RETRY_MS, token);
        throw new DelayedError();
      }
      return result;
    },
  };

  constructor(
    private readonly sender: NotificationSender,
    private readonly scheduler: NotificationScheduler,
    private readonly notices: ConversationNotices,
  ) {
    super();
  }

  async process(job: Job, token?: string): Promise<unknown> {
    if (job.name !== (JobName.SendNotification as string))
      throw new Error(`No handler for job "${job.name}" on queue ${QueueName.Notifications}`);
    return this.handlers[JobName.SendNotification](job.data as NotificationPayload, job, token);
  }
}
