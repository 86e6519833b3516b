import { useCallback, useEffect } from 'react';
import type { JoinAnswer } from '../api/types';
import type { Connection } from './CallRoom';
import { readEventStream } from './eventStream';

/** After the event stream ended or broke: ask again after this pause. */
const RETRY_MS = 3000;

/** The call a join answer lets one into, or null while one waits. */
export function admittedTo(answer: JoinAnswer): { kind: 'call'; connection: Connection } | null {
  return answer.status === 'admitted' && answer.url && answer.token
    ? {
        kind: 'call',
        connection: { url: answer.url, token: answer.token, e2eeKey: answer.e2eeKey },
      }
    : null;
}

interface WaitingRoom<P> {
  phase: P;
  setPhase: (phase: P) => void;
  /** Asks to join once: the call, the waiting room, or whatever else the page makes of an error. */
  ask: () => Promise<P>;
  /** The stream that pushes the admission while one waits. */
  events: { path: string; headers: Record<string, string> };
  /** The phase an event moves to ("admitted" → the call); null: the event changes nothing. */
  onEvent: (event: string, data: unknown) => P | null;
}

/**
 * The waiting room of a call page (client, guest): `join` asks once; while the phase is
 * "waiting", the server pushes the admission on an event stream. When the stream ends (after 20
 * minutes) or breaks, the page asks again after a pause, which opens a new one.
 */
export function useWaitingRoom<P extends { kind: string }>({
  phase,
  setPhase,
  ask,
  events,
  onEvent,
}: WaitingRoom<P>): { join: () => void } {
  const join = useCallback(() => {
    setPhase({ kind: 'asking' } as P);
    void ask().then(setPhase);
  }, [ask, setPhase]);

  const { path, headers } = events;
  useEffect(() => {
    if (phase.kind !== 'waiting') return;
    const abort = new AbortController();
    let timer: number | undefined;
    const retry = () => {
      if (abort.signal.aborted) return;
      timer = window.setTimeout(() => {
        void ask().then((next) => {
          if (!abort.signal.aborted) setPhase(next);
        });
      }, RETRY_MS);
    };
    readEventStream(path, headers, abort.signal, (event, data) => {
      const next = onEvent(event, data);
      if (next) setPhase(next);
    }).then(retry, retry);
    return () => {
      abort.abort();
      window.clearTimeout(timer);
    };
  }, [phase, ask, path, headers, onEvent, setPhase]);

  return { join };
}
