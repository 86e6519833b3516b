import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { DateTime } from 'luxon';
import { Clock } from '@app/common';
import { AppConfig } from '@app/config';
import {
  jobId,
  JobName,
  QueueName,
  type AppointmentEventPayload,
  type NotificationPayload,
  type AppointmentNotificationKind,
} from '@app/queue';
import { NotificationRepository, type UpcomingAppointment } from './notification.repository.js';
import {
  InterpreterNoticeRepository,
  type InterpreterNoticeEntry,
} from './interpreter-notice.repository.js';
import { interpreterJob, interpreterNoticesOf } from './interpreter-notices.js';
import { notificationKey } from './notification-sender.service.js';
import { quietWindow } from './conversation-notices.js';
import { MINUTE_MS } from '@app/scheduling';

/** Appointments (or events) per page when reconciling: one query and one addBulk each. */
const RECONCILE_PAGE = 500;
/**
 * How far back reconciliation looks for notices that never went out. A confirmation or change
 * notice later than a day helps nobody (and the queue keeps finished jobs for as long).
 */
const NOTICE_WINDOW_SECONDS = 24 * 3600;

/** Sent jobs go after a day, failed ones after a week (job data holds ids only, but still). */
const JOB_OPTIONS: JobsOptions = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 15_000 },
  removeOnComplete: { age: 24 * 3600, count: 5000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * A "new message" notice's job goes when it is done: a later message of the same quiet window,
 * after the client read and the job was skipped, must be able to queue it again (the log key still
 * keeps a sent notice from going twice).
 */
export function jobOptions(payload: NotificationPayload): JobsOptions {
  return payload.kind === 'new-message' ? { ...JOB_OPTIONS, removeOnComplete: true } : JOB_OPTIONS;
}

export function reminderJobId(
  appointmentId: string,
  version: number,
  offsetMinutes: number,
): string {
  return jobId('reminder', appointmentId, `v${version}`, String(offsetMinutes));
}

interface PlannedJob {
  id: string;
  payload: NotificationPayload;
  delay: number;
}

/** The notices (now, not delayed) that one appointment event causes. */
function noticesOf(
  event: Pick<AppointmentEventPayload, 'type' | 'appointmentId' | 'version'>,
): PlannedJob[] {
  const now = (kind: AppointmentNotificationKind): PlannedJob => {
    const payload: NotificationPayload = {
      kind,
      appointmentId: event.appointmentId,
      version: event.version,
    };
    return { id: jobId(notificationKey(payload)), payload, delay: 0 };
  };
  switch (event.type) {
    case 'appointment.booked':
      return [now('confirmation'), now('counsellor-booked')];
    case 'appointment.rescheduled':
      return [now('rescheduled'), now('counsellor-rescheduled')];
    case 'appointment.reassigned':
      return [now('counsellor-booked')];
    case 'appointment.cancelled':
      return [now('cancelled'), now('counsellor-cancelled')];
    case 'appointment.switched-to-phone':
      // The counsellor switched it and knows; the client must learn that they will be called.
      return [now('switched-to-phone')];
    case 'appointment.outcome-recorded':
      return [];
  }
}

/**
 * Turns appointment events into notification jobs. Reminders are delayed jobs with deterministic
 * ids (`reminder.<appointment>.v<version>.<offset>`): each change removes the previous version's
 * and plans its own, a cancellation only removes (reminders planned under offsets the consultation
 * type no longer has stay queued, and the sender skips them). The version in the id means a late handler of an
 * older event can never remove a newer event's reminders, and a reminder that is running (and so
 * cannot be removed) never blocks its successor's id. Whatever stale job remains, the sender skips.
 */
@Injectable()
export class NotificationScheduler {
  readonly name = 'notifications';
  private readonly logger = new Logger(NotificationScheduler.name);

  constructor(
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
    private readonly repository: NotificationRepository,
    private readonly interpreters: InterpreterNoticeRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * The interpreter notices of a batch of events (see interpreterNoticesOf): two reads whatever
   * the batch's size, the appointments' interpreters and the interpreter notices logged so far.
   */
  private async interpreterNotices(
    events: Pick<AppointmentEventPayload, 'type' | 'appointmentId' | 'version'>[],
  ): Promise<PlannedJob[]> {
    const ids = [...new Set(events.map((event) => event.appointmentId))];
    const states = new Map(
      (await this.interpreters.planningStates(ids)).map((state) => [state.id, state]),
    );
    const involved = ids.filter((id) => states.get(id)?.interpreterId);
    // An appointment that never had an interpreter has no history to read either; one that lost
    // its interpreter may have.
    const history = new Map<string, InterpreterNoticeEntry[]>();
    for (const entry of await this.interpreters.history(ids)) {
      history.set(entry.appointmentId, [...(history.get(entry.appointmentId) ?? []), entry]);
    }
    if (involved.length === 0 && history.size === 0) return [];
    return events.flatMap((event) =>
      interpreterNoticesOf(
        event,
        states.get(event.appointmentId),
        history.get(event.appointmentId) ?? [],
      ).map(interpreterJob),
    );
  }

  /**
   * Plans the notices and reminders of a batch of events with one read and one addBulk. Reminders
   * follow the appointment as it is now: an event that is no longer the latest leaves them to the
   * event that is; each change removes the reminders of the version before it.
   */
  async handle(events: AppointmentEventPayload[]): Promise<void> {
    const appointments = new Map(
      (await this.repository.planningStates([...new Set(events.map((e) => e.appointmentId))])).map(
        (appointment) => [appointment.id, appointment],
      ),
    );
    const nowMs = this.clock.now().getTime();
    const jobs: PlannedJob[] = [];
    const stale: string[] = [];
    for (const event of events) {
      const appointment = appointments.get(event.appointmentId);
      if (!appointment) continue;
      jobs.push(...noticesOf(event));
      // A new booking has nothing to remove.
      if (event.version > 1)
        stale.push(
          ...appointment.reminderOffsetsMinutes.map((offset) =>
            reminderJobId(appointment.id, event.version - 1, offset),
          ),
        );
      if (appointment.version === event.version && appointment.status === 'confirmed')
        jobs.push(...this.reminders(appointment, nowMs));
    }
    jobs.push(...(await this.interpreterNotices(events)));
    // BullMQ cannot remove a running job, which then finds the appointment changed and sends nothing.
    await Promise.all(stale.map((id) => this.queue.remove(id)));
    if (jobs.length === 0) return;
    await this.add(jobs);
    this.logger.debug({ events: events.length, jobs: jobs.length }, 'notifications planned');
  }

  /** The reminders of an appointment as it is now; one whose moment has passed is not sent late. */
  private reminders(appointment: UpcomingAppointment, nowMs: number): PlannedJob[] {
    const { id, version } = appointment;
    const startsAt = new Date(appointment.startsAt).getTime();
    return appointment.reminderOffsetsMinutes
      .map((offset) => ({
        id: reminderJobId(id, version, offset),
        payload: { kind: 'reminder', appointmentId: id, version, offsetMinutes: offset } as const,
        delay: startsAt - offset * MINUTE_MS - nowMs,
      }))
      .filter((job) => job.delay > 0);
  }

  /**
   * The copies of a client message for its bound messenger chats, as their own jobs (their own log
   * keys): added by the job of the message itself, before it sends, so that a chat bound after the
   * message was planned (a reminder) gets it too, and a failing email or SMS holds nobody up.
   */
  async addRoutes(payload: NotificationPayload, routes: string[]): Promise<void> {
    if (
      payload.kind === 'counsellor-agenda' ||
      payload.kind === 'counsellor-messages-digest' ||
      'entryId' in payload ||
      'interpreterId' in payload
    )
      return;
    await this.add(
      routes.map((route) => {
        const routed = { ...payload, route };
        return { id: jobId(notificationKey(routed)), payload: routed, delay: 0 };
      }),
    );
  }

  /** Adding a job whose id exists (waiting, delayed, running or kept as finished) changes nothing. */
  private async add(jobs: PlannedJob[]): Promise<void> {
    await this.queue.addBulk(
      jobs.map((job) => ({
        name: JobName.SendNotification,
        data: job.payload,
        opts: { ...jobOptions(job.payload), jobId: job.id, delay: job.delay },
      })),
    );
  }

  /**
   * Re-plans the reminders of every confirmed appointment ahead, from the database, which is the
   * source of truth: after the queue lost its jobs (Redis restarted without persistence), they come
   * back; where they exist, nothing changes (deterministic ids). Returns how many were offered.
   */
  async reconcileReminders(pageSize = RECONCILE_PAGE): Promise<number> {
    const now = this.clock.now();
    let offered = 0;
    for (let after: string | null = null; ;) {
      const page = await this.repository.upcoming(now, after, pageSize);
      const jobs = page.flatMap((appointment) => this.reminders(appointment, now.getTime()));
      if (jobs.length > 0) await this.add(jobs);
      offered += jobs.length;
      if (page.length < pageSize) return offered;
      after = page[page.length - 1].id;
    }
  }

  /**
   * Re-plans the notices (confirmations, change notices, to client and counsellor) of the
   * appointment events of the last NOTICE_WINDOW_SECONDS that have no entry in the notification
   * log: a notice that was queued but not yet sent when Redis lost its data comes back. A notice
   * with an entry was sent, is being sent or has failed for good; one still queued keeps its job
   * (same deterministic id); one the sender skipped as stale is skipped again. Returns how many
   * were offered.
   */
  async reconcileNotices(
    windowSeconds = NOTICE_WINDOW_SECONDS,
    pageSize = RECONCILE_PAGE,
  ): Promise<number> {
    let offered = 0;
    for (let before: string | null = null; ;) {
      const page = await this.repository.recentEvents(windowSeconds, before, pageSize);
      const recent = page.filter((event) => event.recent);
      const notices = [...recent.flatMap(noticesOf), ...(await this.interpreterNotices(recent))];
      const logged = await this.repository.existingKeys(
        notices.map((job) => notificationKey(job.payload)),
      );
      const missing = notices.filter((job) => !logged.has(notificationKey(job.payload)));
      if (missing.length > 0) await this.add(missing);
      offered += missing.length;
      // Newest first: the first event older than the window ends the walk.
      if (page.length < pageSize || recent.length < page.length) return offered;
      before = page[page.length - 1].id;
    }
  }

  /**
   * Re-plans the "new message" notices that the conversations claimed (conversation_notice) within
   * the last NOTICE_WINDOW_SECONDS or for later, whose client has still not read and whose log has
   * no entry: after Redis lost its data they come back under the same job id (the claimed time's
   * window), with what remains of their delay. Where the job waits, nothing changes; a notice
   * due at night waits for the morning when it runs. Returns how many were offered.
   */
  async reconcileMessageNotices(windowSeconds = NOTICE_WINDOW_SECONDS): Promise<number> {
    const now = this.clock.now();
    const planned = await this.repository.plannedNotices(
      new Date(now.getTime() - windowSeconds * 1000),
    );
    const jobs = planned.map(({ conversationId, noticeAt }): PlannedJob => {
      const payload: NotificationPayload = {
        kind: 'new-message',
        conversationId,
        window: quietWindow(new Date(noticeAt), this.config.CONVERSATION_NOTICE_QUIET_MINUTES),
      };
      return {
        id: jobId(notificationKey(payload)),
        payload,
        delay: Math.max(0, new Date(noticeAt).getTime() - now.getTime()),
      };
    });
    const logged = await this.repository.existingKeys(
      jobs.map((job) => notificationKey(job.payload)),
    );
    const missing = jobs.filter((job) => !logged.has(notificationKey(job.payload)));
    if (missing.length > 0) await this.add(missing);
    return missing.length;
  }

  /**
   * Plans today's agenda mail for every counsellor whose local time has reached AGENDA_HOUR and
   * who has not had it yet. Runs every few minutes; the log key makes it once per local day.
   */
  async planAgendas(): Promise<number> {
    const now = DateTime.fromJSDate(this.clock.now());
    const due = (await this.repository.agendaCounsellors())
      .map((counsellor) => {
        const local = now.setZone(counsellor.timeZone);
        const payload: NotificationPayload = {
          kind: 'counsellor-agenda',
          counsellorId: counsellor.id,
          date: local.toISODate() as string,
        };
        return { local, payload };
      })
      .filter(({ local }) => local.hour >= this.config.AGENDA_HOUR);
    const sent = await this.repository.existingKeys(
      due.map(({ payload }) => notificationKey(payload)),
    );
    const jobs = due.filter(({ payload }) => !sent.has(notificationKey(payload)));
    if (jobs.length === 0) return 0;
    await this.queue.addBulk(
      jobs.map(({ payload }) => ({
        name: JobName.SendNotification,
        data: payload,
        opts: { ...JOB_OPTIONS, jobId: jobId(notificationKey(payload)) },
      })),
    );
    return jobs.length;
  }

  /**
   * Plans the morning digest of unread client messages for every counsellor whose office's local
   * time has reached DIGEST_TIME and who had unread messages then (none: no mail). Runs every few
   * minutes; the log key makes it once per office-local day.
   */
  async planMessageDigests(): Promise<number> {
    const due = (await this.repository.dueDigests(this.clock.now())).map(
      ({ counsellorId, date }): NotificationPayload => ({
        kind: 'counsellor-messages-digest',
        counsellorId,
        date,
      }),
    );
    const sent = await this.repository.existingKeys(due.map(notificationKey));
    const jobs = due.filter((payload) => !sent.has(notificationKey(payload)));
    if (jobs.length === 0) return 0;
    await this.add(
      jobs.map((payload) => ({ id: jobId(notificationKey(payload)), payload, delay: 0 })),
    );
    return jobs.length;
  }
}
