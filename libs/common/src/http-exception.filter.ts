import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import type {
  ClashingExtraHoursDto,
  ClashingRuleDto,
  ErrorResponseDto,
  FieldErrorDto,
} from './error-response.js';
import { safeError } from './logging.js';

interface ErrorPayload {
  message?: unknown;
  code?: unknown;
  details?: FieldErrorDto[];
  nextFreeSlots?: { start: string; end: string }[];
  opensAt?: string;
  clashingRule?: ClashingRuleDto;
  clashingExtraHours?: ClashingExtraHoursDto;
  nextSession?: { startsAt: string; endsAt: string } | null;
  officeSlug?: string;
}

function messageOf(payload: ErrorPayload | string, fallback: string): string {
  if (typeof payload === 'string') return payload;
  const { message } = payload;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return typeof message === 'string' && message.length > 0 ? message : fallback;
}

/** The code of an error that names none: one per status, so clients can always decide by code. */
function defaultCode(statusCode: number, payload: ErrorPayload | string): string {
  if (statusCode === 400 && typeof payload === 'object' && Array.isArray(payload.details)) {
    return 'validation_failed';
  }
  const words = STATUS_CODES[statusCode] ?? (statusCode >= 500 ? 'Internal Server Error' : 'Error');
  return statusCode === 500 ? 'internal_error' : words.toLowerCase().replace(/[^a-z]+/g, '_');
}

function codeOf(statusCode: number, payload: ErrorPayload | string): string {
  return typeof payload === 'object' && typeof payload.code === 'string' && statusCode !== 500
    ? payload.code
    : defaultCode(statusCode, payload);
}

/** Status codes of errors raised by Express middleware (body parser) rather than by Nest. */
function statusOfMiddlewareError(exception: unknown): number | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const { status, type } = exception as { status?: unknown; type?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && typeof type === 'string'
    ? status
    : undefined;
}

/**
 * Turns every error into the one JSON error shape. A 500 never carries a stack or an
 * internal message: it is logged with the request id, and the client gets that id.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request & { id?: unknown }>();
    const body = this.toBody(exception);
    if (typeof request.id === 'string') body.requestId = request.id;
    const retryAfter = (exception as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
    if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    if (body.statusCode >= 500) {
      // Never the error as it is: a database error carries the query and its bound values.
      this.logger.error({ err: safeError(exception) }, 'request failed');
    }
    if (!response.headersSent) response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorResponseDto {
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const payload = exception.getResponse() as ErrorPayload | string;
      const error = STATUS_CODES[statusCode] ?? 'Error';
      if (statusCode === 413) {
        return {
          statusCode,
          error,
          code: 'payload_too_large',
          message: 'Request body is too large',
        };
      }
      // Express's adapter turns the body parser's SyntaxError and a path's bad %-escape (URIError) into 400s.
      if (statusCode === 400 && exception.cause instanceof SyntaxError) {
        return {
          statusCode,
          error,
          code: 'malformed_body',
          message: 'Request body is not valid JSON',
        };
      }
      if (statusCode === 400 && exception.cause instanceof URIError) {
        return { statusCode, error, code: 'malformed_path', message: 'The path is not valid' };
      }
      const body: ErrorResponseDto = {
        statusCode,
        error,
        code: codeOf(statusCode, payload),
        message: statusCode === 500 ? 'Internal server error' : messageOf(payload, error),
      };
      if (typeof payload === 'object' && Array.isArray(payload.details) && statusCode !== 500) {
        body.details = payload.details;
      }
      if (typeof payload === 'object' && Array.isArray(payload.nextFreeSlots)) {
        body.nextFreeSlots = payload.nextFreeSlots;
      }
      if (typeof payload === 'object' && typeof payload.opensAt === 'string')
        body.opensAt = payload.opensAt;
      if (typeof payload === 'object' && payload.clashingRule)
        body.clashingRule = payload.clashingRule;
      if (typeof payload === 'object' && payload.clashingExtraHours)
        body.clashingExtraHours = payload.clashingExtraHours;
      if (typeof payload === 'object' && payload.nextSession !== undefined)
        body.nextSession = payload.nextSession;
      if (typeof payload === 'object' && typeof payload.officeSlug === 'string')
        body.officeSlug = payload.officeSlug;
      return body;
    }
    const middlewareStatus = statusOfMiddlewareError(exception);
    if (middlewareStatus !== undefined) {
      const error = STATUS_CODES[middlewareStatus] ?? 'Error';
      const [code, message] =
        middlewareStatus === 413
          ? ['payload_too_large', 'Request body is too large']
          : middlewareStatus === 400
            ? ['malformed_body', 'Request body is not valid JSON']
            : [defaultCode(middlewareStatus, error), error];
      return { statusCode: middlewareStatus, error, code, message };
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: 'Internal Server Error',
      code: 'internal_error',
      message: 'Internal server error',
    };
  }
}
