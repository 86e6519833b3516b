import {
  applyDecorators,
  createParamDecorator,
  SetMetadata,
  type ExecutionContext,
} from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants.js';
import type { StaffPrincipal, StaffRole } from '@app/staff';
import type { Request } from 'express';
import { MANAGE_TOKEN_SECURITY } from '../openapi.js';

export const IS_PUBLIC = 'sprechstunde:public';
export const ROLES = 'sprechstunde:roles';
export const RATE_LIMIT = 'sprechstunde:rate-limit';

/**
 * The route needs no staff login (clients, health checks). Everything else does. The OpenAPI
 * document says the same (`security: []`), unless the route declares its own, such as ManageLink().
 */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), documentSecurity([], false));

/**
 * The route is reached with a booking's manage link (the X-Manage-Token header, read by
 * manageToken()) instead of a staff login: documented as the `manageToken` security scheme. Only
 * documentation: the route must be @Public() too, and checks the token itself.
 */
export const ManageLink = (): MethodDecorator & ClassDecorator =>
  documentSecurity([{ [MANAGE_TOKEN_SECURITY]: [] }], true);

/**
 * @nestjs/swagger's `@ApiSecurity()` can only add requirements, and drops an empty list on a
 * method, so the operation's own `security` is written into the metadata `@ApiOperation()` keeps
 * (merged, so the order of decorators does not matter). On a class: on each of its routes.
 * test/openapi.e2e.spec.ts checks the document against the guard's metadata.
 */
const API_OPERATION = 'swagger/apiOperation';

function documentSecurity(
  security: Record<string, string[]>[],
  override: boolean,
): MethodDecorator & ClassDecorator {
  const apply = (method: object) => {
    const operation = Reflect.getMetadata(API_OPERATION, method) as
      { security?: unknown } | undefined;
    if (operation?.security && !override) return;
    Reflect.defineMetadata(API_OPERATION, { ...operation, security }, method);
  };
  return ((target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (descriptor) {
      apply(descriptor.value as object);
      return descriptor;
    }
    const prototype = (target as { prototype: Record<string, unknown> }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const method = Object.getOwnPropertyDescriptor(prototype, name)?.value as unknown;
      if (name !== 'constructor' && typeof method === 'function') {
        if (Reflect.hasMetadata(METHOD_METADATA, method)) apply(method);
      }
    }
    return target;
  }) as MethodDecorator & ClassDecorator;
}

/**
 * Only staff with one of these roles may call the route. Without it, office staff only (see
 * StaffAuthGuard): the platform admin's role must be named to let them in.
 */
export const Roles = (...roles: StaffRole[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES, roles);

export type RateLimitName = 'login' | 'booking' | 'manage' | 'search' | 'stream' | 'webhook';

/**
 * Applies one of the tight per-address limits on top of the general ones: login
 * (LOGIN_RATE_LIMIT_PER_MINUTE), booking (BOOKING_RATE_LIMIT_PER_MINUTE), manage-link use
 * (MANAGE_RATE_LIMIT_PER_MINUTE), slot search (SLOT_SEARCH_RATE_LIMIT_PER_MINUTE) or opening an
 * event stream (EVENT_STREAM_RATE_LIMIT_PER_MINUTE), messenger and SMS webhooks
 * (WEBHOOK_RATE_LIMIT_PER_MINUTE). Each is one budget for all its routes.
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
