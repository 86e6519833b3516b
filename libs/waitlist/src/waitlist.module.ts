import { Module } from '@nestjs/common';
import { AppointmentsModule } from '@app/appointments';
import { RosterModule } from '@app/roster';
import { WaitlistMatcher } from './waitlist-matcher.service.js';
import { QueuedWaitlistOffers, WaitlistOffers } from './waitlist-offers.js';
import { WaitlistRepository } from './waitlist.repository.js';
import { WaitlistService } from './waitlist.service.js';

@Module({
  imports: [AppointmentsModule, RosterModule],
  providers: [
    WaitlistRepository,
    WaitlistService,
    WaitlistMatcher,
    { provide: WaitlistOffers, useClass: QueuedWaitlistOffers },
  ],
  exports: [WaitlistService, WaitlistMatcher],
})
export class WaitlistModule {}
