import PDFDocument from 'pdfkit';
import type { Count, PublishedFigures, StatisticsReport } from '@app/reports';
import { FONT_FILES, visualRuns, type TextRun, type Weight } from '../sharing/share-text-layout.js';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;
const WIDTH = A4[0] - 2 * MARGIN;
const BOTTOM = A4[1] - MARGIN;
const BLUE = '#0b5cad';
const INK = '#1a1a1a';
const GREY = '#555555';

const show = (value: Count | number | null): string => (value === null ? '–' : String(value));

/** A run as pdfkit lays it out (left to right only): see share-poster's pdfText. */
function pdfText(run: TextRun): string {
  if (!run.rtl || run.script === 'arabic') return run.text;
  return Array.from(run.text).reverse().join('');
}

/**
 * The printable statistics report (A4) for a funder's annual statement: the same published
 * (suppressed) figures as the JSON and CSV, never an exact small count. Office names may be in
 * Arabic or Ge'ez script: the poster's fonts and bidi runs draw them.
 */
export async function renderStatisticsPdf(
  report: StatisticsReport,
  scopeLabel: string,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: A4,
    margin: 0,
    bufferPages: false,
    info: { Title: `Statistics ${report.period.from} – ${report.period.to}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  let y = MARGIN;

  const ensure = (height: number): void => {
    if (y + height <= BOTTOM) return;
    doc.addPage({ size: A4, margin: 0 });
    y = MARGIN;
  };
  /** One line of text at x, clipped to width (no wrapping). */
  const text = (
    value: string,
    x: number,
    size: number,
    weight: Weight,
    color: string,
    width: number,
    alignRight = false,
  ): void => {
    const runs = visualRuns(value, 'ltr');
    let total = 0;
    const widths = runs.map((run) => {
      doc.font(FONT_FILES[run.script][weight]).fontSize(size);
      const w = doc.widthOfString(pdfText(run));
      total += w;
      return w;
    });
    let at = alignRight ? x + width - Math.min(total, width) : x;
    runs.forEach((run, i) => {
      if (at - x >= width) return;
      doc
        .font(FONT_FILES[run.script][weight])
        .fontSize(size)
        .fillColor(color)
        .text(pdfText(run), at, y, {
          lineBreak: false,
          width: Math.max(1, x + width - at),
          ellipsis: true,
          features: run.script === 'arabic' ? ['rlig'] : undefined,
        });
      at += widths[i];
    });
  };
  const heading = (value: string): void => {
    ensure(40);
    y += 8;
    text(value, MARGIN, 13, 'bold', BLUE, WIDTH);
    y += 20;
  };
  /** A table row: the first column left, the others right-aligned. */
  const row = (cells: string[], widths: number[], bold = false): void => {
    ensure(15);
    let x = MARGIN;
    cells.forEach((cell, i) => {
      text(cell, x, 9.5, bold ? 'bold' : 'regular', INK, widths[i] - 6, i > 0);
      x += widths[i];
    });
    y += 14;
  };
  const pairs = (entries: [string, string][]): void => {
    for (const [label, value] of entries) row([label, value], [WIDTH - 120, 120]);
  };
  const list = (title: string, entries: { key: string; label?: string; value: Count }[]): void => {
    if (entries.length === 0) return;
    heading(title);
    pairs(entries.map((e) => [e.label ? `${e.label} (${e.key})` : e.key, show(e.value)]));
  };

  doc.rect(0, 0, A4[0], 10).fill(BLUE);
  text('Statistics report', MARGIN, 22, 'bold', INK, WIDTH);
  y += 30;
  text(
    `${report.period.from} – ${report.period.to} · ${scopeLabel}`,
    MARGIN,
    11,
    'regular',
    INK,
    WIDTH,
  );
  y += 16;
  const filters = Object.entries(report.filters)
    .filter(([, value]) => value !== null)
    .map(([name, value]) => `${name}: ${value}`);
  if (filters.length > 0) {
    text(`Filters: ${filters.join(', ')}`, MARGIN, 9.5, 'regular', GREY, WIDTH);
    y += 14;
  }
  doc.font(FONT_FILES.latin.regular).fontSize(8.5).fillColor(GREY);
  doc.text(report.suppression.note, MARGIN, y, { width: WIDTH });
  y = doc.y + 6;

  figuresSection(report.total);

  if (report.offices.length > 0) {
    heading('Offices side by side');
    const widths = [WIDTH - 6 * 55, 55, 55, 55, 55, 55, 55];
    row(
      ['Office', 'Cases', 'Completed', 'No-show', 'Cancelled¹', 'Family', 'Unmet²'],
      widths,
      true,
    );
    for (const office of report.offices) {
      const f = office.figures;
      row(
        [
          office.officeName,
          show(f.cases.total),
          show(f.outcomes.completed),
          show(f.outcomes.noShow),
          show(f.outcomes.cancelledByClient),
          show(f.familyMembers.total),
          show(f.slotSearches?.unmet ?? null),
        ],
        widths,
      );
    }
    ensure(14);
    text(
      '¹ by the client  ² searches without a free slot within 14 days',
      MARGIN,
      8,
      'regular',
      GREY,
      WIDTH,
    );
    y += 12;
  }

  doc.end();
  return done;

  function figuresSection(f: PublishedFigures): void {
    heading('Cases and outcomes');
    pairs([
      ['Cases (appointments and walk-in tickets)', show(f.cases.total)],
      ['Appointments', show(f.cases.appointments)],
      ['Walk-in tickets', show(f.cases.walkInTickets)],
      ['Completed', show(f.outcomes.completed)],
      ['No-show', show(f.outcomes.noShow)],
      ['Cancelled by the client', show(f.outcomes.cancelledByClient)],
      ['Cancelled by staff', show(f.outcomes.cancelledByStaff)],
      ['Cancelled by the system', show(f.outcomes.cancelledBySystem)],
      ['Booked, no outcome yet', show(f.outcomes.open)],
      ['Accompanying family members', show(f.familyMembers.total)],
      ['Cases with family members', show(f.familyMembers.casesWithFamily)],
      ['Interpreter used', show(f.interpreter.used)],
    ]);
    list(
      'By language',
      f.byLanguage.map((e) => ({ key: e.key, value: e.cases })),
    );
    list(
      'Interpreted languages',
      f.interpreter.byLanguage.map((e) => ({ key: e.key, value: e.cases })),
    );
    list(
      'By topic',
      f.byTopic.map((e) => ({ key: e.key, label: e.label, value: e.cases })),
    );
    list(
      'By channel',
      f.byChannel.map((e) => ({ key: e.key, value: e.cases })),
    );
    heading('Lead time (booking → appointment)');
    pairs([
      ['Median (days)', show(f.leadTime.medianDays)],
      ...f.leadTime.buckets.map((b): [string, string] => [`${b.key} days`, show(b.cases)]),
    ]);
    if (f.slotSearches) {
      heading('Slot searches and unmet demand');
      pairs([
        ['Searches', show(f.slotSearches.searches)],
        ['Free slot within 14 days', show(f.slotSearches.foundWithin14Days)],
        ['No free slot within 14 days', show(f.slotSearches.unmet)],
        ['Median days to the first free slot', show(f.slotSearches.medianDaysToFirstSlot)],
      ]);
      list(
        'Unmet demand by language',
        f.slotSearches.unmetByLanguage.map((e) => ({ key: e.key, value: e.searches })),
      );
      list(
        'Unmet demand by topic',
        f.slotSearches.unmetByTopic.map((e) => ({ key: e.key, label: e.label, value: e.searches })),
      );
    }
    heading('Walk-in hours');
    pairs([
      ['Tickets', show(f.walkIn.tickets)],
      ['Served', show(f.walkIn.served)],
      ['Missed', show(f.walkIn.missed)],
      ['Left', show(f.walkIn.left)],
      ['Expired', show(f.walkIn.expired)],
      ['Median wait (minutes)', show(f.walkIn.waitMedianMinutes)],
    ]);
    heading('By month');
    const widths = [WIDTH - 5 * 70, 70, 70, 70, 70, 70];
    row(['Month', 'Cases', 'Completed', 'No-show', 'Cancelled', 'Unmet'], widths, true);
    for (const m of f.months) {
      row(
        [
          m.month,
          show(m.cases),
          show(m.completed),
          show(m.noShow),
          show(m.cancelled),
          show(m.unmetSearches),
        ],
        widths,
      );
    }
  }
}
