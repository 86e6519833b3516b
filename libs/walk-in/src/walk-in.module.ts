import { Module } from '@nestjs/common';
import { OfficesModule } from '@app/offices';
import { RosterModule } from '@app/roster';
import { VideoModule } from '@app/video';
import { QueuedTicketNotices, TicketNotices } from './ticket-notices.js';
import { WalkInHoursService } from './walk-in-hours.service.js';
import { WalkInInterpretersService } from './walk-in-interpreters.service.js';
import { WalkInLive } from './walk-in-live.js';
import { WalkInQueueService } from './walk-in-queue.service.js';
import { WalkInStatisticsRepository } from './walk-in-statistics.repository.js';
import { WalkInRepository } from './walk-in.repository.js';

@Module({
  imports: [OfficesModule, RosterModule, VideoModule],
  providers: [
    WalkInRepository,
    WalkInHoursService,
    WalkInInterpretersService,
    WalkInQueueService,
    WalkInLive,
    WalkInStatisticsRepository,
    { provide: TicketNotices, useClass: QueuedTicketNotices },
  ],
  exports: [
    WalkInRepository,
    WalkInHoursService,
    WalkInInterpretersService,
    WalkInQueueService,
    WalkInLive,
    WalkInStatisticsRepository,
  ],
})
export class WalkInModule {}
