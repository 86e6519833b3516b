import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueName } from './job-catalogue.js';

/** Whether the queue backend (Redis or PostgreSQL) answers; used by the readiness check. */
@Injectable()
export class QueueHealth {
  constructor(@InjectQueue(QueueName.Maintenance) private readonly queue: Queue) {}

  async ping(): Promise<void> {
    await this.queue.waitUntilReady();
    await this.queue.count();
  }
}
