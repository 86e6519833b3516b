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
import type { ErrorResponseDto, FieldErrorDto } from './error-response.js';

interface ErrorPayload {
  message?: unknown;
  details?: FieldErrorDto[];
  nextFreeSlots?: { start: string; end: string }[];
  opensAt?: string;
}

function messageOf(payload: ErrorPayload | string, fallback: string): string {
  if (typeof payload === 'string') return payload;
  const { message } = payload;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return typeof message === 'string' && message.length > 0 ? message : fallback;
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
      this.logger.error(
        { err: exception instanceof Error ? exception : String(exception) },
        'request failed',
      );
    }
    if (!response.headersSent) response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorResponseDto {
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const payload = exception.getResponse() as ErrorPayload | string;
      const error = STATUS_CODES[statusCode] ?? 'Error';
      if (statusCode === 413) return { statusCode, error, message: 'Request body is too large' };
      const body: ErrorResponseDto = {
        statusCode,
        error,
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
      return body;
    }
    const middlewareStatus = statusOfMiddlewareError(exception);
    if (middlewareStatus !== undefined) {
      const error = STATUS_CODES[middlewareStatus] ?? 'Error';
      const message =
        middlewareStatus === 413
          ? 'Request body is too large'
          : middlewareStatus === 400
            ? 'Request body is not valid JSON'
            : error;
      return { statusCode: middlewareStatus, error, message };
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: 'Internal Server Error',
      message: 'Internal server error',
    };
  }
}
