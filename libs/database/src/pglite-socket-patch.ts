import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { PGlite } from '@electric-sql/pglite';

/** The parts of pglite-socket 0.2.17's internal QueryQueueManager this patch relies on. */
interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: PGlite;
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

/** Parse, Bind, Describe, Execute, Close, Flush: an extended-query batch runs until its Sync. */
const EXTENDED_PROTOCOL = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((c) => c.charCodeAt(0)));

/**
 * pglite-socket 0.2.17 serialises single protocol messages from all connections onto PGlite's one
 * session, keeping a connection's turn only inside a transaction. Two known defects follow
 * (electric-sql/pglite#1046, open): concurrent extended-protocol batches interleave, so one
 * connection's Bind runs against another's Parse and returns wrong rows; and a message that
 * throws leaves the queue marked busy forever. We replace the scheduler with one that keeps the
 * turn from the first message of a batch to its Sync (and through transactions), and always
 * releases the queue. Remove when the upstream fix lands.
 */
export function serializeExtendedProtocol(server: PGLiteSocketServer): void {
  const queue = (server as unknown as { queryQueue?: QueryQueue }).queryQueue;
  if (!queue || !Array.isArray(queue.queue) || typeof queue.processQueue !== 'function') {
    throw new Error(
      'pglite-socket internals changed: review serializeExtendedProtocol before upgrading',
    );
  }
  let owner: number | null = null;

  queue.processQueue = async function processQueue(this: QueryQueue): Promise<void> {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const turn = owner ?? (this.db.isInTransaction() ? this.lastHandlerId : null);
        const index = turn === null ? 0 : this.queue.findIndex((item) => item.handlerId === turn);
        if (index === -1) break; // wait for the connection whose turn it is
        const [item] = this.queue.splice(index, 1);
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
          item.resolve(bytes);
        } catch (error) {
          item.reject(error);
        }
        this.lastHandlerId = item.handlerId;
        owner = EXTENDED_PROTOCOL.has(item.message[0]) ? item.handlerId : null;
      }
    } finally {
      this.processing = false;
    }
  };

  const clear = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId: number): void => {
    clear(handlerId);
    if (owner === handlerId) owner = null;
    void queue.processQueue();
  };
}
