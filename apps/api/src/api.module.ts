import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppointmentsModule } from '@app/appointments';
import { ChangeFeedModule } from '@app/change-feed';
import { CommonModule, HttpExceptionFilter, loggerParams } from '@app/common';
import { ConfigModule, type AppConfig } from '@app/config';
import { ConversationsModule } from '@app/conversations';
import { DatabaseModule } from '@app/database';
import { DocumentsModule } from '@app/documents';
import { JobsModule } from '@app/jobs';
import { NotificationsModule } from '@app/notifications';
import { PrivacyModule } from '@app/privacy';
import { QueueModule } from '@app/queue';
import { ReportsModule } from '@app/reports';
import { RosterModule } from '@app/roster';
import { StaffModule } from '@app/staff';
import { SurveyModule } from '@app/survey';
import { VideoModule } from '@app/video';
import { WaitlistModule } from '@app/waitlist';
import { WalkInModule } from '@app/walk-in';
import { BookingController, ManageController } from './appointments/booking.controller.js';
import {
  CalendarFeedController,
  PublicCalendarFeedController,
} from './appointments/calendar-feed.controller.js';
import {
  AdminAppointmentsController,
  StaffAppointmentsController,
} from './appointments/staff-appointments.controller.js';
import { AuthController } from './auth/auth.controller.js';
import { RateLimitGuard } from './auth/rate-limit.guard.js';
import { rateLimitOptions } from './auth/rate-limits.js';
import { RedisThrottlerStorage } from './auth/redis-throttler.storage.js';
import { StaffAuthGuard } from './auth/staff-auth.guard.js';
import { HealthController } from './health/health.controller.js';
import { PingController } from './health/ping.controller.js';
import {
  ManageConversationController,
  TicketConversationController,
  TicketTokenGuard,
} from './conversations/client-conversations.controller.js';
import {
  AppointmentConversationController,
  StaffConversationsController,
} from './conversations/staff-conversations.controller.js';
import {
  ClientDocumentsController,
  StaffDocumentsController,
} from './documents/documents.controller.js';
import { NotificationsController } from './notifications/notifications.controller.js';
import { QueueDashboardController } from './notifications/queue-dashboard.js';
import { InterpreterController } from './interpreters/interpreter.controller.js';
import { InterpreterPoolsController } from './offices/interpreter-pools.controller.js';
import { OfficeSettingsController } from './offices/office-settings.controller.js';
import { PublicOfficesController } from './offices/offices.controller.js';
import { PlatformController } from './offices/platform.controller.js';
import { DemoSeeder } from './seed/demo-seeder.js';
import { SharingModule } from './sharing/share.module.js';
import { AvailabilityController } from './roster/availability.controller.js';
import {
  ConsultationTypesController,
  CounsellorTypesController,
  HolidaysController,
} from './roster/consultation-types.controller.js';
import { CounsellorsController } from './roster/counsellors.controller.js';
import { PublicController } from './roster/public.controller.js';
import { ReportsController } from './reports/reports.controller.js';
import { StaffController } from './staff/staff.controller.js';
import { PublicSurveyController, SurveyReportController } from './survey/survey.controller.js';
import { PublicWalkInController, TicketController } from './walk-in/walk-in-public.controller.js';
import {
  ManageMessengersController,
  MessengerAvailabilityController,
  MessengerWebhooksController,
  TicketMessengersController,
} from './messengers/messengers.controller.js';
import { WalkInAdminController, WalkInDutyController } from './walk-in/walk-in-staff.controller.js';
import {
  PublicWaitlistController,
  WaitlistAdminController,
} from './waitlist/waitlist.controller.js';
import {
  ClientVideoController,
  LiveKitWebhookController,
  StaffVideoController,
  VideoAvailabilityController,
} from './video/video.controller.js';

export interface ApiModuleOptions {
  config: AppConfig;
  /** The database to use: DATABASE_URL, or the embedded server's loopback URL. */
  databaseUrl: string;
  /** The database is the embedded PGlite (no cross-connection NOTIFY). */
  embeddedDatabase: boolean;
  /** Where log lines go instead of standard output (tests read them). */
  logDestination?: DestinationStream;
}

@Module({})
export class ApiModule {
  static forRoot({
    config,
    databaseUrl,
    embeddedDatabase,
    logDestination,
  }: ApiModuleOptions): DynamicModule {
    // With Redis, rate limits count across all API processes; without, per process.
    const rateLimitStorage = config.REDIS_URL
      ? new RedisThrottlerStorage(config.REDIS_URL, config.QUEUE_PREFIX)
      : undefined;
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        CommonModule,
        LoggerModule.forRoot(loggerParams(config.LOG_LEVEL, logDestination)),
        DatabaseModule.forRoot(databaseUrl, config.DATABASE_POOL_SIZE),
        QueueModule.forRoot({
          redisUrl: config.REDIS_URL,
          databaseUrl,
          prefix: config.QUEUE_PREFIX,
          databaseNotifies: !embeddedDatabase && config.DATABASE_NOTIFY,
        }),
        ChangeFeedModule.forRoot({
          databaseUrl,
          redis: config.REDIS_URL
            ? { url: config.REDIS_URL, prefix: config.QUEUE_PREFIX }
            : undefined,
          databaseNotifies: !embeddedDatabase && config.DATABASE_NOTIFY,
          resyncMs: config.CHANGE_FEED_RESYNC_SECONDS * 1000,
        }),
        ThrottlerModule.forRoot(rateLimitOptions(config, rateLimitStorage)),
        TerminusModule.forRoot({ logger: false }),
        StaffModule,
        RosterModule,
        AppointmentsModule,
        VideoModule,
        NotificationsModule,
        DocumentsModule,
        ConversationsModule,
        PrivacyModule,
        WalkInModule,
        WaitlistModule,
        SharingModule,
        SurveyModule,
        ReportsModule,
        // Uploads stay in memory (they are encrypted before being stored) and stop at the size limit.
        // Browsers send file names as raw UTF-8; multer would read them as latin1 (mojibake).
        MulterModule.register({
          defParamCharset: 'utf8',
          storage: memoryStorage(),
          limits: { fileSize: config.DOCUMENT_MAX_BYTES, files: 1, fields: 0, parts: 1 },
        }),
        // Embedded mode runs the job processors in the API process: one process, one database.
        ...(config.workerInApi ? [JobsModule] : []),
      ],
      controllers: [
        HealthController,
        PingController,
        AuthController,
        StaffController,
        CounsellorsController,
        AvailabilityController,
        ConsultationTypesController,
        CounsellorTypesController,
        HolidaysController,
        PublicController,
        PublicOfficesController,
        PlatformController,
        OfficeSettingsController,
        InterpreterPoolsController,
        InterpreterController,
        BookingController,
        ManageController,
        StaffAppointmentsController,
        AdminAppointmentsController,
        CalendarFeedController,
        PublicCalendarFeedController,
        ClientVideoController,
        StaffVideoController,
        VideoAvailabilityController,
        LiveKitWebhookController,
        NotificationsController,
        QueueDashboardController,
        ClientDocumentsController,
        StaffDocumentsController,
        ManageConversationController,
        TicketConversationController,
        StaffConversationsController,
        AppointmentConversationController,
        PublicWalkInController,
        TicketController,
        WalkInDutyController,
        WalkInAdminController,
        PublicWaitlistController,
        WaitlistAdminController,
        MessengerAvailabilityController,
        ManageMessengersController,
        TicketMessengersController,
        MessengerWebhooksController,
        PublicSurveyController,
        SurveyReportController,
        ReportsController,
      ],
      providers: [
        DemoSeeder,
        TicketTokenGuard,
        // Registered so that Nest closes its Redis connection at shutdown.
        ...(rateLimitStorage
          ? [{ provide: RedisThrottlerStorage, useValue: rateLimitStorage }]
          : []),
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useClass: StaffAuthGuard },
      ],
    };
  }
}
