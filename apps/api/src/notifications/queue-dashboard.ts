import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import {
  Controller,
  HttpCode,
  HttpStatus,
  Post,
  Req,
  Res,
  type INestApplication,
} from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { STATUS_CODES } from 'node:http';
import { ErrorResponseDto } from '@app/common';
import { AppConfig } from '@app/config';
import { QueueName } from '@app/queue';
import { AuthService, type StaffPrincipal } from '@app/staff';
import { CurrentStaff, Roles } from '../auth/auth.decorators.js';
import { secureCookies } from '../auth/session-cookie.js';
import { bearerToken } from '../auth/staff-auth.guard.js';

export const QUEUE_DASHBOARD_PATH = '/api/admin/queues';
const COOKIE = 'sprechstunde_queues';

/**
 * The queue dashboard is a page of bull-board's, outside the web app, so a platform admin first
 * opens a dashboard session (this POST), which puts a staff session of its own in an HttpOnly,
 * SameSite=Strict cookie limited to the dashboard's path. Session expiry, deactivation and role
 * changes apply as everywhere else. The queues hold every office's jobs: the platform admin's,
 * never an office admin's.
 */
@ApiTags('platform')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({ type: ErrorResponseDto })
@Roles('platform_admin')
@Controller('api/admin/queue-dashboard')
export class QueueDashboardController {
  constructor(
    private readonly config: AppConfig,
    private readonly auth: AuthService,
  ) {}

  @Post('session')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: `Opens the queue dashboard (${QUEUE_DASHBOARD_PATH}/) for this platform admin's session`,
  })
  @ApiNoContentResponse()
  async open(
    @CurrentStaff() staff: StaffPrincipal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    // A session of its own, not a copy of the caller's token: it lives and ends on its own.
    const { token } = await this.auth.openSessionFor(staff);
    response.setHeader(
      'Set-Cookie',
      serializeCookie(COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: secureCookies(request, this.config),
        path: QUEUE_DASHBOARD_PATH,
        maxAge: this.config.SESSION_MAX_HOURS * 3600,
      }),
    );
  }
}

/** Mounts bull-board for every queue, platform admins only. */
export function mountQueueDashboard(app: INestApplication): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: Object.values(QueueName).map(
      // Read-only but for retries: "promote" on the notification queue would send every future
      // reminder now, and "add job" would accept any payload. A retried notification is logged once.
      (name) =>
        new BullMQAdapter(app.get<Queue>(getQueueToken(name)), {
          readOnlyMode: true,
          allowRetries: true,
        }),
    ),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Sprechstunde queues' } },
  });
  const auth = app.get(AuthService);
  const requirePlatformAdmin = (request: Request, response: Response, next: NextFunction): void => {
    const token =
      bearerToken(request.headers.authorization) ??
      parseCookies(request.headers.cookie ?? '')[COOKIE];
    // The API's one error shape, as the exception filter writes it.
    const deny = (status: number, message: string): void => {
      const id = (request as Request & { id?: unknown }).id;
      response.status(status).json({
        statusCode: status,
        error: STATUS_CODES[status],
        code: status === 401 ? 'unauthorized' : 'forbidden',
        message,
        ...(typeof id === 'string' ? { requestId: id } : {}),
      });
    };
    if (!token) return deny(401, 'Staff login required');
    auth
      .authenticate(token)
      .then((staff) => {
        if (!staff) return deny(401, 'Session expired or invalid; please log in again');
        if (staff.role !== 'platform_admin') return deny(403, 'This needs the role platform_admin');
        next();
      })
      .catch(next);
  };
  app.use(
    QUEUE_DASHBOARD_PATH,
    requirePlatformAdmin,
    // bull-board's page loads its own scripts and styles from this path.
    helmet({
      contentSecurityPolicy: {
        directives: {
          'script-src': ["'self'", "'unsafe-inline'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
        },
      },
    }),
    serverAdapter.getRouter(),
  );
}
