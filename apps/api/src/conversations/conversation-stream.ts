import type { Request, Response } from 'express';
import { interval, map, merge, takeUntil, timer, type Observable } from 'rxjs';

/** A stream ends after this; the page opens a new one (a dead tab does not hold one forever). */
export const CONVERSATION_STREAM_MS = 20 * 60_000;
const HEARTBEAT_MS = 25_000;

/**
 * `changed` events (read the conversation or the inbox again) on every change of the watched
 * topic, with comment heartbeats so that proxies keep the connection; at most 20 minutes. Written
 * by hand rather than with @Sse: the client's stream is authorised by a header, read with fetch,
 * and its refusals are JSON errors thrown before the stream starts.
 */
export function streamChanges(
  request: Request,
  response: Response,
  changes: Observable<void>,
): void {
  response.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'private, no-cache, no-store, must-revalidate, max-age=0, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  response.flushHeaders();
  let id = 0;
  const subscription = merge(
    changes.pipe(map(() => 'change' as const)),
    interval(HEARTBEAT_MS).pipe(map(() => 'heartbeat' as const)),
  )
    .pipe(takeUntil(timer(CONVERSATION_STREAM_MS)))
    .subscribe({
      next: (kind) => {
        if (kind === 'heartbeat') {
          response.write(': heartbeat\n\n');
          return;
        }
        id += 1;
        response.write(`id: ${id}\nevent: changed\ndata: changed\n\n`);
      },
      error: () => response.end(),
      complete: () => response.end(),
    });
  if (request.destroyed) subscription.unsubscribe();
  else request.on('close', () => subscription.unsubscribe());
}
