import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { NOTIFICATION_KINDS, QueueName, type NotificationKind } from '@app/queue';
import type { NotificationEntity } from './notification.entity.js';
import { NotificationRepository } from './notification.repository.js';

export interface KindMetrics {
  kind: NotificationKind;
  sent: number;
  failed: number;
  /** Logged but not sent yet: being tried, or waiting for a retry. */
  pending: number;
}

export interface NotificationMetrics {
  kinds: KindMetrics[];
  /** Jobs in the notification queue: scheduled reminders are `delayed`. */
  queue: Record<string, number>;
}

/**
 * What an office's admins see of notifications: their office's counts and failures to act on. The
 * queue's job counts are the instance's (one queue serves every office) and carry no ids.
 */
@Injectable()
export class NotificationAdminService {
  constructor(
    private readonly repository: NotificationRepository,
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
  ) {}

  async metrics(officeId: string, since?: Date): Promise<NotificationMetrics> {
    const rows = await this.repository.countByKindAndStatus(officeId, since);
    const kinds = NOTIFICATION_KINDS.map((kind) => {
      const of = (status: string) =>
        rows.find((row) => row.kind === kind && row.status === status)?.count ?? 0;
      return { kind, sent: of('sent'), failed: of('failed'), pending: of('pending') };
    });
    const queue = await this.queue.getJobCounts(
      'waiting',
      'delayed',
      'active',
      'completed',
      'failed',
      'prioritized',
    );
    return { kinds, queue };
  }

  failed(officeId: string, limit: number, before?: Date): Promise<NotificationEntity[]> {
    return this.repository.failed(officeId, limit, before);
  }
}
