import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppConfig } from '@app/config';
import { AuthService, COUNSELLING_ROLES, type StaffRole } from '@app/staff';
import { IS_PUBLIC, ROLES, type StaffRequest } from './auth.decorators.js';
import { assertSameOrigin, sessionCookieToken } from './session-cookie.js';

/** The token of an "Authorization: Bearer …" header, if it has a well-formed one. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+([A-Za-z0-9_-]{16,128})\s*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * Global guard: every route needs a staff session unless marked @Public(); @Roles() narrows it.
 * A route without @Roles() is for office staff (admins and counsellors): a platform admin reaches
 * only the routes that name the role `platform_admin` (the platform's and /api/auth/*), and an
 * interpreter only those that name `interpreter`, so a new office route is closed to them without
 * anyone remembering to.
 * The session comes from an "Authorization: Bearer" header (API clients) or the browser's HttpOnly
 * session cookie, which state-changing requests may only use from our own origin (CSRF).
 * No session → 401; wrong role or foreign origin → 403.
 */
@Injectable()
export class StaffAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<StaffRequest>();
    const bearer = bearerToken(request.headers.authorization);
    const token = bearer ?? sessionCookieToken(request);
    if (!token) throw new UnauthorizedException('Staff login required');
    if (!bearer) assertSameOrigin(request, this.config);
    const staff = await this.auth.authenticate(token);
    if (!staff) throw new UnauthorizedException('Session expired or invalid; please log in again');
    request.staff = staff;
    const roles =
      this.reflector.getAllAndOverride<readonly StaffRole[] | undefined>(ROLES, targets) ??
      COUNSELLING_ROLES;
    if (!roles.includes(staff.role)) {
      throw new ForbiddenException(`This needs the role ${roles.join(' or ')}`);
    }
    return true;
  }
}
