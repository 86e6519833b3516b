import { Module } from '@nestjs/common';
import { RosterModule } from '@app/roster';
import { AppointmentStaffService } from './appointment-staff.service.js';
import { AppointmentRepository } from './appointment.repository.js';
import { BookingService } from './booking.service.js';
import { CalendarFeedRepository } from './calendar-feed.repository.js';
import { CalendarFeedService } from './calendar-feed.service.js';
import { InterpreterAssignmentRepository } from './interpreter-assignment.repository.js';
import { InterpreterAssignmentsService } from './interpreter-assignments.service.js';
import { OutboxRelay } from './outbox-relay.service.js';
import { OutboxRepository } from './outbox.repository.js';
import { RetentionRepository } from './retention.repository.js';
import { RetentionService } from './retention.service.js';

@Module({
  imports: [RosterModule],
  providers: [
    AppointmentRepository,
    BookingService,
    AppointmentStaffService,
    OutboxRepository,
    OutboxRelay,
    RetentionRepository,
    RetentionService,
    CalendarFeedRepository,
    CalendarFeedService,
    InterpreterAssignmentRepository,
    InterpreterAssignmentsService,
  ],
  exports: [
    InterpreterAssignmentsService,
    BookingService,
    AppointmentStaffService,
    OutboxRelay,
    RetentionService,
    CalendarFeedService,
  ],
})
export class AppointmentsModule {}
