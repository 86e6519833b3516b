import { Injectable, Module } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { VideoRepository } from './video.repository.js';
import { openE2eeKey, sealE2eeKey } from './video.service.js';

/** The calls' end-to-end-encryption keys at rest, for `keys:rotate`. */
@Injectable()
export class E2eeKeyService {
  constructor(
    private readonly video: VideoRepository,
    private readonly config: AppConfig,
  ) {}

  /** After a master-key rotation: re-seals every E2EE key under the current master key. */
  async resealAll(): Promise<number> {
    const keys = this.config.keyRing;
    const sealed = await this.video.keysSealedUnderOtherThan(keys.currentId);
    for (const row of sealed) {
      const resealed = sealE2eeKey(keys, openE2eeKey(keys, row.sealed));
      await this.video.replaceSealedKey(row.appointmentId, row.sealed, resealed);
    }
    return sealed.length;
  }
}

/** Only the key rotation, without the call machinery (LiveKit, queues): what the CLI needs. */
@Module({
  providers: [VideoRepository, E2eeKeyService],
  exports: [VideoRepository, E2eeKeyService],
})
export class VideoKeysModule {}
