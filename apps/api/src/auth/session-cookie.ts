import { ForbiddenException } from '@nestjs/common';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import type { Request, Response } from 'express';
import type { AppConfig } from '@app/config';

/** The browser's staff session: the same opaque token as a bearer token, never readable by scripts. */
export const SESSION_COOKIE = 'sprechstunde_session';

/** Only the API needs it: pages and static files are served without it. */
const COOKIE_PATH = '/api';

/** Secure whenever the site is https: the request came over it, or the public address says so. */
export function secureCookies(request: Request, config: AppConfig): boolean {
  return request.secure || config.PUBLIC_BASE_URL.startsWith('https:');
}

export function setSessionCookie(
  request: Request,
  response: Response,
  config: AppConfig,
  token: string,
): void {
  response.append(
    'Set-Cookie',
    serializeCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: secureCookies(request, config),
      path: COOKIE_PATH,
      // The server ends the session earlier when idle; the cookie never outlives its maximum.
      maxAge: config.SESSION_MAX_HOURS * 3600,
    }),
  );
}

export function clearSessionCookie(request: Request, response: Response, config: AppConfig): void {
  response.append(
    'Set-Cookie',
    serializeCookie(SESSION_COOKIE, '', {
      httpOnly: true,
      sameSite: 'strict',
      secure: secureCookies(request, config),
      path: COOKIE_PATH,
      expires: new Date(0),
    }),
  );
}

export function sessionCookieToken(request: Request): string | undefined {
  const value = parseCookies(request.headers.cookie ?? '')[SESSION_COOKIE];
  return value && /^[A-Za-z0-9_-]{16,128}$/.test(value) ? value : undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection for requests authenticated by the cookie: a state-changing request must come
 * from our own pages. SameSite=Strict already keeps the cookie off other sites' requests; this
 * also refuses sibling subdomains (same site, other origin) and old browsers. Browsers send
 * Sec-Fetch-Site, or at least Origin, with every such fetch; a request with neither is refused.
 */
export function assertSameOrigin(request: Request, config: AppConfig): void {
  if (SAFE_METHODS.has(request.method)) return;
  const fetchSite = request.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string') {
    if (fetchSite === 'same-origin') return;
    throw csrfRefusal();
  }
  const origin = request.headers.origin;
  const own = [new URL(config.PUBLIC_BASE_URL).origin, `${request.protocol}://${request.host}`];
  if (typeof origin === 'string' && own.includes(origin)) return;
  throw csrfRefusal();
}

function csrfRefusal(): ForbiddenException {
  return new ForbiddenException({
    code: 'cross_origin_request',
    message: 'This request must come from Sprechstunde’s own pages',
  });
}
