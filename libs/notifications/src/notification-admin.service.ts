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

/** What admins see of notifications: counts, and the failures to act on. */
@Injectable()
export class NotificationAdminService {
  constructor(
    private readonly repository: NotificationRepository,
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
  ) {}

  async metrics(since?: Date): Promise<NotificationMetrics> {
    const rows = await this.repository.countByKindAndStatus(since);
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

  failed(limit: number, before?: Date): Promise<NotificationEntity[]> {
    return this.repository.failed(limit, before);
  }
}
