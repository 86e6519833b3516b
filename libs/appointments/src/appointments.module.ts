import { Module } from '@nestjs/common';
import { RosterModule } from '@app/roster';
import { AppointmentStaffService } from './appointment-staff.service.js';
import { AppointmentRepository } from './appointment.repository.js';
import { BookingService } from './booking.service.js';
import { OutboxRelay } from './outbox-relay.service.js';
import { PrivacyService } from './privacy.service.js';
import { RetentionService } from './retention.service.js';

@Module({
  imports: [RosterModule],
  providers: [
    AppointmentRepository,
    BookingService,
    AppointmentStaffService,
    OutboxRelay,
    RetentionService,
    PrivacyService,
  ],
  exports: [BookingService, AppointmentStaffService, OutboxRelay, RetentionService, PrivacyService],
})
export class AppointmentsModule {}
