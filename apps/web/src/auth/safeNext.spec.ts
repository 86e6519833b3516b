import { describe, expect, it } from 'vitest';
import { safeNext } from './LoginPage';

describe('where a login may lead', () => {
  const origin = 'https://termine.example.org';
  it('follows paths of this site only', () => {
    expect(safeNext('/admin/counsellors?x=1', origin)).toBe('/admin/counsellors?x=1');
    expect(safeNext('/staff', origin)).toBe('/staff');
    expect(safeNext(null, origin)).toBeNull();
    expect(safeNext('https://evil.example', origin)).toBeNull();
    expect(safeNext('//evil.example/x', origin)).toBeNull();
    expect(safeNext('/\\evil.example', origin)).toBeNull();
    expect(safeNext('/\\/evil.example', origin)).toBeNull();
  });
});
