import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { jobId, JobName, QueueName, type NotificationPayload } from '@app/queue';

/**
 * Messages to clients with a contact channel who put their phone away: "you are nearly there" and
 * "it is your turn", each at most once per ticket, in the client's language.
 */
export abstract class TicketNotices {
  /** The tickets now near the front of the queue (those told already are skipped). */
  abstract soon(ticketIds: readonly string[]): Promise<void>;

  /** The ticket was called. */
  abstract turn(ticketId: string): Promise<void>;
}

/**
 * Sent by the notification workers. "Once" holds twice over: a job id per ticket and kind (adding
 * it again changes nothing while BullMQ keeps the job), and the sender's keyed notification row
 * (a message is claimed once, whatever job carries it).
 */
@Injectable()
export class QueuedTicketNotices extends TicketNotices {
  private readonly logger = new Logger(QueuedTicketNotices.name);

  constructor(@InjectQueue(QueueName.Notifications) private readonly queue: Queue) {
    super();
  }

  soon(ticketIds: readonly string[]): Promise<void> {
    return this.add(ticketIds.map((ticketId) => ({ kind: 'walk-in-soon', ticketId })));
  }

  turn(ticketId: string): Promise<void> {
    return this.add([{ kind: 'walk-in-turn', ticketId }]);
  }

  private async add(payloads: Extract<NotificationPayload, { ticketId: string }>[]): Promise<void> {
    if (payloads.length === 0) return;
    try {
      await this.queue.addBulk(
        payloads.map((payload) => ({
          name: JobName.SendNotification,
          data: payload,
          opts: { jobId: jobId(payload.kind, payload.ticketId) },
        })),
      );
    } catch (error) {
      // The queue is down: the page (and its sound) still tells the client; the message is lost.
      this.logger.warn(
        { err: error, kinds: payloads.map((p) => p.kind) },
        'walk-in notice not queued',
      );
    }
  }
}
