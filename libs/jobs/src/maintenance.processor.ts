import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobName, QueueName, type JobPayloads } from '@app/queue';
import { OutboxRelay } from '@app/appointments';
import { NotificationScheduler, SurveyPlanner } from '@app/notifications';
import { PrivacyService } from '@app/privacy';
import { SurveyService } from '@app/survey';
import { AuthService } from '@app/staff';
import { VideoService } from '@app/video';
import { WaitlistMatcher } from '@app/waitlist';
import { WalkInQueueService } from '@app/walk-in';

type MaintenanceJob =
  | JobName.PurgeExpiredSessions
  | JobName.RelayOutbox
  | JobName.SettleVideoAttendance
  | JobName.PurgePersonalData
  | JobName.SendDailyAgendas
  | JobName.SettleWalkIn
  | JobName.MatchWaitlist
  | JobName.SendMessageDigests
  | JobName.PlanSurveys;

/**
 * Housekeeping jobs. `drainDelay: 1` keeps idle polling at one second: BullMQ's PostgreSQL backend
 * on the embedded database gets no NOTIFY, and on Redis a 1 s blocking wait costs nothing.
 */
@Processor(QueueName.Maintenance, { drainDelay: 1, concurrency: 1 })
export class MaintenanceProcessor extends WorkerHost {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  /** One handler per job of this queue; the type makes a missing one a compile error. */
  readonly handlers: { [K in MaintenanceJob]: (payload: JobPayloads[K]) => Promise<unknown> } = {
    [JobName.PurgeExpiredSessions]: async () => {
      const purged = await this.auth.purgeExpiredSessions();
      this.logger.log({ purged }, 'purged expired staff sessions');
      return { purged };
    },
    // A safety net: the API relays right after each commit; this catches what a crash left behind.
    [JobName.RelayOutbox]: async () => ({ published: await this.relay.relay() }),
    // Attendance decides completed / no_show once a call's window has closed.
    [JobName.SettleVideoAttendance]: () => this.video.settleDue(),
    // Clients' personal data goes their office's retention period after their appointment, documents included.
    // Survey links go when they expire (never later than the client's data): answers stay.
    [JobName.PurgePersonalData]: async () => ({
      ...(await this.privacy.purgeExpired()),
      surveyLinks: await this.surveys.purgeExpired(),
    }),
    [JobName.SendDailyAgendas]: async () => ({ planned: await this.notifications.planAgendas() }),
    [JobName.SettleWalkIn]: async () => ({
      missed: await this.walkIn.settleOverdueCalls(),
      expiredSessions: await this.walkIn.expireStale(),
    }),
    // Besides the events: new hours and removed absences free times too, and holds run out.
    [JobName.MatchWaitlist]: () => this.waitlist.run(),
    // Clients' messages tell their counsellor once a day, in the morning: counts only.
    [JobName.SendMessageDigests]: async () => ({
      planned: await this.notifications.planMessageDigests(),
    }),
    // After each consultation that took place, its client is asked once for feedback.
    [JobName.PlanSurveys]: async () => ({ planned: await this.surveyPlanner.planDue() }),
  };

  constructor(
    private readonly auth: AuthService,
    private readonly relay: OutboxRelay,
    private readonly video: VideoService,
    private readonly privacy: PrivacyService,
    private readonly notifications: NotificationScheduler,
    private readonly walkIn: WalkInQueueService,
    private readonly waitlist: WaitlistMatcher,
    private readonly surveys: SurveyService,
    private readonly surveyPlanner: SurveyPlanner,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    const handler = this.handlers[job.name as MaintenanceJob] as
      ((payload: unknown) => Promise<unknown>) | undefined;
    // Thrown, not swallowed: BullMQ records the failure and retries.
    if (!handler)
      throw new Error(`No handler for job "${job.name}" on queue ${QueueName.Maintenance}`);
    return handler(job.data);
  }
}
