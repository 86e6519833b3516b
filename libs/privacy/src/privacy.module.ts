import { Module } from '@nestjs/common';
import { AppointmentsModule } from '@app/appointments';
import { ConversationsModule } from '@app/conversations';
import { DocumentsModule } from '@app/documents';
import { MessengersModule } from '@app/messengers';
import { OfficesModule } from '@app/offices';
import { WaitlistModule } from '@app/waitlist';
import { WalkInModule } from '@app/walk-in';
import { PrivacyRepository } from './privacy.repository.js';
import { PrivacyService } from './privacy.service.js';

@Module({
  imports: [
    AppointmentsModule,
    DocumentsModule,
    ConversationsModule,
    OfficesModule,
    WalkInModule,
    WaitlistModule,
    MessengersModule,
  ],
  providers: [PrivacyRepository, PrivacyService],
  exports: [PrivacyService],
})
export class PrivacyModule {}
