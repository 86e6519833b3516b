import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  publishCount,
  publishMedian,
  StatisticsService,
  SUPPRESSED_LABEL,
  type StatisticsQuery,
  type StatisticsReport,
} from '@app/reports';
import type { StaffPrincipal } from '@app/staff';
import { defaultOfficeId, insertOffice } from './support/offices.js';
import { insertCounsellor, insertType } from './support/statistics-seed.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * What the suppression guarantees, and how this file checks it:
 *
 * 1. Every published count is 0, "<5" (exactly when the true count is 1–4) or a multiple of 5
 *    (the true count rounded, never below 5). So every number published is a multiple of 5.
 * 2. Hence the difference of any two published numbers — of two answers to any filters (a filter
 *    and its refinement, two siblings, a total and its rows, two periods), or of two cells of one
 *    answer — is a multiple of 5: never 1–4. "<5" is no number and cannot be subtracted.
 * 3. Medians are published only for cells of at least 5 cases (else null), in whole units.
 *
 * (1) and (3) are checked on every cell of real answers over adversarial data (single cases with
 * a unique language, topic, counsellor or month; cells of exactly 1–6), (2) on every pair of
 * numbers across the answers of one dataset. The published totals are also checked against the
 * true counts, so that a report that published nothing but zeros would fail.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

describe('publishCount and publishMedian (pure)', () => {
  it('publish 0, "<5" for 1–4, or a multiple of 5 within 2 of the truth', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), (n) => {
        const published = publishCount(n);
        if (n === 0) return published === 0;
        if (n < 5) return published === SUPPRESSED_LABEL;
        return (
          typeof published === 'number' &&
          published % 5 === 0 &&
          published >= 5 &&
          Math.abs(published - n) <= 2
        );
      }),
      { numRuns: 2_000 },
    );
  });

  it('never let two published numbers differ by 1–4', () => {
    fc.assert(
      fc.property(fc.nat({ max: 100_000 }), fc.nat({ max: 100_000 }), (a, b) => {
        const [x, y] = [publishCount(a), publishCount(b)];
        if (typeof x !== 'number' || typeof y !== 'number') return true;
        const difference = Math.abs(x - y);
        return difference === 0 || difference >= 5;
      }),
      { numRuns: 2_000 },
    );
  });

  it('publish a median only for 5 cases or more, as a whole number within the values', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 90 }), { maxLength: 30 }), (values) => {
        const histogram = new Map<number, number>();
        for (const value of values) histogram.set(value, (histogram.get(value) ?? 0) + 1);
        const median = publishMedian(histogram);
        if (values.length < 5) return median === null;
        const sorted = [...values].sort((a, b) => a - b);
        const mid = (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2;
        return median === Math.round(mid);
      }),
      { numRuns: 1_000 },
    );
  });
});

interface Case {
  office: 0 | 1;
  counsellor: number;
  language: string;
  topic: 'residence' | 'work';
  month: number;
  status: 'completed' | 'no_show' | 'cancelled' | 'confirmed';
  cancelledBy: 'client' | 'staff' | 'system';
  family: number | null;
  leadDays: number;
}

interface Search {
  office: 0 | 1 | null;
  language: string;
  topic: 'residence' | 'work';
  month: number;
  found: boolean;
  days: number;
}

/** Adversarial data: few cases, many of them alone in their cell (a language, month, counsellor). */
const caseArbitrary: fc.Arbitrary<Case> = fc.record({
  office: fc.constantFrom(0 as const, 1 as const),
  counsellor: fc.nat({ max: 2 }),
  language: fc.constantFrom('ar', 'ar', 'fa', 'ti', 'so'),
  topic: fc.constantFrom('residence' as const, 'work' as const),
  month: fc.integer({ min: 1, max: 4 }),
  status: fc.constantFrom(
    'completed' as const,
    'no_show' as const,
    'cancelled' as const,
    'confirmed' as const,
  ),
  cancelledBy: fc.constantFrom('client' as const, 'staff' as const, 'system' as const),
  family: fc.option(fc.nat({ max: 4 })),
  leadDays: fc.nat({ max: 70 }),
});
const searchArbitrary: fc.Arbitrary<Search> = fc.record({
  office: fc.constantFrom(0 as const, 1 as const, null),
  language: fc.constantFrom('ar', 'ti', 'so'),
  topic: fc.constantFrom('residence' as const, 'work' as const),
  month: fc.integer({ min: 1, max: 4 }),
  found: fc.boolean(),
  days: fc.nat({ max: 20 }),
});

interface Filter {
  office: 0 | 1 | null;
  counsellor: number | null;
  language: string | null;
  topic: 'residence' | 'work' | null;
  channel: 'video' | 'phone' | null;
  period: [number, number];
  /** Days instead of months: the same cases, partly counted from the rows, partly from the facts. */
  days: boolean;
}
const filterArbitrary: fc.Arbitrary<Filter> = fc.record({
  office: fc.constantFrom(0 as const, 1 as const, null),
  counsellor: fc.option(fc.nat({ max: 2 })),
  language: fc.option(fc.constantFrom('ar', 'fa', 'ti', 'so')),
  topic: fc.option(fc.constantFrom('residence' as const, 'work' as const)),
  channel: fc.option(fc.constantFrom('video' as const, 'phone' as const)),
  period: fc
    .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))
    .map(([a, b]): [number, number] => [Math.min(a, b), Math.max(a, b)]),
  days: fc.boolean(),
});

/** Every count of an answer with its path; medians apart. */
function cells(report: StatisticsReport): { path: string; value: unknown; median: boolean }[] {
  const out: { path: string; value: unknown; median: boolean }[] = [];
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      for (const item of value as Record<string, unknown>[]) {
        const id = String(item.key ?? item.month);
        for (const [field, cell] of Object.entries(item))
          if (!['key', 'month', 'label'].includes(field)) walk(cell, `${path}[${id}].${field}`);
      }
    } else if (value !== null && typeof value === 'object') {
      for (const [field, cell] of Object.entries(value)) walk(cell, `${path}.${field}`);
    } else {
      out.push({ path, value, median: /median/i.test(path) });
    }
  };
  walk(report.total, 'total');
  for (const office of report.offices) walk(office.figures, `office:${office.officeId}`);
  return out;
}

describe('suppression of real answers over adversarial data and filters', () => {
  let t: TestApp;
  let offices: [string, string];
  let counsellors: string[][];
  let types: Record<string, Record<string, string>>;
  const platform: StaffPrincipal = {
    staffId: '00000000-0000-4000-8000-000000000001',
    sessionId: '00000000-0000-4000-8000-000000000002',
    role: 'platform_admin',
    email: 'platform@test.example',
    displayName: 'Platform',
    officeId: null,
  };

  beforeAll(async () => {
    t = await createTestApp();
    const ds = t.dataSource;
    offices = [await defaultOfficeId(ds), await insertOffice(ds, { slug: 'suppression-zwei' })];
    counsellors = [];
    types = {};
    for (const office of offices) {
      const list: string[] = [];
      for (let i = 0; i < 3; i++) list.push(await insertCounsellor(ds, office, `C${i}`));
      counsellors.push(list);
      // residence by video, work by phone: the channel follows the topic.
      types[office] = {
        residence: await insertType(ds, office, 'residence', 'video'),
        work: await insertType(ds, office, 'work', 'phone'),
      };
    }
  });
  afterAll(() => t?.close());

  const load = async (cases: Case[], searches: Search[]): Promise<void> => {
    const ds = t.dataSource;
    await ds.query('DELETE FROM appointment');
    await ds.query('DELETE FROM slot_search_stat');
    if (cases.length > 0) {
      const column = <T>(f: (c: Case, i: number) => T) => cases.map(f);
      await ds.query(
        `INSERT INTO appointment (office_id, counsellor_id, consultation_type_id, starts_at, ends_at,
                status, cancelled_by, client_language, accompanying_family_members, created_at)
         SELECT o, c, ty, s, s + interval '30 minutes', st::appointment_status, cb, l, f, s - make_interval(days => ld)
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::text[], $6::text[],
                       $7::text[], $8::int[], $9::int[]) AS x(o, c, ty, s, st, cb, l, f, ld)`,
        [
          column((c) => offices[c.office]),
          column((c) => counsellors[c.office][c.counsellor]),
          column((c) => types[offices[c.office]][c.topic]),
          // Each its own hour (live ones never overlap), within days 3–5 of the month (Berlin).
          column((c, i) => new Date(Date.UTC(2026, c.month - 1, 3, i)).toISOString()),
          column((c) => c.status),
          column((c) => (c.status === 'cancelled' ? c.cancelledBy : null)),
          column((c) => c.language),
          column((c) => c.family),
          column((c) => c.leadDays),
        ],
      );
    }
    if (searches.length > 0) {
      await ds.query(
        `INSERT INTO slot_search_stat (office_id, searched_on, topic, language, found_within_14_days, days_to_first_slot)
         SELECT * FROM unnest($1::uuid[], $2::date[], $3::text[], $4::text[], $5::boolean[], $6::int[])`,
        [
          searches.map((s) => (s.office === null ? null : offices[s.office])),
          searches.map((s) => `2026-0${s.month}-10`),
          searches.map((s) => s.topic),
          searches.map((s) => s.language),
          searches.map((s) => s.found),
          searches.map((s) => (s.found ? Math.min(s.days, 14) : null)),
        ],
      );
    }
  };

  const queryOf = (filter: Filter): StatisticsQuery => {
    // Days 2–28 hold every case (days 3–5) and search (day 10) of those months, but no whole
    // month at either end: those parts are counted from the rows, the months between from the facts.
    return {
      from: filter.days ? `2026-0${filter.period[0]}-02` : `2026-0${filter.period[0]}`,
      to: filter.days ? `2026-0${filter.period[1]}-28` : `2026-0${filter.period[1]}`,
      ...(filter.office !== null && { officeId: offices[filter.office] }),
      ...(filter.counsellor !== null && {
        counsellorId: counsellors[filter.office ?? 0][filter.counsellor],
      }),
      ...(filter.language !== null && { language: filter.language }),
      ...(filter.topic !== null && { topic: filter.topic }),
      ...(filter.channel !== null && { channel: filter.channel }),
    };
  };

  const matches = (c: Case, f: Filter): boolean =>
    (f.office === null || c.office === f.office) &&
    (f.counsellor === null || (c.office === (f.office ?? 0) && c.counsellor === f.counsellor)) &&
    (f.language === null || c.language === f.language) &&
    (f.topic === null || c.topic === f.topic) &&
    (f.channel === null || (f.channel === 'video') === (c.topic === 'residence')) &&
    c.month >= f.period[0] &&
    c.month <= f.period[1];

  it('publishes no count of 1–4, no difference of 1–4 between any two numbers, and true totals', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(caseArbitrary, { maxLength: 40, size: 'max' }),
        fc.array(searchArbitrary, { maxLength: 25, size: 'max' }),
        fc.array(filterArbitrary, { minLength: 2, maxLength: 6 }),
        async (cases, searches, filters) => {
          await load(cases, searches);
          const service = t.app.get(StatisticsService);
          const numbers: number[] = [];
          for (const filter of filters) {
            const report = await service.report(platform, queryOf(filter));
            for (const cell of cells(report)) {
              if (cell.median) {
                expect(cell.value === null || Number.isInteger(cell.value), cell.path).toBe(true);
                continue;
              }
              if (cell.value === SUPPRESSED_LABEL) continue;
              // A section that does not apply (a counsellor's slot searches).
              if (cell.value === null && cell.path.endsWith('.slotSearches')) continue;
              expect(typeof cell.value, cell.path).toBe('number');
              expect((cell.value as number) % 5, cell.path).toBe(0);
              numbers.push(cell.value as number);
            }
            // The published totals are the true ones, suppressed.
            const chosen = cases.filter((c) => matches(c, filter));
            expect(report.total.cases.appointments).toEqual(publishCount(chosen.length));
            expect(report.total.outcomes.completed).toEqual(
              publishCount(chosen.filter((c) => c.status === 'completed').length),
            );
            // A median of fewer than 5 cases is never published.
            if (chosen.length < 5) expect(report.total.leadTime.medianDays).toBeNull();
            if (filter.counsellor === null) {
              const found = searches.filter(
                (s) =>
                  (filter.office === null || s.office === filter.office) &&
                  (filter.language === null || s.language === filter.language) &&
                  (filter.topic === null || s.topic === filter.topic) &&
                  filter.channel === null &&
                  s.month >= filter.period[0] &&
                  s.month <= filter.period[1],
              );
              expect(report.total.slotSearches?.searches).toEqual(publishCount(found.length));
            } else {
              expect(report.total.slotSearches).toBeNull();
            }
          }
          // Any two numbers, within or across answers: 0 or at least 5 apart.
          const residues = new Set(numbers.map((n) => n % 5));
          expect([...residues].every((r) => r === 0)).toBe(true);
          for (const a of numbers)
            for (const b of numbers) {
              const difference = Math.abs(a - b);
              expect(difference === 0 || difference >= 5).toBe(true);
            }
        },
      ),
      { numRuns: RUNS },
    );
    // 25 runs of load and reports: about 25 s on the embedded database alone, more beside other
    // files; the suite's 30 s is meant for one scenario.
  }, 120_000);
});
