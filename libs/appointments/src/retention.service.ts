import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@app/common';
import { RetentionRepository } from './retention.repository.js';

const BATCH = 500;

/**
 * Clients' personal data goes when their office's retention period (its own, as each office is its
 * own controller) has passed since the appointment ended (an hourly job), or at
 * once when the client asks for erasure. Idempotent: erased rows are marked and never selected
 * again. Documents go with it: see PrivacyService, which runs both.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    private readonly repository: RetentionRepository,
    private readonly clock: Clock,
  ) {}

  async purge(): Promise<{ erased: number }> {
    const now = this.clock.now();
    let erased = 0;
    for (;;) {
      const count = await this.repository.erasePastRetention(now, BATCH);
      erased += count;
      if (count < BATCH) break;
    }
    this.logger.log({ erased }, 'personal data past retention erased');
    return { erased };
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
