import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';

/**
 * Streams server-sent events straight onto the response: one write per event, each event's text
 * built once. For streams held by thousands of clients at once (the walk-in queue), where Nest's
 * general @Sse pipeline (a transform stream per response, several writes per event) costs more
 * than the work itself. The stream ends when the observable completes or the client goes away.
 */
export function streamEvents<T>(
  request: Request,
  response: Response,
  events: Observable<T>,
  format: (event: T) => { type: string; data: string },
): void {
  response.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'private, no-cache, no-store, must-revalidate, max-age=0, no-transform',
    Connection: 'keep-alive',
    // Proxies (nginx) pass each event on at once.
    'X-Accel-Buffering': 'no',
  });
  response.flushHeaders();
  let id = 0;
  const subscription = events.subscribe({
    next: (event) => {
      const { type, data } = format(event);
      id += 1;
      response.write(`id: ${id}\nevent: ${type}\ndata: ${data}\n\n`);
    },
    error: () => response.end(),
    complete: () => response.end(),
  });
  if (request.destroyed) subscription.unsubscribe();
  else request.on('close', () => subscription.unsubscribe());
}
