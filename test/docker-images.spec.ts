import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../docker/${path}`, import.meta.url), 'utf8');

/** Every image the production files pull, as written after `FROM` or `image:`. */
function pulledImages(): string[] {
  const fromLines = [...read('Dockerfile').matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
  const imageLines = [...read('compose.yaml').matchAll(/^\s+image:\s*(\S+)/gm)].map((m) => m[1]);
  // The compose file's own build of our image is not pulled.
  return [...fromLines, ...imageLines].filter((image) => !image.startsWith('sprechstunde:'));
}

describe('docker files', () => {
  it('pin every image they pull to a release (no latest, no bare major)', () => {
    const images = pulledImages();
    expect(images.length).toBeGreaterThanOrEqual(6);
    const unpinned = images.filter((image) => {
      const tag = image.split(':')[1] ?? '';
      // A release has at least major.minor (node:24.21.0, redis:7.4.6, livekit-server:v1.9.0).
      return !/^v?\d+\.\d+/.test(tag);
    });
    expect(unpinned).toEqual([]);
  });

  it('build the production image on a supported Node LTS line (24 or newer, even)', () => {
    const nodeImages = pulledImages().filter((image) => image.startsWith('node:'));
    expect(nodeImages.length).toBeGreaterThan(0);
    for (const image of nodeImages) {
      const major = Number(/^node:(\d+)\./.exec(image)?.[1]);
      expect(major).toBeGreaterThanOrEqual(24);
      expect(major % 2).toBe(0);
    }
  });
});
