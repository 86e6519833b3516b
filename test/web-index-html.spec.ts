import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const html = readFileSync(new URL('../apps/web/index.html', import.meta.url), 'utf8');

describe('the web app’s page head', () => {
  it('describes the service for search engines and link previews (50–160 characters)', () => {
    const description = /<meta\s+name="description"\s+content="([^"]*)"/.exec(html)?.[1] ?? '';
    expect(description.length).toBeGreaterThanOrEqual(50);
    expect(description.length).toBeLessThanOrEqual(160);
  });

  it('scales on phones and sends no referrer', () => {
    expect(html).toMatch(/<meta name="viewport" content="width=device-width, initial-scale=1"/);
    expect(html).toMatch(/<meta name="referrer" content="no-referrer"/);
  });
});
