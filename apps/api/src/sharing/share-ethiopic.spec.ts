import * as fontkit from 'fontkit';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderPoster } from './share-poster.js';
import { renderPreview } from './share-preview-image.js';
import { SHARE_TEXTS } from './share-texts.js';
import { FONT_FILES, visualRuns } from './share-text-layout.js';

const TIGRINYA = 'ትግርኛ';
/** As many characters from the Private Use Area, which no font here has: what tofu looks like. */
const TOFU = '\ue000\ue001\ue002\ue003';

const preview = (heading: string) =>
  renderPreview({
    direction: 'ltr',
    office: 'Willkommenszentrum Berlin',
    heading,
    host: 'termine.example.org',
  });

describe('Tigrinya in the share image and poster (Ge’ez script)', () => {
  it('lays Ethiopic text out in the Ethiopic font, Latin beside it in Noto Sans', () => {
    expect(
      visualRuns(`${TIGRINYA} ኣብ Berlin`, 'ltr').map((r) => [r.script, r.text.trim()]),
    ).toEqual([
      ['ethiopic', `${TIGRINYA} ኣብ`],
      ['latin', 'Berlin'],
    ]);
  });

  it('draws the glyphs in the preview image, not tofu', () => {
    // Without an Ethiopic font both would come out as the same missing-glyph boxes.
    const drawn = preview(TIGRINYA);
    expect(drawn.equals(preview(TOFU))).toBe(false);
    // And the glyphs are Tigrinya's own: another Ethiopic word renders differently.
    expect(drawn.equals(preview('ኣማኻሪ'))).toBe(false);
    expect(drawn.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('embeds Noto Sans Ethiopic in the poster', async () => {
    const t = SHARE_TEXTS.ti;
    const pdf = await renderPoster({
      language: 'ti',
      direction: 'ltr',
      office: 'Willkommenszentrum Berlin',
      headline: t.headline,
      url: 'https://termine.example.org/s/wzb/ti',
      scan: t.scan,
      orVisit: t.orVisit,
      languagesLabel: t.languages,
      languages: [TIGRINYA, 'Deutsch'],
      walkInLabel: t.walkInHours,
      walkIn: [],
    });
    const text = pdf.toString('latin1');
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansEthiopic-Bold/);
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansEthiopic-Regular/);
  });
});

describe('the fonts cover every client language’s script', () => {
  const missing = (file: string, text: string) => {
    const font = fontkit.create(readFileSync(file)) as fontkit.Font;
    return Array.from(text.replace(/\s/g, '')).filter(
      (char) => !font.hasGlyphForCodePoint(char.codePointAt(0) ?? 0),
    );
  };

  it.each(['prs', 'ps'] as const)('%s: the share texts in Noto Sans Arabic', (language) => {
    const t = SHARE_TEXTS[language];
    const text = [t.headline, t.scan, t.languages, t.walkInHours, t.orVisit, t.office('')].join('');
    expect(missing(FONT_FILES.arabic.regular, text.replace(/[\x20-\x7e–]/g, ''))).toEqual([]);
  });

  it('ti: the share texts in Noto Sans Ethiopic', () => {
    const t = SHARE_TEXTS.ti;
    const text = [t.headline, t.scan, t.languages, t.walkInHours, t.orVisit, t.walkIn('')].join('');
    expect(missing(FONT_FILES.ethiopic.bold, text)).toEqual([]);
  });
});
