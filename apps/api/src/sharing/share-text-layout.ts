import bidiModule, { type Bidi } from 'bidi-js';
import * as fontkit from 'fontkit';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Fonts and text layout shared by the preview image and the poster. The fonts come from npm
 * (Noto Sans for Latin and Cyrillic, Noto Sans Arabic for Arabic, Farsi, Dari and Pashto, Noto Sans
 * Ethiopic for Tigrinya, all OFL), never from the system: a server or CI image without fonts
 * renders the same.
 */
const require = createRequire(import.meta.url);

export type Weight = 'regular' | 'bold';
export type FontScript = 'latin' | 'arabic' | 'ethiopic';

export const FONT_FILES: Record<FontScript, Record<Weight, string>> = {
  latin: {
    regular: require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
    bold: require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'),
  },
  arabic: {
    regular:
      require.resolve('@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf'),
    bold: require.resolve('@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf'),
  },
  ethiopic: {
    regular:
      require.resolve('@expo-google-fonts/noto-sans-ethiopic/400Regular/NotoSansEthiopic_400Regular.ttf'),
    bold: require.resolve('@expo-google-fonts/noto-sans-ethiopic/700Bold/NotoSansEthiopic_700Bold.ttf'),
  },
};

const fonts = new Map<string, fontkit.Font>();

/** The font of a script and weight, read once. */
function fontOf(script: FontScript, weight: Weight): fontkit.Font {
  const path = FONT_FILES[script][weight];
  let font = fonts.get(path);
  if (!font) {
    font = fontkit.create(readFileSync(path)) as fontkit.Font;
    fonts.set(path, font);
  }
  return font;
}

// bidi-js is a UMD bundle: its module.exports is the factory, whatever its typings say.
const bidi = (bidiModule as unknown as () => Bidi)();
const ARABIC_SCRIPT = /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/;
/** Ge'ez script (Tigrinya), with its extensions; its punctuation (፣ ።) is in the same block. */
const ETHIOPIC_SCRIPT = /[\u1200-\u139f\u2d80-\u2ddf\uab00-\uab2f]/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** Marks, embeddings and isolates: they steer the algorithm and have no glyph. */
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** A piece of a line in one font and one direction; its text is in logical order. */
export interface TextRun {
  text: string;
  script: FontScript;
  rtl: boolean;
}

/**
 * A line as runs from left to right (the Unicode bidirectional algorithm, bidi-js): Arabic words,
 * the Latin office name and the digits of a time inside an Arabic sentence each land where a
 * reader expects them. Spaces and punctuation join the run beside them when its font has them.
 */
export function visualRuns(line: string, direction: 'ltr' | 'rtl'): TextRun[] {
  if (!line) return [];
  const { levels } = bidi.getEmbeddingLevels(line, direction);
  const chars = Array.from(line);
  const runs: (TextRun & { level: number })[] = [];
  let index = 0;
  for (const char of chars) {
    const level = levels[index];
    index += char.length;
    if (BIDI_CONTROLS.test(char)) continue;
    const own: FontScript | null = ARABIC_SCRIPT.test(char)
      ? 'arabic'
      : ETHIOPIC_SCRIPT.test(char)
        ? 'ethiopic'
        : LETTER_OR_DIGIT.test(char)
          ? 'latin'
          : null;
    const last = runs.at(-1);
    const joins =
      last !== undefined &&
      last.level === level &&
      (own === null
        ? fontOf(last.script, 'regular').hasGlyphForCodePoint(char.codePointAt(0) ?? 0)
        : own === last.script);
    if (last && joins) last.text += char;
    else runs.push({ text: char, script: own ?? 'latin', rtl: level % 2 === 1, level });
  }
  if (runs.length === 0) return [];
  // Reverse every sequence at or above each level, from the highest to the lowest odd one (L2).
  const highest = Math.max(...runs.map((run) => run.level));
  const lowestOdd = Math.min(
    ...runs.map((run) => run.level).filter((l) => l % 2 === 1),
    highest + 1,
  );
  for (let level = highest; level >= lowestOdd; level--) {
    let start = 0;
    while (start < runs.length) {
      if (runs[start].level < level) {
        start++;
        continue;
      }
      let end = start;
      while (end < runs.length && runs[end].level >= level) end++;
      runs.splice(start, end - start, ...runs.slice(start, end).reverse());
      start = end;
    }
  }
  return runs.map(({ text, script, rtl }) => ({ text, script, rtl }));
}

/** The width of a run in points (or pixels) at a font size, as the font shapes it. */
export function runWidth(run: TextRun, size: number, weight: Weight): number {
  const font = fontOf(run.script, weight);
  return (font.layout(run.text).advanceWidth / font.unitsPerEm) * size;
}

/** A left-to-right island in a line of any direction (a time range "10:00–12:00"). */
export const isolateLtr = (text: string): string => `\u2066${text}\u2069`;

export function textWidth(
  text: string,
  size: number,
  weight: Weight,
  direction: 'ltr' | 'rtl',
): number {
  return visualRuns(text, direction).reduce((sum, run) => sum + runWidth(run, size, weight), 0);
}

/**
 * Lines of at most `width` (words in logical order, broken at spaces; a word longer than a line
 * stands alone), and at most `maxLines`, the last one ending in an ellipsis when text is left over.
 */
export function wrapText(
  text: string,
  options: {
    size: number;
    weight: Weight;
    width: number;
    direction: 'ltr' | 'rtl';
    maxLines: number;
  },
): string[] {
  const fits = (line: string) =>
    textWidth(line, options.size, options.weight, options.direction) <= options.width;
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (!current || fits(candidate)) current = candidate;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  if (lines.length <= options.maxLines) return lines;
  const kept = lines.slice(0, options.maxLines);
  let last = kept[kept.length - 1];
  while (last.includes(' ') && !fits(`${last} …`)) last = last.slice(0, last.lastIndexOf(' '));
  kept[kept.length - 1] = `${last} …`;
  return kept;
}
