import { Module } from '@nestjs/common';
import { AppointmentsModule } from '@app/appointments';
import { MESSENGER_PLATFORMS, MessengersModule, type MessengerPlatform } from '@app/messengers';
import { SurveyModule } from '@app/survey';
import { WaitlistModule } from '@app/waitlist';
import { WalkInModule } from '@app/walk-in';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from './channels/channel.js';
import { EmailChannel } from './channels/email.channel.js';
import { MessengerChannel } from './channels/messenger.channel.js';
import { SmsChannel } from './channels/sms.channel.js';
import { ConversationNotices } from './conversation-notices.js';
import { InterpreterNoticeRepository } from './interpreter-notice.repository.js';
import { NotificationAdminService } from './notification-admin.service.js';
import { NotificationRepository } from './notification.repository.js';
import { NotificationScheduler } from './notification-scheduler.service.js';
import { NotificationSender } from './notification-sender.service.js';
import { SurveyNoticeRepository } from './survey-notice.repository.js';
import { SurveyPlanner } from './survey-planner.service.js';

@Module({
  imports: [AppointmentsModule, WalkInModule, WaitlistModule, MessengersModule, SurveyModule],
  providers: [
    EmailChannel,
    SmsChannel,
    {
      // Each messenger is a channel too; those not configured refuse (permanently) to send.
      provide: NOTIFICATION_CHANNELS,
      useFactory: (
        email: EmailChannel,
        sms: SmsChannel,
        platforms: MessengerPlatform[],
      ): NotificationChannel[] => [
        email,
        sms,
        ...platforms.map((platform) => new MessengerChannel(platform)),
      ],
      inject: [EmailChannel, SmsChannel, MESSENGER_PLATFORMS],
    },
    NotificationRepository,
    InterpreterNoticeRepository,
    NotificationSender,
    NotificationScheduler,
    NotificationAdminService,
    ConversationNotices,
    SurveyNoticeRepository,
    SurveyPlanner,
  ],
  exports: [
    SurveyPlanner,
    ConversationNotices,
    NotificationSender,
    NotificationScheduler,
    NotificationAdminService,
    SmsChannel,
    MessengersModule,
  ],
})
export class NotificationsModule {}
