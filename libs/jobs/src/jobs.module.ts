import { Module, type OnModuleInit } from '@nestjs/common';
import { JOB_QUEUE, JobName } from '@app/queue';
import { AppointmentsModule } from '@app/appointments';
import { StaffModule } from '@app/staff';
import { VideoModule } from '@app/video';
import { DomainEventsProcessor } from './domain-events.processor.js';
import { JobSchedules } from './job-schedules.js';
import { MaintenanceProcessor } from './maintenance.processor.js';

/** Every job processor. The worker app runs them; in embedded mode the API process does. */
@Module({
  imports: [StaffModule, AppointmentsModule, VideoModule],
  providers: [MaintenanceProcessor, DomainEventsProcessor, JobSchedules],
  exports: [DomainEventsProcessor],
})
export class JobsModule implements OnModuleInit {
  constructor(
    private readonly maintenance: MaintenanceProcessor,
    private readonly domainEvents: DomainEventsProcessor,
  ) {}

  /** Start-up fails when a job of the catalogue has no handler. */
  onModuleInit(): void {
    const handled = new Set<string>([
      ...Object.keys(this.maintenance.handlers),
      ...Object.keys(this.domainEvents.handlers),
    ]);
    const missing = Object.values(JobName).filter((name) => !handled.has(name));
    if (missing.length > 0) {
      throw new Error(
        `Jobs without a handler: ${missing.map((name) => `${JOB_QUEUE[name]}/${name}`).join(', ')}`,
      );
    }
  }
}
