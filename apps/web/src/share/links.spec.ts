import { describe, expect, it } from 'vitest';
import { findByKey, linkLanguage, shareTargets } from './links';

describe('share links', () => {
  it('reads the language from a share path or ?lang=, and nothing else', () => {
    expect(linkLanguage({ pathname: '/s/mitte/ar/walk-in/x-12345678', search: '' })).toBe('ar');
    expect(linkLanguage({ pathname: '/s/mitte/uk', search: '' })).toBe('uk');
    expect(linkLanguage({ pathname: '/o/mitte', search: '?type=1&lang=fa' })).toBe('fa');
    expect(linkLanguage({ pathname: '/s/mitte/xx', search: '' })).toBeNull();
    expect(linkLanguage({ pathname: '/o/mitte', search: '' })).toBeNull();
  });

  it('finds a record by the id digits of its key, whatever its readable part says', () => {
    const records = [
      { id: '3f9a2c1b-0000-4000-8000-000000000000', key: 'first-consultation-3f9a2c1b' },
      { id: 'aa000000-0000-4000-8000-000000000000', key: 'work-aa000000' },
    ];
    expect(findByKey(records, 'renamed-type-3f9a2c1b')).toBe(records[0]);
    expect(findByKey(records, 'aa000000')).toBe(records[1]);
    expect(findByKey(records, 'unknown-12345678')).toBeUndefined();
  });

  it("builds the platforms' plain share addresses, everything encoded", () => {
    const targets = shareTargets('https://x.example/s/mitte/ar', 'مرحبا & أهلا');
    expect(Object.fromEntries(targets.map((t) => [t.platform, t.href]))).toEqual({
      whatsapp: `https://wa.me/?text=${encodeURIComponent('مرحبا & أهلا https://x.example/s/mitte/ar')}`,
      telegram: `https://t.me/share/url?url=${encodeURIComponent('https://x.example/s/mitte/ar')}&text=${encodeURIComponent('مرحبا & أهلا')}`,
      viber: `viber://forward?text=${encodeURIComponent('مرحبا & أهلا https://x.example/s/mitte/ar')}`,
      facebook: `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent('https://x.example/s/mitte/ar')}`,
    });
  });
});
