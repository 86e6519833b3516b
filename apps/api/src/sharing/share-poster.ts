import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import {
  FONT_FILES,
  runWidth,
  visualRuns,
  wrapText,
  type TextRun,
  type Weight,
} from './share-text-layout.js';

export interface PosterContent {
  language: string;
  direction: 'ltr' | 'rtl';
  office: string;
  headline: string;
  /** The link the QR code and the printed address lead to. */
  url: string;
  scan: string;
  orVisit: string;
  languagesLabel: string;
  /** The languages counselled in, each in its own name. */
  languages: string[];
  walkInLabel: string;
  walkIn: { name: string; times: string[] }[];
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const WIDTH = A4[0] - 2 * MARGIN;
const BOTTOM = A4[1] - MARGIN;
const BLUE = '#0b5cad';
const INK = '#1a1a1a';
const MIRRORED: Record<string, string> = {
  '(': ')',
  ')': '(',
  '[': ']',
  ']': '[',
  '«': '»',
  '»': '«',
};

/**
 * The printable poster of an office (A4, one page) for shelters and community centres: its name,
 * a headline, the QR code of its link drawn as vector squares (sharp at any print size), the
 * languages counselled in and the walk-in hours. pdfkit embeds subsets of the npm fonts and
 * shapes Arabic (fontkit); the order of mixed-direction lines comes from visualRuns (bidi-js), as
 * pdfkit lays text out left to right only.
 */
export async function renderPoster(content: PosterContent): Promise<Buffer> {
  const doc = new PDFDocument({
    size: A4,
    margin: 0,
    lang: content.language,
    info: { Title: `${content.office} – ${content.headline}`, Subject: content.url },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const rtl = content.direction === 'rtl';
  let y = MARGIN;
  /** Draws one line (no wrapping) and returns the height it took. */
  const line = (
    text: string,
    style: { size: number; weight: Weight; color: string; center?: boolean; ltr?: boolean },
  ): void => {
    const runs = visualRuns(text, style.ltr ? 'ltr' : content.direction);
    const widths = runs.map((run) => runWidth(run, style.size, style.weight));
    const total = widths.reduce((sum, width) => sum + width, 0);
    let x = style.center
      ? MARGIN + (WIDTH - total) / 2
      : rtl && !style.ltr
        ? MARGIN + WIDTH - total
        : MARGIN;
    runs.forEach((run, index) => {
      doc
        .font(FONT_FILES[run.script][style.weight])
        .fontSize(style.size)
        .fillColor(style.color)
        // Named features make pdfkit shape the run as a whole: its default lays words out one by
        // one, which puts right-to-left words in the wrong order.
        .text(pdfText(run), x, y + style.size, {
          // One baseline for both fonts (their ascenders differ).
          baseline: 'alphabetic',
          lineBreak: false,
          features: run.script === 'arabic' ? ['rlig'] : undefined,
        });
      x += widths[index];
    });
    y += style.size * 1.35;
  };
  const paragraph = (
    text: string,
    style: { size: number; weight: Weight; color: string; center?: boolean },
    maxLines: number,
  ): void => {
    const lines = wrapText(text, {
      size: style.size,
      weight: style.weight,
      width: WIDTH,
      direction: content.direction,
      maxLines,
    });
    for (const text of lines) line(text, style);
  };

  doc.rect(0, 0, A4[0], 14).fill(BLUE);
  y += 6;
  paragraph(content.office, { size: 28, weight: 'bold', color: INK }, 2);
  y += 4;
  paragraph(content.headline, { size: 20, weight: 'bold', color: BLUE }, 3);
  y += 14;

  const qrSize = 240;
  drawQrCode(doc, content.url, (A4[0] - qrSize) / 2, y, qrSize);
  y += qrSize + 12;
  paragraph(content.scan, { size: 16, weight: 'bold', color: INK, center: true }, 2);
  line(content.orVisit, { size: 11, weight: 'regular', color: INK, center: true });
  line(content.url, { size: 11, weight: 'regular', color: BLUE, center: true, ltr: true });
  y += 14;

  if (content.languages.length > 0) {
    line(content.languagesLabel, { size: 15, weight: 'bold', color: BLUE });
    paragraph(content.languages.join(' · '), { size: 14, weight: 'regular', color: INK }, 3);
    y += 10;
  }
  if (content.walkIn.length > 0) {
    line(content.walkInLabel, { size: 15, weight: 'bold', color: BLUE });
    // As many hours as fit on the page: a poster is one sheet.
    for (const hour of content.walkIn) {
      if (y + 13 * 1.35 * (1 + hour.times.length) > BOTTOM) break;
      line(hour.name, { size: 13, weight: 'bold', color: INK });
      for (const time of hour.times) line(time, { size: 12, weight: 'regular', color: INK });
      y += 4;
    }
  }
  doc.end();
  return done;
}

/**
 * A run's text as pdfkit must get it: fontkit reverses Arabic-script runs itself, while a
 * right-to-left run of neutral characters only (a dash between two Arabic words) is reversed here.
 * Either way, brackets are mirrored here.
 */
function pdfText(run: TextRun): string {
  if (!run.rtl) return run.text;
  // Brackets turn round in right-to-left text ("(" closes on the left); fontkit does not mirror.
  const chars = Array.from(run.text).map((char) => MIRRORED[char] ?? char);
  return (run.script === 'arabic' ? chars : chars.reverse()).join('');
}

/** The QR code as filled squares, a row's neighbouring dark modules merged into one rectangle. */
function drawQrCode(doc: PDFKit.PDFDocument, url: string, x: number, y: number, size: number) {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const quiet = 2;
  const cell = size / (modules.size + 2 * quiet);
  for (let row = 0; row < modules.size; row++) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col++;
      // A hair of overlap: no white seams between rows in some viewers.
      doc.rect(
        x + (start + quiet) * cell,
        y + (row + quiet) * cell,
        (col - start) * cell,
        cell + 0.05,
      );
    }
  }
  doc.fill('#000000');
}
