import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import compression from 'compression';
import history from 'connect-history-api-fallback';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { assignRequestId, createValidationPipe, guardBody } from '@app/common';
import type { AppConfig } from '@app/config';
import { mountQueueDashboard } from './notifications/queue-dashboard.js';
import { buildOpenApiDocument } from './openapi.js';
import { serveSharePages } from './sharing/share-pages.js';

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
          // No page of ours is meant to be framed (clickjacking on the admin and call pages).
          'frame-ancestors': ["'none'"],
        },
      },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  app.use(privacyHeaders);
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
  // OPENAPI_DOCS: on in the quick start, off in production unless asked for (a map of every route).
  if (config.openApiDocs) {
    SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), {
      jsonDocumentUrl: 'api/docs-json',
    });
  }
  return app;
}

const API_PATH = /^\/(api|health)(\/|$)/;

/**
 * Features no page of ours uses are off everywhere. Camera and microphone are allowed to our own
 * origin on the web app's pages only: it is a single-page app, so the call pages (/manage/video,
 * the counsellor's call) run in whatever document the visitor opened first (/, /manage, /staff),
 * and a policy that allowed them on the call paths alone would block a call reached by a link.
 * API answers are never documents that need a device.
 */
const PERMISSIONS_POLICY_OFF =
  'accelerometer=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), ' +
  'midi=(), payment=(), usb=()';
const PERMISSIONS_POLICY_PAGES = `${PERMISSIONS_POLICY_OFF}, camera=(self), microphone=(self)`;
const PERMISSIONS_POLICY_API = `${PERMISSIONS_POLICY_OFF}, camera=(), microphone=()`;

/**
 * Every API answer defaults to `Cache-Control: no-store`: most carry personal data or secrets
 * (manage views, sessions, tokens), and a shared computer's browser cache or a proxy must not keep
 * them. A route may still set its own. The web app's static files keep their own caching.
 */
function privacyHeaders(request: Request, response: Response, next: NextFunction): void {
  if (API_PATH.test(request.path)) {
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Permissions-Policy', PERMISSIONS_POLICY_API);
  } else {
    response.setHeader('Permissions-Policy', PERMISSIONS_POLICY_PAGES);
  }
  next();
}

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
  // Share links and the pages they lead to get index.html with their preview card (sharing/).
  app.use(serveSharePages(app, index));
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
