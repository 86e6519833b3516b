import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { StaffPrincipal, StaffRole } from '@app/staff';
import type { Request } from 'express';

export const IS_PUBLIC = 'sprechstunde:public';
export const ROLES = 'sprechstunde:roles';
export const RATE_LIMIT = 'sprechstunde:rate-limit';

/** The route needs no staff login (clients, health checks). Everything else does. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Only staff with one of these roles may call the route. */
export const Roles = (...roles: StaffRole[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES, roles);

export type RateLimitName = 'login' | 'booking' | 'manage';

/**
 * Applies one of the tight per-address limits on top of the general one: login
 * (LOGIN_RATE_LIMIT_PER_MINUTE), booking (BOOKING_RATE_LIMIT_PER_MINUTE) or manage-link use
 * (MANAGE_RATE_LIMIT_PER_MINUTE).
 */
export const RateLimit = (name: RateLimitName): MethodDecorator & ClassDecorator =>
  SetMetadata(RATE_LIMIT, name);

export type StaffRequest = Request & { staff?: StaffPrincipal };

export const CurrentStaff = createParamDecorator(
  (_: unknown, context: ExecutionContext): StaffPrincipal => {
    const staff = context.switchToHttp().getRequest<StaffRequest>().staff;
    if (!staff) throw new Error('CurrentStaff used on a route without staff authentication');
    return staff;
  },
);
