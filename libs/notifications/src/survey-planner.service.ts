import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Clock } from '@app/common';
import { jobId, JobName, QueueName, type NotificationPayload } from '@app/queue';
import { jobOptions } from './notification-scheduler.service.js';
import { notificationKey } from './notification-sender.service.js';
import { SurveyNoticeRepository } from './survey-notice.repository.js';

/**
 * Plans the feedback survey of every consultation that took place (an appointment completed, by
 * the counsellor or from the call's attendance, and ended; a walk-in ticket served): a sweep over
 * the database, so that whichever way it took place, and whatever the queue lost, each gets its
 * job. The job id and the notification log key are the consultation's: planned twice, sent once.
 */
@Injectable()
export class SurveyPlanner {
  private readonly logger = new Logger(SurveyPlanner.name);

  constructor(
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
    private readonly repository: SurveyNoticeRepository,
    private readonly clock: Clock,
  ) {}

  /** Queues the surveys due; returns how many were offered (a job that exists stays as it is). */
  async planDue(): Promise<number> {
    const due = await this.repository.due(this.clock.now());
    if (due.length === 0) return 0;
    await this.queue.addBulk(
      due.map(({ subject, id }) => {
        const payload: NotificationPayload = { kind: 'survey', subject, subjectId: id };
        return {
          name: JobName.SendNotification,
          data: payload,
          opts: { ...jobOptions(payload), jobId: jobId(notificationKey(payload)) },
        };
      }),
    );
    this.logger.debug({ planned: due.length }, 'surveys planned');
    return due.length;
  }
}
