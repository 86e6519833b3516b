import { Resvg } from '@resvg/resvg-js';
import escapeHtml from 'escape-html';
import { FONT_FILES, wrapText, type Weight } from './share-text-layout.js';

export const PREVIEW_WIDTH = 1200;
export const PREVIEW_HEIGHT = 630;

export interface PreviewContent {
  direction: 'ltr' | 'rtl';
  /** The office's name in the link's language, small above the heading. */
  office: string;
  /** What the link offers: the headline, a type's or a walk-in hour's name. */
  heading: string;
  /** The instance's host name, at the bottom (where the link leads). */
  host: string;
}

const MARGIN = 72;
const TEXT_WIDTH = PREVIEW_WIDTH - 2 * MARGIN;
// RLE … PDF: resvg lays every text element out left to right; the embedding makes it right to left.
const RTL_EMBEDDING = ['\u202b', '\u202c'];

/**
 * The link-preview image (Open Graph's 1200 × 630): drawn as SVG and rendered by resvg, whose
 * text engine shapes Arabic (rustybuzz) and orders mixed-direction text; the fonts are loaded from
 * the npm packages, the system's never (loadSystemFonts: false).
 */
export function renderPreview(content: PreviewContent): Buffer {
  const rtl = content.direction === 'rtl';
  const x = rtl ? PREVIEW_WIDTH - MARGIN : MARGIN;
  const anchor = rtl ? 'end' : 'start';
  const family = rtl
    ? "'Noto Sans Arabic', 'Noto Sans'"
    : "'Noto Sans', 'Noto Sans Ethiopic', 'Noto Sans Arabic'";
  const text = (value: string, y: number, size: number, weight: Weight, fill: string) =>
    `<text x="${x}" y="${y}" font-size="${size}" font-weight="${weight === 'bold' ? 700 : 400}" ` +
    `font-family="${family}" fill="${fill}" text-anchor="${anchor}">` +
    escapeHtml(rtl ? `${RTL_EMBEDDING[0]}${value}${RTL_EMBEDDING[1]}` : value) +
    '</text>';
  const wrap = (value: string, size: number, weight: Weight, maxLines: number) =>
    wrapText(value, { size, weight, width: TEXT_WIDTH, direction: content.direction, maxLines });

  const officeLines = wrap(content.office, 40, 'bold', 2);
  const headingSize = content.heading.length > 60 ? 52 : 64;
  const headingLines = wrap(content.heading, headingSize, 'bold', 3);
  const parts: string[] = [];
  let y = MARGIN + 40;
  for (const line of officeLines) {
    parts.push(text(line, y, 40, 'bold', '#dbe9f8'));
    y += 54;
  }
  y += 40 + headingSize * 0.4;
  for (const line of headingLines) {
    parts.push(text(line, y, headingSize, 'bold', '#ffffff'));
    y += headingSize * 1.3;
  }
  // The host stays left to right whatever the language: it is an address.
  const host =
    `<text x="${x}" y="${PREVIEW_HEIGHT - MARGIN + 10}" font-size="32" font-family="'Noto Sans'" ` +
    `fill="#0b5cad" text-anchor="${anchor}">${escapeHtml(content.host)}</text>`;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${PREVIEW_WIDTH}" height="${PREVIEW_HEIGHT}">` +
    `<rect width="${PREVIEW_WIDTH}" height="${PREVIEW_HEIGHT}" fill="#0b5cad"/>` +
    `<rect y="${PREVIEW_HEIGHT - 120}" width="${PREVIEW_WIDTH}" height="120" fill="#ffffff"/>` +
    `<rect x="${rtl ? PREVIEW_WIDTH - MARGIN - 96 : MARGIN}" y="${MARGIN - 36}" width="96" height="8" rx="4" fill="#f5b700"/>` +
    parts.join('') +
    host +
    '</svg>';
  return new Resvg(svg, {
    fitTo: { mode: 'original' },
    font: {
      fontFiles: [
        FONT_FILES.latin.regular,
        FONT_FILES.latin.bold,
        FONT_FILES.arabic.regular,
        FONT_FILES.arabic.bold,
        FONT_FILES.ethiopic.regular,
        FONT_FILES.ethiopic.bold,
      ],
      loadSystemFonts: false,
      defaultFontFamily: 'Noto Sans',
    },
  })
    .render()
    .asPng();
}
