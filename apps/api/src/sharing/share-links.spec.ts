import { describe, expect, it } from 'vitest';
import { keyMatches, parseSharedPage, shareKey, sharePath, slugify } from './share-links.js';

const ID = '3f9a2c1b-5d6e-4f70-8a9b-0c1d2e3f4a5b';

describe('share links', () => {
  it('makes short readable keys from the English or German name and the id', () => {
    expect(slugify('Erstberatung: Aufenthalt & Visum')).toBe('erstberatung-aufenthalt-visum');
    expect(slugify('Straße für Jugendliche')).toBe('strasse-fur-jugendliche');
    expect(slugify('استشارة')).toBe('');
    expect(shareKey({ de: 'Erstberatung', en: 'First consultation' }, ID)).toBe(
      'first-consultation-3f9a2c1b',
    );
    expect(shareKey({ de: 'Erstberatung' }, ID)).toBe('erstberatung-3f9a2c1b');
    // No Latin name: the digits alone.
    expect(shareKey({ de: 'استشارة' }, ID)).toBe('3f9a2c1b');
    const long = shareKey({ en: 'A very long name of a consultation type indeed, really' }, ID);
    expect(long.length).toBeLessThanOrEqual(32 + 9);
  });

  it('matches a key by its id digits only, and a full id exactly', () => {
    expect(keyMatches('renamed-type-3f9a2c1b', ID)).toBe(true);
    expect(keyMatches('3f9a2c1b', ID)).toBe(true);
    expect(keyMatches(ID.toUpperCase(), ID)).toBe(true);
    expect(keyMatches('first-consultation-3f9a2c1c', ID)).toBe(false);
    expect(keyMatches('first-consultation', ID)).toBe(false);
  });

  it('reads share paths and the pages they lead to, and nothing else', () => {
    const none = new URLSearchParams();
    expect(parseSharedPage('/s/mitte/ar', none)).toEqual({
      kind: 'office',
      target: { office: 'mitte', language: 'ar', type: undefined, hour: undefined },
    });
    expect(parseSharedPage('/s/mitte/uk/walk-in/open-hour-3f9a2c1b', none)).toEqual({
      kind: 'office',
      target: { office: 'mitte', language: 'uk', type: undefined, hour: 'open-hour-3f9a2c1b' },
    });
    expect(parseSharedPage('/s/mitte/fa/first-3f9a2c1b/', none)).toMatchObject({
      target: { type: 'first-3f9a2c1b' },
    });
    expect(parseSharedPage('/o/mitte', new URLSearchParams(`type=${ID}&lang=tr`))).toEqual({
      kind: 'office',
      target: { office: 'mitte', language: 'tr', type: ID },
    });
    expect(parseSharedPage(`/walk-in/${ID}`, none)).toEqual({
      kind: 'walk-in-page',
      hourId: ID,
      language: 'de',
    });
    for (const path of ['/s/mitte/xx', '/s/mitte/ar/not-a-key', '/o/mitte/privacy', '/manage', '/'])
      expect(parseSharedPage(path, none), path).toBeNull();
    expect(sharePath({ office: 'mitte', language: 'ar', hour: 'h-3f9a2c1b' })).toBe(
      '/s/mitte/ar/walk-in/h-3f9a2c1b',
    );
  });
});
