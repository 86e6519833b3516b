import { describe, expect, it } from 'vitest';
import { isVideoFile } from './EasyLanguagePage';

describe('isVideoFile', () => {
  it('plays video files over https itself', () => {
    expect(isVideoFile('https://example.org/dgs/intro.mp4')).toBe(true);
    expect(isVideoFile('https://example.org/dgs/intro.WebM?v=2')).toBe(true);
  });

  it('links anything else: a video platform page, plain http, no address', () => {
    expect(isVideoFile('https://www.youtube.com/watch?v=abc')).toBe(false);
    expect(isVideoFile('http://example.org/dgs/intro.mp4')).toBe(false);
    expect(isVideoFile('not a url')).toBe(false);
  });
});
