import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@app/common';
import { AppConfig } from '@app/config';
import { RetentionRepository } from './retention.repository.js';
import { DAY_MS } from '@app/scheduling';

const BATCH = 500;

/**
 * Clients' personal data goes RETENTION_DAYS after the appointment ended (an hourly job), or at
 * once when the client asks for erasure. Idempotent: erased rows are marked and never selected
 * again. Documents go with it: see PrivacyService, which runs both.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    private readonly repository: RetentionRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async purge(): Promise<{ erased: number; cutoff: string }> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.RETENTION_DAYS * DAY_MS);
    let erased = 0;
    for (;;) {
      const count = await this.repository.eraseEndedBefore(cutoff, BATCH, this.clock.now(), {
        retentionDays: this.config.RETENTION_DAYS,
      });
      erased += count;
      if (count < BATCH) break;
    }
    this.logger.log(
      { erased, cutoff: cutoff.toISOString(), retentionDays: this.config.RETENTION_DAYS },
      'personal data past retention erased',
    );
    return { erased, cutoff: cutoff.toISOString() };
  }

  /** Erases one appointment's personal data now (the client's request); false if it was already. */
  async eraseNow(appointmentId: string): Promise<boolean> {
    const count = await this.repository.eraseOne(appointmentId, this.clock.now(), {
      clientRequest: true,
    });
    this.logger.log({ appointmentId, erased: count > 0 }, 'personal data erased on request');
    return count > 0;
  }
}
