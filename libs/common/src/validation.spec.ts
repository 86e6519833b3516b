import { describe, expect, it } from 'vitest';
import { isDay, isInstant, prototypeKeyPath, toInstant } from './validation.js';

describe('isInstant', () => {
  it.each([
    '2026-12-01T09:00:00+01:00',
    '2026-12-01T09:00+01:00',
    '2026-12-01T09:00:00.123Z',
    '2026-12-01T23:59:59-12:00',
    '2026-12-01T00:00:00+14:00',
    '2026-12-01T09:00:00+05:45',
    '2028-02-29T09:00:00-00:00',
  ])('accepts %s', (text) => {
    expect(isInstant(text)).toBe(true);
  });

  it.each([
    ['2026-02-30T10:00+01:00', 'a day that does not exist (would be 2 March)'],
    ['2026-13-01T10:00+01:00', 'month 13'],
    ['2027-02-29T10:00+01:00', 'no leap year'],
    ['2026-03-01T10:00+14:61', 'offset minutes beyond 59'],
    ['2026-03-01T10:00+14:01', 'offset beyond +14:00'],
    ['2026-03-01T10:00+15:00', 'offset beyond +14:00'],
    ['2026-03-01T10:00-12:01', 'offset beyond -12:00'],
    ['2026-03-01T10:00+99:00', 'offset beyond +14:00'],
    ['2026-03-01T24:00+01:00', '24:00 rolls over into the next day'],
    ['2026-03-01T10:60+01:00', 'minute 60'],
    ['2026-03-01T10:00:60+01:00', 'second 60'],
    ['2026-03-01T10:00', 'no offset'],
    ['2026-03-01T10:00+0100', 'offset without colon'],
    ['1999-12-31T10:00Z', 'before 2000'],
    ['2026-03-01', 'a day, not an instant'],
  ])('refuses %s (%s)', (text) => {
    expect(isInstant(text)).toBe(false);
  });

  it('reads the instant with its own offset', () => {
    expect(toInstant('2026-12-01T09:00:00+14:00').toISOString()).toBe('2026-11-30T19:00:00.000Z');
  });
});

describe('isDay', () => {
  it('accepts days that exist and refuses the rest', () => {
    expect(['2026-12-01', '2028-02-29'].map(isDay)).toEqual([true, true]);
    expect(
      ['2026-02-30', '2026-13-01', '2026-1-1', '2201-01-01', '2026-12-01T00:00Z'].map(isDay),
    ).toEqual([false, false, false, false, false]);
  });
});

describe('prototypeKeyPath', () => {
  it('finds __proto__, constructor and prototype at any depth, as JSON.parse leaves them', () => {
    expect(prototypeKeyPath(JSON.parse('{"a":1,"__proto__":{"x":1}}'))).toBe('__proto__');
    expect(prototypeKeyPath(JSON.parse('{"a":{"b":[{"constructor":1}]}}'))).toBe(
      'a.b.0.constructor',
    );
    expect(prototypeKeyPath(JSON.parse('{"name":{"prototype":"x"}}'))).toBe('name.prototype');
    expect(prototypeKeyPath(JSON.parse('{"a":{"b":[1,"constructor"]}}'))).toBeUndefined();
    expect(prototypeKeyPath('constructor')).toBeUndefined();
  });
});
