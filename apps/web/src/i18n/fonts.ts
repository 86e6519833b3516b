import arabic from '@fontsource-variable/noto-sans-arabic/files/noto-sans-arabic-arabic-wght-normal.woff2?url';
import ethiopic from '@fontsource-variable/noto-sans-ethiopic/files/noto-sans-ethiopic-ethiopic-wght-normal.woff2?url';

/**
 * Self-hosted fonts for scripts that phones and desktops often lack: Ge'ez (Tigrinya) and the
 * letters Pashto adds to the Arabic script (ټ ډ ړ ږ ښ ګ ڼ ې ۍ). They come last in the font stack
 * and carry a unicode-range, so the browser downloads one only for a page that shows a character
 * of its range that no installed font has: a German page downloads neither. The Arabic face is in
 * every page's stack (styles.css), the Ethiopic one in Tigrinya pages' only (ui/languages.css):
 * the language menu names Tigrinya in Ge'ez on every page.
 * The subsets are those of Fontsource (Noto Sans, SIL Open Font License).
 */
export const SCRIPT_FONTS = [
  {
    family: 'Noto Sans Ethiopic Variable',
    url: ethiopic,
    unicodeRange: 'U+030E, U+1200-1399, U+2D80-2DDE, U+AB01-AB2E',
  },
  {
    family: 'Noto Sans Arabic Variable',
    url: arabic,
    unicodeRange:
      'U+0600-06FF, U+0750-077F, U+0870-088E, U+0890-0891, U+0897-08E1, U+08E3-08FF, U+200C-200E, U+2010-2011, U+204F, U+2E41, U+FB50-FDFF, U+FE70-FE74, U+FE76-FEFC',
  },
] as const;

/** Registers the faces (nothing is downloaded until text needs them). */
export function addScriptFonts(fonts: FontFaceSet = document.fonts): void {
  if (typeof FontFace === 'undefined') return;
  for (const { family, url, unicodeRange } of SCRIPT_FONTS) {
    fonts.add(
      new FontFace(family, `url(${url}) format('woff2')`, {
        weight: '100 900',
        display: 'swap',
        unicodeRange,
      }),
    );
  }
}
