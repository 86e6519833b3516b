import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';
import type { Request } from 'express';
import { createHash } from 'node:crypto';
import type { AppConfig } from '@app/config';
import { RATE_LIMIT, type RateLimitName } from './auth.decorators.js';

const reflector = new Reflector();

/** The public API: everything a client reaches without a login, with or without a manage link. */
const PUBLIC_API = /^\/api\/public(\/|$)/;

/**
 * One budget per limit and client address, shared by every route the limit covers (the
 * throttler's own key adds the route, so that a client could spread requests over routes).
 */
function budgetKey(_context: ExecutionContext, tracker: string, name: string): string {
  return createHash('sha256').update(`${name}-${tracker}`).digest('hex');
}

const namedRoute = (name: RateLimitName) => (context: ExecutionContext) =>
  reflector.getAllAndOverride<string>(RATE_LIMIT, [context.getHandler(), context.getClass()]) !==
  name;

/**
 * The rate limits, each per client address and minute:
 * - default (RATE_LIMIT_PER_MINUTE): every endpoint together;
 * - public (PUBLIC_RATE_LIMIT_PER_MINUTE): the public API together;
 * - and the tight ones of the routes marked @RateLimit(…): login, booking, manage-link use, slot
 *   search and waiting-room event streams (the two most expensive answers).
 */
export function rateLimitOptions(
  config: AppConfig,
  storage: ThrottlerStorage | undefined,
): ThrottlerModuleOptions {
  const named: [RateLimitName, number][] = [
    ['login', config.LOGIN_RATE_LIMIT_PER_MINUTE],
    ['booking', config.BOOKING_RATE_LIMIT_PER_MINUTE],
    ['manage', config.MANAGE_RATE_LIMIT_PER_MINUTE],
    ['search', config.SLOT_SEARCH_RATE_LIMIT_PER_MINUTE],
    ['stream', config.EVENT_STREAM_RATE_LIMIT_PER_MINUTE],
    ['webhook', config.WEBHOOK_RATE_LIMIT_PER_MINUTE],
  ];
  return {
    storage,
    generateKey: budgetKey,
    throttlers: [
      { name: 'default', ttl: 60_000, limit: config.RATE_LIMIT_PER_MINUTE },
      {
        name: 'public',
        ttl: 60_000,
        limit: config.PUBLIC_RATE_LIMIT_PER_MINUTE,
        skipIf: (context) => !PUBLIC_API.test(context.switchToHttp().getRequest<Request>().path),
      },
      ...named.map(([name, limit]) => ({ name, ttl: 60_000, limit, skipIf: namedRoute(name) })),
    ],
  };
}
