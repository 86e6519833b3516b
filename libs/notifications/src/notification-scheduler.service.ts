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
} from '@app/queue';
import { NotificationRepository } from './notification.repository.js';
import { notificationKey } from './notification-sender.service.js';

const MINUTE_MS = 60_000;

/** Sent jobs go after a day, failed ones after a week (job data holds ids only, but still). */
const JOB_OPTIONS: JobsOptions = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 15_000 },
  removeOnComplete: { age: 24 * 3600, count: 5000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

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

/**
 * Turns appointment events into notification jobs. Reminders are delayed jobs with deterministic
 * ids (`reminder.<appointment>.v<version>.<offset>`): each change removes the previous version's
 * and plans its own, a cancellation only removes. The version in the id means a late handler of an
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
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async handle(event: AppointmentEventPayload): Promise<void> {
    const appointment = await this.repository.appointment(event.appointmentId);
    if (!appointment) return;
    const version = event.version;
    const id = appointment.id;
    const now = (kind: Exclude<NotificationPayload['kind'], 'counsellor-agenda'>): PlannedJob => {
      const payload: NotificationPayload = { kind, appointmentId: id, version };
      return { id: jobId(notificationKey(payload)), payload, delay: 0 };
    };
    const jobs: PlannedJob[] = [];
    switch (event.type) {
      case 'appointment.booked':
        jobs.push(now('confirmation'), now('counsellor-booked'));
        break;
      case 'appointment.rescheduled':
        jobs.push(now('rescheduled'), now('counsellor-rescheduled'));
        break;
      case 'appointment.reassigned':
        jobs.push(now('counsellor-booked'));
        break;
      case 'appointment.cancelled':
        jobs.push(now('cancelled'), now('counsellor-cancelled'));
        break;
      case 'appointment.outcome-recorded':
        break;
    }
    // Reminders follow the appointment as it is now; an event that is no longer the latest leaves
    // them to the event that is. A new booking has nothing to remove.
    const latest = appointment.version === version;
    if (version > 1)
      await this.removeReminders(id, version - 1, appointment.reminderOffsetsMinutes);
    if (latest && appointment.status === 'confirmed') {
      const startsAt = new Date(appointment.startsAt).getTime();
      const nowMs = this.clock.now().getTime();
      for (const offset of appointment.reminderOffsetsMinutes) {
        const delay = startsAt - offset * MINUTE_MS - nowMs;
        // A reminder whose moment has passed (booked at short notice) is not sent late.
        if (delay <= 0) continue;
        jobs.push({
          id: reminderJobId(id, version, offset),
          payload: { kind: 'reminder', appointmentId: id, version, offsetMinutes: offset },
          delay,
        });
      }
    }
    if (jobs.length === 0) return;
    await this.queue.addBulk(
      jobs.map((job) => ({
        name: JobName.SendNotification,
        data: job.payload,
        opts: { ...JOB_OPTIONS, jobId: job.id, delay: job.delay },
      })),
    );
    this.logger.debug(
      { appointmentId: id, event: event.type, jobs: jobs.length },
      'notifications planned',
    );
  }

  /**
   * Removes one version's reminder jobs (waiting, delayed or finished; BullMQ cannot remove a running
   * one, which then finds the appointment changed and sends nothing). Reminders planned under
   * offsets the consultation type no longer has stay queued, and are skipped the same way.
   */
  private async removeReminders(appointmentId: string, version: number, offsets: number[]) {
    await Promise.all(
      offsets.map((offset) => this.queue.remove(reminderJobId(appointmentId, version, offset))),
    );
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
}
