import { Module, type DynamicModule, type ExecutionContext } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, Reflector } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { LoggerModule } from 'nestjs-pino';
import { AppointmentsModule } from '@app/appointments';
import { CommonModule, HttpExceptionFilter, loggerParams } from '@app/common';
import { ConfigModule, type AppConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { DocumentsModule } from '@app/documents';
import { JobsModule } from '@app/jobs';
import { NotificationsModule } from '@app/notifications';
import { QueueModule } from '@app/queue';
import { RosterModule } from '@app/roster';
import { StaffModule } from '@app/staff';
import { VideoModule } from '@app/video';
import { BookingController, ManageController } from './appointments/booking.controller.js';
import {
  AdminAppointmentsController,
  StaffAppointmentsController,
} from './appointments/staff-appointments.controller.js';
import { AuthController } from './auth/auth.controller.js';
import { RATE_LIMIT } from './auth/auth.decorators.js';
import { RateLimitGuard } from './auth/rate-limit.guard.js';
import { RedisThrottlerStorage } from './auth/redis-throttler.storage.js';
import { StaffAuthGuard } from './auth/staff-auth.guard.js';
import { HealthController } from './health/health.controller.js';
import {
  ClientDocumentsController,
  StaffDocumentsController,
} from './documents/documents.controller.js';
import { NotificationsController } from './notifications/notifications.controller.js';
import { QueueDashboardController } from './notifications/queue-dashboard.js';
import { DemoSeeder } from './seed/demo-seeder.js';
import { AvailabilityController } from './roster/availability.controller.js';
import {
  ConsultationTypesController,
  HolidaysController,
} from './roster/consultation-types.controller.js';
import { CounsellorsController } from './roster/counsellors.controller.js';
import { PublicController } from './roster/public.controller.js';
import { StaffController } from './staff/staff.controller.js';
import {
  ClientVideoController,
  LiveKitWebhookController,
  StaffVideoController,
} from './video/video.controller.js';

export interface ApiModuleOptions {
  config: AppConfig;
  /** The database to use: DATABASE_URL, or the embedded server's loopback URL. */
  databaseUrl: string;
  /** The database is the embedded PGlite (no cross-connection NOTIFY). */
  embeddedDatabase: boolean;
}

const reflector = new Reflector();

@Module({})
export class ApiModule {
  static forRoot({ config, databaseUrl, embeddedDatabase }: ApiModuleOptions): DynamicModule {
    // With Redis, rate limits count across all API processes; without, per process.
    const rateLimitStorage = config.REDIS_URL
      ? new RedisThrottlerStorage(config.REDIS_URL, config.QUEUE_PREFIX)
      : undefined;
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        CommonModule,
        LoggerModule.forRoot(loggerParams(config.LOG_LEVEL)),
        DatabaseModule.forRoot(databaseUrl, config.DATABASE_POOL_SIZE),
        QueueModule.forRoot({
          redisUrl: config.REDIS_URL,
          databaseUrl,
          prefix: config.QUEUE_PREFIX,
          databaseNotifies: !embeddedDatabase && config.DATABASE_NOTIFY,
        }),
        ThrottlerModule.forRoot({
          storage: rateLimitStorage,
          throttlers: [
            { name: 'default', ttl: 60_000, limit: config.RATE_LIMIT_PER_MINUTE },
            ...(
              [
                ['login', config.LOGIN_RATE_LIMIT_PER_MINUTE],
                ['booking', config.BOOKING_RATE_LIMIT_PER_MINUTE],
                ['manage', config.MANAGE_RATE_LIMIT_PER_MINUTE],
              ] as const
            ).map(([name, limit]) => ({
              name,
              ttl: 60_000,
              limit,
              skipIf: (context: ExecutionContext) =>
                reflector.getAllAndOverride<string>(RATE_LIMIT, [
                  context.getHandler(),
                  context.getClass(),
                ]) !== name,
            })),
          ],
        }),
        TerminusModule.forRoot({ logger: false }),
        StaffModule,
        RosterModule,
        AppointmentsModule,
        VideoModule,
        NotificationsModule,
        DocumentsModule,
        // Uploads stay in memory (they are encrypted before being stored) and stop at the size limit.
        MulterModule.register({
          storage: memoryStorage(),
          limits: { fileSize: config.DOCUMENT_MAX_BYTES, files: 1, fields: 0, parts: 1 },
        }),
        // Embedded mode runs the job processors in the API process: one process, one database.
        ...(config.workerInApi ? [JobsModule] : []),
      ],
      controllers: [
        HealthController,
        AuthController,
        StaffController,
        CounsellorsController,
        AvailabilityController,
        ConsultationTypesController,
        HolidaysController,
        PublicController,
        BookingController,
        ManageController,
        StaffAppointmentsController,
        AdminAppointmentsController,
        ClientVideoController,
        StaffVideoController,
        LiveKitWebhookController,
        NotificationsController,
        QueueDashboardController,
        ClientDocumentsController,
        StaffDocumentsController,
      ],
      providers: [
        DemoSeeder,
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
