import { describe, expect, it } from 'vitest';
import {
  cleanComment,
  DAY_MS,
  linkExpiry,
  monthOf,
  monthsBetween,
  publishAverage,
  publishCount,
} from './survey-core.js';

describe('publishCount', () => {
  it('never publishes 1 to 4, and every other count as a multiple of 5 within 2 of the truth', () => {
    for (let count = 0; count <= 2000; count++) {
      const published = publishCount(count);
      if (count >= 1 && count <= 4) {
        expect(published).toBe('<5');
        continue;
      }
      expect(typeof published).toBe('number');
      expect((published as number) % 5).toBe(0);
      expect(Math.abs((published as number) - count)).toBeLessThanOrEqual(2);
    }
    expect([0, 5, 7, 8, 12, 13].map(publishCount)).toEqual([0, 5, 5, 10, 10, 15]);
  });
});

describe('publishAverage', () => {
  it('needs five answers, then gives one decimal', () => {
    expect(publishAverage(16, 4)).toBeNull();
    expect(publishAverage(26, 7)).toBe(3.7);
    expect(publishAverage(25, 5)).toBe(5);
  });
});

describe('linkExpiry', () => {
  it('is 14 days after sending, or earlier when the client’s data goes first', () => {
    const sent = new Date('2026-12-08T09:35:00Z');
    expect(linkExpiry(sent, new Date('2027-03-01T00:00:00Z'))).toEqual(
      new Date(sent.getTime() + 14 * DAY_MS),
    );
    expect(linkExpiry(sent, new Date('2026-12-13T09:30:00Z'))).toEqual(
      new Date('2026-12-13T09:30:00Z'),
    );
  });
});

describe('cleanComment', () => {
  it('trims, normalises line breaks and keeps newlines, tabs and any script', () => {
    expect(cleanComment('  Danke!\r\nGut.\tSehr  ')).toEqual({
      ok: true,
      value: 'Danke!\nGut.\tSehr',
    });
    expect(cleanComment('ممنون 👍')).toEqual({ ok: true, value: 'ممنون 👍' });
    expect(cleanComment('   ')).toEqual({ ok: true, value: null });
    expect(cleanComment(undefined)).toEqual({ ok: true, value: null });
  });

  it('refuses control characters, bidi overrides, lone surrogates and more than 500 characters', () => {
    for (const text of [
      'a\u0000b',
      'a\u0007',
      'a\u001b[31m',
      'a\u007f',
      'x\u202ey',
      'x\u2066y',
      'x\ud800y',
    ])
      expect(cleanComment(text).ok, JSON.stringify(text)).toBe(false);
    expect(cleanComment('👍'.repeat(500)).ok).toBe(true);
    expect(cleanComment('a'.repeat(501)).ok).toBe(false);
  });
});

describe('months', () => {
  it('takes YYYY-MM or a real YYYY-MM-DD and counts months inclusively', () => {
    expect(monthOf('2026-06')).toBe('2026-06-01');
    expect(monthOf('2026-06-30')).toBe('2026-06-01');
    for (const bad of ['2026-13', '2026-00', '2026-02-30', '2026-6', '26-06', '2026-06-01T00:00'])
      expect(monthOf(bad), bad).toBeNull();
    expect(monthsBetween('2026-01-01', '2026-12-01')).toBe(12);
    expect(monthsBetween('2024-01-01', '2026-01-01')).toBe(25);
  });
});
