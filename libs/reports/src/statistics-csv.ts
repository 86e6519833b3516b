import type { PublishedFigures } from './statistics-report.js';
import type { StatisticsReport } from './statistics.service.js';

export const CSV_HEADER = ['scope', 'office_id', 'office_name', 'section', 'key', 'label', 'value'];

/** One published number (or median) of a report, as a CSV line holds it. */
export interface FlatRow {
  scope: 'total' | 'office';
  officeId: string;
  officeName: string;
  section: string;
  key: string;
  label: string;
  value: number | string | null;
}

const IDS = new Set(['key', 'month', 'label']);

/**
 * Every value of the figures, in the JSON's order: objects give `section` = their path and `key`
 * = the field; list rows give `section` = path + "." + field and `key` = the row's key (or month).
 */
function* flattenFigures(
  figures: PublishedFigures,
  base: Omit<FlatRow, 'section' | 'key' | 'label' | 'value'>,
): Generator<FlatRow> {
  function* walk(value: unknown, path: string): Generator<FlatRow> {
    if (Array.isArray(value)) {
      for (const item of value as Record<string, unknown>[]) {
        const key = String(item.key ?? item.month);
        const label = typeof item.label === 'string' ? item.label : '';
        for (const [field, cell] of Object.entries(item)) {
          if (!IDS.has(field))
            yield {
              ...base,
              section: `${path}.${field}`,
              key,
              label,
              value: cell as FlatRow['value'],
            };
        }
      }
      return;
    }
    for (const [field, cell] of Object.entries(value as Record<string, unknown>)) {
      if (cell !== null && typeof cell === 'object')
        yield* walk(cell, path ? `${path}.${field}` : field);
      else if (path === '' && cell === null)
        continue; // a section that does not apply (slotSearches)
      else yield { ...base, section: path, key: field, label: '', value: cell as FlatRow['value'] };
    }
  }
  yield* walk(figures, '');
}

export function* flattenReport(report: StatisticsReport): Generator<FlatRow> {
  yield* flattenFigures(report.total, { scope: 'total', officeId: '', officeName: '' });
  for (const office of report.offices) {
    yield* flattenFigures(office.figures, {
      scope: 'office',
      officeId: office.officeId,
      officeName: office.officeName,
    });
  }
}

/** RFC 4180 quoting; a leading = + - @ is defused so that spreadsheets do not run it as a formula. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The CSV, line by line (header first), for streaming. */
export function* reportCsvLines(report: StatisticsReport): Generator<string> {
  yield `${CSV_HEADER.join(',')}\r\n`;
  for (const row of flattenReport(report)) {
    yield `${[row.scope, row.officeId, row.officeName, row.section, row.key, row.label, row.value]
      .map(csvCell)
      .join(',')}\r\n`;
  }
}
