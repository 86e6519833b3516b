import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DateTime } from 'luxon';
import { Clock } from '@app/common';
import { AppConfig } from '@app/config';
import { jobId, JobName, QueueName, type NotificationPayload } from '@app/queue';

type NewMessagePayload = Extract<NotificationPayload, { kind: 'new-message' }>;
import { MINUTE_MS } from '@app/scheduling';
import { NotificationRepository } from './notification.repository.js';
import { jobOptions } from './notification-scheduler.service.js';
import { describeError, notificationKey } from './notification-sender.service.js';

/** Local hours (the client's zone) in which no notice goes out: from 21:00 until 08:00. */
export const NIGHT_STARTS_HOUR = 21;
export const NIGHT_ENDS_HOUR = 8;

export interface MessagePosted {
  conversationId: string;
  officeId: string;
  appointmentId: string | null;
  ticketId: string | null;
  author: 'client' | 'counsellor';
  /** When the message was written; a notice is never planned before now. */
  at: Date;
}

/** The quiet window an instant falls in: windows of `quietMinutes`, counted from the epoch. */
export function quietWindow(at: Date, quietMinutes: number): number {
  return Math.floor(at.getTime() / (quietMinutes * MINUTE_MS));
}

export function quietWindowStart(window: number, quietMinutes: number): Date {
  return new Date(window * quietMinutes * MINUTE_MS);
}

/**
 * The instant itself, or, at night in the zone (21:00 to 08:00 local), the next 08:00 there.
 * Calendar arithmetic in the zone, so that the night a clock changes ends at 08:00 too.
 */
export function outsideNight(at: Date, zone: string): Date {
  const local = DateTime.fromJSDate(at, { zone });
  if (local.hour >= NIGHT_ENDS_HOUR && local.hour < NIGHT_STARTS_HOUR) return at;
  const morning = local.hour >= NIGHT_STARTS_HOUR ? local.plus({ days: 1 }) : local;
  return morning.set({ hour: NIGHT_ENDS_HOUR, minute: 0, second: 0, millisecond: 0 }).toJSDate();
}

/**
 * When the notice of a counsellor's message goes out, and under which quiet window (its log key
 * and job id). `previous` is when the conversation's latest notice goes or went out (claimed in
 * the database when it was planned). Still ahead: that notice is pending and covers this message
 * too (the job reads the conversation when it runs). Otherwise soon, outside the client's night,
 * and no sooner than a quiet period after it: two claimed notices are always a quiet period apart,
 * so they fall in different windows, and the window names the notice.
 */
export function planNewMessageNotice(options: {
  now: Date;
  zone: string;
  quietMinutes: number;
  previous: Date | null;
}): { window: number; sendAt: Date; pending: boolean } {
  const { now, zone, quietMinutes, previous } = options;
  if (previous && previous.getTime() > now.getTime())
    return { window: quietWindow(previous, quietMinutes), sendAt: previous, pending: true };
  const earliest = previous
    ? Math.max(now.getTime(), previous.getTime() + quietMinutes * MINUTE_MS)
    : now.getTime();
  const sendAt = outsideNight(new Date(earliest), zone);
  return { window: quietWindow(sendAt, quietMinutes), sendAt, pending: false };
}

/** Tries to claim a notice time before giving up (another plan won each time: a message storm). */
const CLAIM_TRIES = 5;

/**
 * Notices about conversation messages. A counsellor's message tells the client, without its
 * content, that there is one (by the client's own channel and bound chats); a client's message
 * tells nobody at once: the counsellor's morning digest counts it (NotificationScheduler).
 */
@Injectable()
export class ConversationNotices {
  private readonly logger = new Logger(ConversationNotices.name);

  constructor(
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
    private readonly repository: NotificationRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * Call after the message is committed. Claims the conversation's next notice time in the
   * database (a compare-and-set: of two messages planned at once, one claims and the other finds
   * that notice pending), and queues its delayed job with a deterministic id; the job checks, when
   * it runs, that the client has not read meanwhile. A pending notice's job is queued again, which
   * changes nothing where it waits and brings it back where the queue lost it. A queue that cannot
   * be reached loses the notice, not the message: it is logged, not thrown (the client still sees
   * the message on their page).
   */
  async messagePosted(input: MessagePosted): Promise<void> {
    if (input.author !== 'counsellor') return;
    try {
      const zone = await this.repository.clientZone(input.officeId, input.appointmentId);
      if (!zone) return;
      const quietMinutes = this.config.CONVERSATION_NOTICE_QUIET_MINUTES;
      const now = new Date(Math.max(input.at.getTime(), this.clock.now().getTime()));
      for (let tries = 0; tries < CLAIM_TRIES; tries += 1) {
        const previous = await this.repository.noticeAt(input.conversationId);
        const plan = planNewMessageNotice({ now, zone, quietMinutes, previous });
        if (
          plan.pending ||
          (await this.repository.claimNoticeAt(input.conversationId, previous, plan.sendAt))
        ) {
          await this.queueNotice(
            { kind: 'new-message', conversationId: input.conversationId, window: plan.window },
            plan.sendAt,
          );
          return;
        }
      }
      this.logger.warn(
        { conversationId: input.conversationId },
        'new-message notice not planned: claimed elsewhere each time',
      );
    } catch (error) {
      this.logger.warn(
        { conversationId: input.conversationId, error: describeError(error) },
        'new-message notice not queued',
      );
    }
  }

  /**
   * A notice whose job came due at night (late: retried, or held up in the queue) waits for the
   * morning: the conversation's notice moves there and a job of the morning's window is queued
   * (the same as a message in the night would queue), so that the job id still names the pending
   * notice. The job that found the night ends without sending.
   */
  async deferToMorning(payload: NewMessagePayload, until: Date): Promise<void> {
    await this.repository.deferNotice(payload.conversationId, until);
    await this.queueNotice(
      {
        ...payload,
        window: quietWindow(until, this.config.CONVERSATION_NOTICE_QUIET_MINUTES),
      },
      until,
    );
  }

  /** A job of this id that waits already covers this message too (it reads the conversation). */
  private async queueNotice(payload: NewMessagePayload, sendAt: Date): Promise<void> {
    await this.queue.add(JobName.SendNotification, payload, {
      ...jobOptions(payload),
      jobId: jobId(notificationKey(payload)),
      delay: Math.max(0, sendAt.getTime() - this.clock.now().getTime()),
    });
  }
}
