import { Module } from '@nestjs/common';
import { RosterModule } from '@app/roster';
import { WalkInModule } from '@app/walk-in';
import { ShareController } from './share.controller.js';
import { ShareRepository } from './share.repository.js';
import { ShareService } from './share.service.js';

/** Shareable links, their previews (index.html cards and images) and posters. */
@Module({
  imports: [RosterModule, WalkInModule],
  controllers: [ShareController],
  providers: [ShareService, ShareRepository],
  exports: [ShareService],
})
export class SharingModule {}
