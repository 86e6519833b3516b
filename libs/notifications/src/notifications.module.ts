import { Module } from '@nestjs/common';
import { AppointmentsModule } from '@app/appointments';
import { WaitlistModule } from '@app/waitlist';
import { WalkInModule } from '@app/walk-in';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from './channels/channel.js';
import { EmailChannel } from './channels/email.channel.js';
import { SmsChannel } from './channels/sms.channel.js';
import { NotificationAdminService } from './notification-admin.service.js';
import { NotificationRepository } from './notification.repository.js';
import { NotificationScheduler } from './notification-scheduler.service.js';
import { NotificationSender } from './notification-sender.service.js';

@Module({
  imports: [AppointmentsModule, WalkInModule, WaitlistModule],
  providers: [
    EmailChannel,
    SmsChannel,
    {
      // A messenger adapter joins this list.
      provide: NOTIFICATION_CHANNELS,
      useFactory: (email: EmailChannel, sms: SmsChannel): NotificationChannel[] => [email, sms],
      inject: [EmailChannel, SmsChannel],
    },
    NotificationRepository,
    NotificationSender,
    NotificationScheduler,
    NotificationAdminService,
  ],
  exports: [NotificationSender, NotificationScheduler, NotificationAdminService],
})
export class NotificationsModule {}
