import { Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { JOB_QUEUE, JobName } from '@app/queue';
import { AppointmentsModule } from '@app/appointments';
import { StaffModule } from '@app/staff';
import { MessengerService } from '@app/messengers';
import { NotificationScheduler, NotificationsModule } from '@app/notifications';
import { PrivacyModule } from '@app/privacy';
import { SurveyModule } from '@app/survey';
import { VideoModule } from '@app/video';
import { WaitlistMatcher, WaitlistModule } from '@app/waitlist';
import { WalkInModule } from '@app/walk-in';
import { DomainEventsProcessor } from './domain-events.processor.js';
import { JobReconciliation } from './job-reconciliation.js';
import { JobSchedules } from './job-schedules.js';
import { MaintenanceProcessor } from './maintenance.processor.js';
import { NotificationsProcessor } from './notifications.processor.js';

/** Every job processor. The worker app runs them; in embedded mode the API process does. */
@Module({
  imports: [
    StaffModule,
    AppointmentsModule,
    VideoModule,
    NotificationsModule,
    PrivacyModule,
    WalkInModule,
    WaitlistModule,
    SurveyModule,
  ],
  providers: [
    MaintenanceProcessor,
    DomainEventsProcessor,
    NotificationsProcessor,
    JobSchedules,
    JobReconciliation,
  ],
  exports: [DomainEventsProcessor, JobReconciliation],
})
export class JobsModule implements OnModuleInit, OnModuleDestroy {
  constructor(
    private readonly maintenance: MaintenanceProcessor,
    private readonly domainEvents: DomainEventsProcessor,
    private readonly notifications: NotificationsProcessor,
    notificationScheduler: NotificationScheduler,
    waitlistMatcher: WaitlistMatcher,
    messengers: MessengerService,
  ) {
    domainEvents.register(notificationScheduler);
    // Cancellations and moves free times for the waitlist.
    domainEvents.register(waitlistMatcher);
    // Every change reaches the staff consoles of its office at once (their event stream).
    domainEvents.register({
      name: 'console-changes',
      handle: (events) => messengers.announceChanges(events.map((e) => e.appointmentId)),
    });
  }

  /**
   * Workers stop first, letting running jobs finish, while the queues, the database and the mail
   * transport are still open. @nestjs/bullmq closes queues and workers together at application
   * shutdown: a job still running then (an appointment event adding notification jobs) calls a
   * closed queue, whose PostgreSQL backend answers with a promise that never settles, and the
   * shutdown hangs.
   */
  async onModuleDestroy(): Promise<void> {
    await Promise.all(
      [this.maintenance, this.domainEvents, this.notifications].map((processor) =>
        processor.worker.close(),
      ),
    );
  }

  /** Start-up fails when a job of the catalogue has no handler. */
  onModuleInit(): void {
    const handled = new Set<string>([
      ...Object.keys(this.maintenance.handlers),
      ...Object.keys(this.domainEvents.handlers),
      ...Object.keys(this.notifications.handlers),
    ]);
    const missing = Object.values(JobName).filter((name) => !handled.has(name));
    if (missing.length > 0) {
      throw new Error(
        `Jobs without a handler: ${missing.map((name) => `${JOB_QUEUE[name]}/${name}`).join(', ')}`,
      );
    }
  }
}
