import { InjectQueue } from '@nestjs/bullmq';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Queue } from 'bullmq';
import { NotificationScheduler } from '@app/notifications';
import { QueueName } from '@app/queue';
import { JobSchedules } from './job-schedules.js';

/** A periodic run catches what no reconnect announced (a failover to a replica that lagged). */
const INTERVAL_MS = 10 * 60_000;
/** After a failed run (the backend answered "ready" but is not quite there yet), try again soon. */
const RETRY_MS = 5_000;

export type ReconcileReason = 'start' | 'reconnect' | 'periodic' | 'retry' | 'request';

/**
 * The database is the source of truth for what the queue should hold: the repeatable jobs, the
 * reminders of every confirmed appointment ahead, and the notices of the last day's appointment
 * events that the notification log has no entry for. A Redis that restarts without persistence
 * comes back empty, and without this the reminders, schedules and queued confirmations would be
 * gone until someone noticed.
 * Runs at start, after every reconnect of a queue's connection (ioredis' "ready", forwarded by the
 * BullMQ backend), and every INTERVAL_MS; every run is idempotent (deterministic job and scheduler
 * ids), so several workers may run it at once.
 */
@Injectable()
export class JobReconciliation implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(JobReconciliation.name);
  private running: Promise<void> | undefined;
  private again: ReconcileReason | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly schedules: JobSchedules,
    private readonly notifications: NotificationScheduler,
    @InjectQueue(QueueName.Maintenance) private readonly maintenance: Queue,
    @InjectQueue(QueueName.Notifications) private readonly notificationQueue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // The schedules at once (a worker that cannot reach its queue does not start); the reminders,
    // which may be many, in the background.
    await this.schedules.register();
    this.request('start');
    for (const queue of [this.maintenance, this.notificationQueue]) {
      queue.getBackend().on('ready', () => this.request('reconnect'));
    }
    const periodic = setInterval(() => this.request('periodic'), INTERVAL_MS);
    periodic.unref();
    this.timers.add(periodic);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.running;
  }

  /** Starts a run, or one more after the current one (two reconnects at once make one run). */
  request(reason: ReconcileReason): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = reason;
      return;
    }
    this.running = this.reconcile(reason)
      .then(() => undefined)
      .catch((error: unknown) => {
        this.logger.warn(
          { reason, error: error instanceof Error ? error.message : String(error) },
          'job reconciliation failed; trying again',
        );
        const retry = setTimeout(() => {
          this.timers.delete(retry);
          this.request('retry');
        }, RETRY_MS);
        retry.unref();
        this.timers.add(retry);
      })
      .finally(() => {
        this.running = undefined;
        const next = this.again;
        this.again = undefined;
        if (next) this.request(next);
      });
  }

  /**
   * One run: the schedulers, the reminders, the notices of recent events that never went out,
   * then the conversations' new-message notices. Resolves with how many of each were offered.
   */
  async reconcile(
    reason: ReconcileReason,
  ): Promise<{ reminders: number; notices: number; messageNotices: number }> {
    const started = Date.now();
    await this.schedules.register();
    const reminders = await this.notifications.reconcileReminders();
    const notices = await this.notifications.reconcileNotices();
    const messageNotices = await this.notifications.reconcileMessageNotices();
    this.logger.log(
      { reason, reminders, notices, messageNotices, ms: Date.now() - started },
      'queue reconciled with the database',
    );
    return { reminders, notices, messageNotices };
  }
}
