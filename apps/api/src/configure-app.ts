import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { assignRequestId, createValidationPipe, guardBody } from '@app/common';
import type { AppConfig } from '@app/config';
import { mountQueueDashboard } from './notifications/queue-dashboard.js';

/** Everything about the HTTP application that is not a module: shared by main and the tests. */
export function configureApp(app: NestExpressApplication, config: AppConfig): INestApplication {
  app.disable('x-powered-by');
  if (config.trustProxy !== undefined) app.set('trust proxy', config.trustProxy);
  app.use(assignRequestId);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // The web app: own scripts only; video connects to LiveKit; camera previews and the
          // end-to-end-encryption worker use blob: URLs.
          'connect-src': ["'self'", ...config.livekitOrigins],
          'img-src': ["'self'", 'data:', 'blob:'],
          'media-src': ["'self'", 'blob:'],
          'worker-src': ["'self'", 'blob:'],
          // Over plain http (the local quick start) nothing can be upgraded.
          'upgrade-insecure-requests': config.PUBLIC_BASE_URL.startsWith('https:') ? [] : null,
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  // LiveKit posts its webhooks as application/webhook+json; the raw body is kept for their signature.
  app.useBodyParser('json', {
    limit: '100kb',
    type: ['application/json', 'application/webhook+json'],
  });
  app.useBodyParser('urlencoded', { limit: '100kb', extended: false });
  app.use(guardBody);
  app.enableCors({
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    credentials: false,
  });
  app.useGlobalPipes(createValidationPipe());
  mountQueueDashboard(app);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Sprechstunde API')
      .setDescription('Video-consultation scheduling for migration and integration counselling')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
