import { randomBytes } from 'node:crypto';
import { Injectable, Module } from '@nestjs/common';
import type { KeyRing } from '@app/common';
import { AppConfig } from '@app/config';
import { ConversationRepository } from './conversation.repository.js';

/**
 * The conversations' keys under the master keys: each conversation's AES-256-GCM key is wrapped by
 * the current master key; after a rotation (`keys:rotate`) they are re-wrapped, and no message is
 * touched.
 */
@Injectable()
export class ConversationKeys {
  private readonly keys: KeyRing;

  constructor(
    private readonly conversations: ConversationRepository,
    config: AppConfig,
  ) {
    this.keys = config.keyRing;
  }

  /** A new conversation's key, and the key wrapped as it is stored. */
  create(): { key: Buffer; wrapped: { sealed: string; keyId: string } } {
    const key = randomBytes(32);
    return { key, wrapped: this.keys.seal(key) };
  }

  open(row: { masterKeyId: string; keyWrapped: string }): Buffer {
    return this.keys.open(row.masterKeyId, row.keyWrapped);
  }

  /** Conversations whose key is still wrapped by an older master key. */
  wrappedUnderOldKeys(): Promise<number> {
    return this.conversations.countWrappedUnderOtherThan(this.keys.currentId);
  }

  /** After a master-key rotation: re-wraps every conversation key under the current master key. */
  async rewrapKeys(): Promise<number> {
    let rewrapped = 0;
    for (;;) {
      const rows = await this.conversations.wrappedUnderOtherThan(this.keys.currentId, 500);
      if (rows.length === 0) return rewrapped;
      for (const row of rows) {
        const wrapped = this.keys.seal(this.keys.open(row.masterKeyId, row.keyWrapped));
        await this.conversations.replaceWrappedKey(row.id, row.masterKeyId, wrapped);
        rewrapped += 1;
      }
    }
  }
}

/** The keys alone, for the command line (no HTTP, no change feed). */
@Module({
  providers: [ConversationRepository, ConversationKeys],
  exports: [ConversationRepository, ConversationKeys],
})
export class ConversationKeysModule {}
