import { createHash } from 'node:crypto';
import { DataCipher } from './data-cipher.js';

/**
 * The master keys: the current one seals, older ones (kept after a rotation) still open what they
 * sealed. Each key is known by an id derived from it, stored beside what it sealed.
 */
export class KeyRing {
  readonly currentId: string;
  private readonly ciphers = new Map<string, DataCipher>();

  constructor(current: string, previous: string[] = []) {
    this.currentId = KeyRing.idOf(current);
    for (const key of [current, ...previous])
      this.ciphers.set(KeyRing.idOf(key), new DataCipher(key));
  }

  static idOf(base64Key: string): string {
    return createHash('sha256').update(Buffer.from(base64Key, 'base64')).digest('hex').slice(0, 16);
  }

  seal(plaintext: Buffer): { keyId: string; sealed: string } {
    return { keyId: this.currentId, sealed: this.cipher(this.currentId).encrypt(plaintext) };
  }

  open(keyId: string, sealed: string): Buffer {
    return this.cipher(keyId).decrypt(sealed);
  }

  /** For values sealed before key ids were stored: whichever configured key opens it. */
  openAny(sealed: string): Buffer {
    for (const cipher of this.ciphers.values()) {
      try {
        return cipher.decrypt(sealed);
      } catch {
        // not this key
      }
    }
    throw new Error('No configured master key opens this value');
  }

  private cipher(keyId: string): DataCipher {
    const cipher = this.ciphers.get(keyId);
    if (!cipher)
      throw new Error(`Master key ${keyId} is not configured (DATA_ENCRYPTION_KEYS_PREVIOUS)`);
    return cipher;
  }
}
