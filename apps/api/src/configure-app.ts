import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import compression from 'compression';
import history from 'connect-history-api-fallback';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
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
  serveWebApp(app, config);
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

const API_PATH = /^\/(api|health)(\/|$)/;

/**
 * The built web front end (dist/web), when there is one: its files by express.static, and index.html
 * for page navigations outside /api and /health (connect-history-api-fallback), so that links such as
 * /manage#token=… and /staff open the single-page app. Hashed assets are cached for good, the page
 * itself never.
 */
function serveWebApp(app: NestExpressApplication, config: AppConfig): void {
  const index = join(config.webDir, 'index.html');
  if (!existsSync(index)) return;
  // Compressed for slow phones; API answers are not (they carry secrets next to reflected input).
  app.use(
    compression({
      filter: (request, response) =>
        !API_PATH.test(request.path) && compression.filter(request, response),
    }),
  );
  // Page navigations (GET/HEAD asking for text/html) outside /api and /health get index.html.
  const pages = history({ index: '/index.html' });
  app.use((request: Request, response: Response, next: NextFunction) =>
    API_PATH.test(request.path) ? next() : pages(request, response, next),
  );
  app.useStaticAssets(config.webDir, {
    index: 'index.html',
    setHeaders: (response: Response, path: string) => {
      response.setHeader(
        'Cache-Control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
}
