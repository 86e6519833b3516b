import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DataCipher } from './data-cipher.js';

describe('DataCipher', () => {
  const cipher = new DataCipher(randomBytes(32).toString('base64'));

  it('round-trips, with a fresh IV each time', () => {
    const secret = randomBytes(32);
    const a = cipher.encrypt(secret);
    const b = cipher.encrypt(secret);
    expect(a).not.toBe(b);
    expect(a).not.toContain(secret.toString('base64url'));
    expect(cipher.decrypt(a).equals(secret)).toBe(true);
  });

  it('rejects tampered values and other keys', () => {
    const sealed = cipher.encrypt(Buffer.from('e2ee key'));
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[3], 'base64url');
    flipped[0] ^= 1;
    expect(() =>
      cipher.decrypt([parts[0], parts[1], parts[2], flipped.toString('base64url')].join('.')),
    ).toThrow();
    expect(() => new DataCipher(randomBytes(32).toString('base64')).decrypt(sealed)).toThrow();
    expect(() => new DataCipher(randomBytes(16).toString('base64'))).toThrow();
  });
});
