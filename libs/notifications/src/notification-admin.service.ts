import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { NOTIFICATION_KINDS, QueueName, type NotificationKind } from '@app/queue';
import { NotificationEntity } from './notification.entity.js';

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
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
  ) {}

  async metrics(since?: Date): Promise<NotificationMetrics> {
    const rows = await this.dataSource.query<
      { kind: NotificationKind; status: string; count: number }[]
    >(
      `SELECT kind, status, count(*)::int AS count FROM notification
        WHERE $1::timestamptz IS NULL OR created_at >= $1 GROUP BY kind, status`,
      [since ?? null],
    );
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
    const query = this.dataSource
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .where("n.status = 'failed'")
      .orderBy('n.updated_at', 'DESC')
      .limit(limit);
    if (before) query.andWhere('n.updated_at < :before', { before });
    return query.getMany();
  }
}
