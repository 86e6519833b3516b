import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { JobName, QueueName } from '@app/queue';

/**
 * Repeatable jobs, registered idempotently (upsert by scheduler id) by JobReconciliation: when a
 * worker starts, after each reconnect to the queue backend, and periodically.
 */
@Injectable()
export class JobSchedules {
  private readonly logger = new Logger(JobSchedules.name);

  constructor(@InjectQueue(QueueName.Maintenance) private readonly maintenance: Queue) {}

  async register(): Promise<void> {
    await this.maintenance.upsertJobScheduler(
      JobName.PurgeExpiredSessions,
      { every: 60 * 60 * 1000 },
      { name: JobName.PurgeExpiredSessions, data: {} },
    );
    await this.maintenance.upsertJobScheduler(
      JobName.RelayOutbox,
      { every: 5_000 },
      { name: JobName.RelayOutbox, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
    await this.maintenance.upsertJobScheduler(
      JobName.SettleVideoAttendance,
      { every: 60_000 },
      {
        name: JobName.SettleVideoAttendance,
        data: {},
        opts: { removeOnComplete: true, removeOnFail: 100 },
      },
    );
    await this.maintenance.upsertJobScheduler(
      JobName.PurgePersonalData,
      { every: 60 * 60 * 1000 },
      {
        name: JobName.PurgePersonalData,
        data: {},
        opts: { removeOnComplete: 48, removeOnFail: 100 },
      },
    );
    await this.maintenance.upsertJobScheduler(
      JobName.SendDailyAgendas,
      { every: 5 * 60 * 1000 },
      {
        name: JobName.SendDailyAgendas,
        data: {},
        opts: { removeOnComplete: true, removeOnFail: 100 },
      },
    );
    // The digest's moment (07:30 in each office's zone) is met within five minutes.
    await this.maintenance.upsertJobScheduler(
      JobName.SendMessageDigests,
      { every: 5 * 60 * 1000 },
      {
        name: JobName.SendMessageDigests,
        data: {},
        opts: { removeOnComplete: true, removeOnFail: 100 },
      },
    );
    // A called client has a grace of minutes: checked every 10 s, a call is settled within 10 s of it.
    await this.maintenance.upsertJobScheduler(
      JobName.SettleWalkIn,
      { every: 10_000 },
      { name: JobName.SettleWalkIn, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
    // An unanswered hold is freed, and offered to the next client, within a minute of its end.
    await this.maintenance.upsertJobScheduler(
      JobName.MatchWaitlist,
      { every: 60_000 },
      {
        name: JobName.MatchWaitlist,
        data: {},
        opts: { removeOnComplete: true, removeOnFail: 100 },
      },
    );
    // Feedback surveys go out within five minutes of a consultation that took place.
    await this.maintenance.upsertJobScheduler(
      JobName.PlanSurveys,
      { every: 5 * 60 * 1000 },
      { name: JobName.PlanSurveys, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
    this.logger.debug('job schedules registered');
  }
}
