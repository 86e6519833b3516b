import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { LocalizedText } from '@app/roster';

/** What a report counts: local days of each office's zone, `to` inclusive. */
export interface StatisticsSelection {
  /** YYYY-MM-DD */
  from: string;
  /** YYYY-MM-DD, inclusive */
  to: string;
  /** null: every office. */
  officeId: string | null;
  counsellorId: string | null;
  language: string | null;
  topic: string | null;
  channel: string | null;
}

/**
 * Exact counts of one office and one dimension value. `dimension` names the grouping (month,
 * language, interpreter, topic, channel, lead, wait, days); the measures not counted by a query are 0.
 */
export interface FactRow {
  source: 'appointment' | 'walk_in' | 'search';
  officeId: string | null;
  dimension: string;
  key: string;
  cases: number;
  completed: number;
  noShow: number;
  cancelledByClient: number;
  cancelledByStaff: number;
  cancelledBySystem: number;
  open: number;
  familyMembers: number;
  casesWithFamily: number;
  interpreterUsed: number;
  served: number;
  missed: number;
  left: number;
  expired: number;
  found: number;
  unmet: number;
}

const ZERO = {
  completed: 0,
  noShow: 0,
  cancelledByClient: 0,
  cancelledByStaff: 0,
  cancelledBySystem: 0,
  open: 0,
  familyMembers: 0,
  casesWithFamily: 0,
  interpreterUsed: 0,
  served: 0,
  missed: 0,
  left: 0,
  expired: 0,
  found: 0,
  unmet: 0,
};

/** Histograms end in a column counting everything beyond (as the monthly facts keep them). */
export const LEAD_CAP = 61;
export const WAIT_CAP = 121;
export const DAYS_CAP = 31;

const HISTOGRAMS = new Set(['lead', 'wait', 'days']);

type Days = { from: string; to: string };
const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

/**
 * A period of days (YYYY-MM-DD, inclusive) as the whole months in it and the days before and
 * after them (each null when empty); months null when it holds no whole month.
 */
export function splitPeriod(
  from: string,
  to: string,
): { before: Days | null; months: Days | null; after: Days | null } {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  const first = fd === 1 ? new Date(Date.UTC(fy, fm - 1, 1)) : new Date(Date.UTC(fy, fm, 1));
  const lastOfTo = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  const last = td === lastOfTo ? new Date(Date.UTC(ty, tm, 0)) : new Date(Date.UTC(ty, tm - 1, 0));
  if (first > last) return { before: null, months: null, after: null };
  const dayBefore = new Date(first.getTime() - 86_400_000);
  const dayAfter = new Date(last.getTime() + 86_400_000);
  return {
    before: fd === 1 ? null : { from, to: isoDay(dayBefore) },
    months: { from: isoDay(first), to: isoDay(last) },
    after: td === lastOfTo ? null : { from: isoDay(dayAfter), to },
  };
}

/** The dimension of a GROUPING SETS row, and its key. */
const dimensionOf = (sets: string[]): { dimension: string; key: string } => {
  const cases = sets.map((column, i) => `WHEN GROUPING(${column}) = 0 THEN ${i}`).join(' ');
  const keys = sets.map((column) => `WHEN GROUPING(${column}) = 0 THEN ${column}::text`).join(' ');
  return {
    dimension: `(ARRAY[${sets.map((c) => `'${c}'`).join(', ')}])[1 + CASE ${cases} END]`,
    key: `coalesce(CASE ${keys} END, 'none')`,
  };
};

/**
 * The anonymous facts the reports count: appointments (kept after retention without the client),
 * walk-in tickets, and public slot searches. Only exact counts leave here; the service rounds and
 * suppresses them before anything is published.
 */
@Injectable()
export class StatisticsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Offices by id, with names (the platform's side-by-side columns). */
  async offices(ids: string[] | null): Promise<{ id: string; name: LocalizedText }[]> {
    return this.dataSource.query(
      `SELECT id, name FROM office
        WHERE ($1::uuid[] IS NULL OR id = ANY($1::uuid[])) ORDER BY slug, id`,
      [ids],
    );
  }

  async counsellorOffice(counsellorId: string): Promise<string | null> {
    const rows = await this.dataSource.query<{ office_id: string }[]>(
      `SELECT office_id FROM counsellor WHERE id = $1`,
      [counsellorId],
    );
    return rows[0]?.office_id ?? null;
  }

  /**
   * Runs the counts together, on a connection each. Whole months without a counsellor come from
   * the monthly facts (a few rows per office and month), the days around them and a counsellor's
   * figures from the rows themselves. Both give the same numbers (test/reports.e2e.spec.ts
   * compares them); the rows of both parts add up, as every count is a sum.
   */
  async facts(
    selection: StatisticsSelection,
    withSearches: boolean,
    from: 'auto' | 'rows' | 'months' = 'auto',
  ): Promise<FactRow[]> {
    if (from === 'auto' && selection.counsellorId === null) {
      // Whole months from the facts, the days before and after them from the rows: all counts add up.
      const { before, months, after } = splitPeriod(selection.from, selection.to);
      if (months) {
        const parts = [
          this.facts({ ...selection, ...months }, withSearches, 'months'),
          ...[before, after]
            .filter((days) => days !== null)
            .map((days) => this.facts({ ...selection, ...days }, withSearches, 'rows')),
        ];
        return (await Promise.all(parts)).flat();
      }
    }
    const monthly = from === 'months';
    const parts = monthly
      ? [
          this.monthlyAppointmentFacts(selection),
          this.monthlyHistogram(
            selection,
            'appointment',
            'statistics_appointment_month',
            'lead',
            LEAD_CAP,
          ),
          this.monthlyWalkInFacts(selection),
          this.monthlyHistogram(selection, 'walk_in', 'statistics_walk_in_month', 'wait', WAIT_CAP),
          ...(withSearches
            ? [
                this.monthlySearchFacts(selection),
                this.monthlyHistogram(
                  selection,
                  'search',
                  'statistics_search_month',
                  'days',
                  DAYS_CAP,
                ),
              ]
            : []),
        ]
      : [
          this.appointmentFacts(selection),
          this.walkInFacts(selection),
          ...(withSearches ? [this.searchFacts(selection)] : []),
        ];
    // A histogram's rows count cases only (as the monthly facts keep them).
    return (await Promise.all(parts))
      .flat()
      .map((row) => (HISTOGRAMS.has(row.dimension) ? { ...row, ...ZERO, cases: row.cases } : row));
  }

  /** The facts' filter on office, period, language, topic and channel ($1 … $6). */
  private monthlyWhere(): string {
    return `month >= $1::date AND month <= $2::date
            AND ($3::uuid IS NULL OR office_id = $3::uuid)
            AND ($4::text IS NULL OR language = $4::text)
            AND ($5::text IS NULL OR topic = $5::text)
            AND ($6::text IS NULL OR channel = $6::text)`;
  }

  private monthlyParams(s: StatisticsSelection): unknown[] {
    return [s.from, s.to, s.officeId, s.language, s.topic, s.channel];
  }

  private async monthlyAppointmentFacts(selection: StatisticsSelection): Promise<FactRow[]> {
    const sets = ['month', 'language', 'interpreter', 'topic', 'channel'];
    const { dimension, key } = dimensionOf(sets);
    const rows = await this.dataSource.query<FactRow[]>(
      `WITH f AS (
         SELECT office_id, to_char(month, 'YYYY-MM') AS month, language,
                NULLIF(interpreter_language, '') AS interpreter, topic, channel, cases, completed,
                no_show, cancelled_client, cancelled_staff, cancelled_system, open, family_members,
                cases_with_family
           FROM statistics_appointment_month WHERE ${this.monthlyWhere()})
       SELECT 'appointment' AS source, office_id AS "officeId", ${dimension} AS dimension, ${key} AS key,
              sum(cases)::int AS cases, sum(completed)::int AS completed, sum(no_show)::int AS "noShow",
              sum(cancelled_client)::int AS "cancelledByClient", sum(cancelled_staff)::int AS "cancelledByStaff",
              sum(cancelled_system)::int AS "cancelledBySystem", sum(open)::int AS "open",
              sum(family_members)::int AS "familyMembers", sum(cases_with_family)::int AS "casesWithFamily",
              coalesce(sum(cases) FILTER (WHERE interpreter IS NOT NULL), 0)::int AS "interpreterUsed"
         FROM f GROUP BY GROUPING SETS (${sets.map((s) => `(office_id, ${s})`).join(', ')})
       HAVING sum(cases) > 0`,
      this.monthlyParams(selection),
    );
    return rows.map((row) => ({ ...ZERO, ...row }));
  }

  private async monthlyWalkInFacts(selection: StatisticsSelection): Promise<FactRow[]> {
    const sets = ['month', 'language', 'interpreter', 'topic', 'channel'];
    const { dimension, key } = dimensionOf(sets);
    const rows = await this.dataSource.query<FactRow[]>(
      `WITH f AS (
         SELECT office_id, to_char(month, 'YYYY-MM') AS month, language,
                NULLIF(interpreter_language, '') AS interpreter, NULLIF(topic, '') AS topic, channel,
                tickets, served, missed, left_queue, expired, open, family_members, cases_with_family
           FROM statistics_walk_in_month WHERE ${this.monthlyWhere()})
       SELECT 'walk_in' AS source, office_id AS "officeId", ${dimension} AS dimension, ${key} AS key,
              sum(tickets)::int AS cases, sum(served)::int AS served, sum(missed)::int AS missed,
              sum(left_queue)::int AS "left", sum(expired)::int AS expired, sum(open)::int AS "open",
              sum(family_members)::int AS "familyMembers", sum(cases_with_family)::int AS "casesWithFamily",
              coalesce(sum(tickets) FILTER (WHERE interpreter IS NOT NULL), 0)::int AS "interpreterUsed"
         FROM f GROUP BY GROUPING SETS (${sets.map((s) => `(office_id, ${s})`).join(', ')})
       HAVING sum(tickets) > 0`,
      this.monthlyParams(selection),
    );
    return rows.map((row) => ({ ...ZERO, ...row }));
  }

  private async monthlySearchFacts(selection: StatisticsSelection): Promise<FactRow[]> {
    const sets = ['month', 'language', 'topic'];
    const { dimension, key } = dimensionOf(sets);
    const rows = await this.dataSource.query<FactRow[]>(
      `WITH f AS (
         SELECT office_id, to_char(month, 'YYYY-MM') AS month, NULLIF(language, '') AS language,
                NULLIF(topic, '') AS topic, searches, found, unmet
           FROM statistics_search_month WHERE ${this.monthlyWhere()})
       SELECT 'search' AS source, office_id AS "officeId", ${dimension} AS dimension, ${key} AS key,
              sum(searches)::int AS cases, sum(found)::int AS found, sum(unmet)::int AS unmet
         FROM f GROUP BY GROUPING SETS (${sets.map((s) => `(office_id, ${s})`).join(', ')})
       HAVING sum(searches) > 0`,
      this.monthlyParams(selection),
    );
    return rows.map((row) => ({ ...ZERO, ...row }));
  }

  /** A histogram's columns (prefix_0 … prefix_cap) summed per office, as rows of its dimension. */
  private async monthlyHistogram(
    selection: StatisticsSelection,
    source: FactRow['source'],
    table: string,
    prefix: 'lead' | 'wait' | 'days',
    cap: number,
  ): Promise<FactRow[]> {
    const columns = Array.from({ length: cap + 1 }, (_, i) => `sum(${prefix}_${i})::int`);
    const rows = await this.dataSource.query<{ office_id: string | null; h: number[] }[]>(
      `SELECT office_id, ARRAY[${columns.join(', ')}] AS h
         FROM ${table} WHERE ${this.monthlyWhere()} GROUP BY office_id`,
      this.monthlyParams(selection),
    );
    return rows.flatMap((row) =>
      row.h.flatMap((count, value) =>
        count > 0
          ? [
              {
                ...ZERO,
                source,
                officeId: row.office_id,
                dimension: prefix,
                key: String(value),
                cases: count,
              },
            ]
          : [],
      ),
    );
  }

  private params(s: StatisticsSelection): unknown[] {
    return [s.from, s.to, s.officeId, s.counsellorId, s.language, s.topic, s.channel];
  }

  private async appointmentFacts(selection: StatisticsSelection): Promise<FactRow[]> {
    const sets = ['month', 'language', 'interpreter', 'topic', 'channel', 'lead'];
    const { dimension, key } = dimensionOf(sets);
    const rows = await this.dataSource.query<FactRow[]>(
      `WITH a AS (
         SELECT a.office_id,
                to_char(a.starts_at AT TIME ZONE o.time_zone, 'YYYY-MM') AS month,
                a.client_language AS language, a.interpreter_language AS interpreter,
                ct.topic, ct.channel, a.status, a.cancelled_by, a.accompanying_family_members AS family,
                least(${LEAD_CAP}, greatest(0, floor(EXTRACT(EPOCH FROM a.starts_at - a.created_at) / 86400)))::int AS lead
           FROM appointment a
           JOIN office o ON o.id = a.office_id
           JOIN consultation_type ct ON ct.id = a.consultation_type_id
          WHERE a.status <> 'held'
            -- A day's bounds in any zone lie within a day of its UTC bounds: the index narrows first.
            AND a.starts_at >= (($1::date - 1)::timestamp AT TIME ZONE 'UTC')
            AND a.starts_at < (($2::date + 2)::timestamp AT TIME ZONE 'UTC')
            AND a.starts_at >= ($1::date::timestamp AT TIME ZONE o.time_zone)
            AND a.starts_at < (($2::date + 1)::timestamp AT TIME ZONE o.time_zone)
            AND ($3::uuid IS NULL OR a.office_id = $3::uuid)
            AND ($4::uuid IS NULL OR a.counsellor_id = $4::uuid)
            AND ($5::text IS NULL OR a.client_language = $5::text)
            AND ($6::text IS NULL OR ct.topic = $6::text)
            AND ($7::text IS NULL OR ct.channel::text = $7::text))
       SELECT 'appointment' AS source, office_id AS "officeId", ${dimension} AS dimension, ${key} AS key,
              count(*)::int AS cases,
              count(*) FILTER (WHERE status = 'completed')::int AS completed,
              count(*) FILTER (WHERE status = 'no_show')::int AS "noShow",
              count(*) FILTER (WHERE status = 'cancelled' AND cancelled_by = 'client')::int AS "cancelledByClient",
              count(*) FILTER (WHERE status = 'cancelled' AND cancelled_by IS DISTINCT FROM 'client' AND cancelled_by IS DISTINCT FROM 'system')::int AS "cancelledByStaff",
              count(*) FILTER (WHERE status = 'cancelled' AND cancelled_by = 'system')::int AS "cancelledBySystem",
              count(*) FILTER (WHERE status = 'confirmed')::int AS "open",
              coalesce(sum(family), 0)::int AS "familyMembers",
              count(*) FILTER (WHERE family > 0)::int AS "casesWithFamily",
              count(interpreter)::int AS "interpreterUsed"
         FROM a
        GROUP BY GROUPING SETS (${sets.map((s) => `(office_id, ${s})`).join(', ')})`,
      this.params(selection),
    );
    return rows.map((row) => ({ ...ZERO, ...row }));
  }

  private async walkInFacts(selection: StatisticsSelection): Promise<FactRow[]> {
    const sets = ['month', 'language', 'interpreter', 'topic', 'channel', 'wait'];
    const { dimension, key } = dimensionOf(sets);
    const rows = await this.dataSource.query<FactRow[]>(
      `WITH t AS (
         SELECT t.office_id,
                to_char(t.taken_at AT TIME ZONE o.time_zone, 'YYYY-MM') AS month,
                t.language, t.interpreter_language AS interpreter, t.topic, h.channel, t.status,
                t.accompanying_family_members AS family,
                CASE WHEN t.called_at IS NOT NULL
                     THEN least(${WAIT_CAP}, greatest(0, floor(EXTRACT(EPOCH FROM t.called_at - t.queued_at) / 60)))::int END AS wait
           FROM walk_in_ticket t
           JOIN office o ON o.id = t.office_id
           JOIN walk_in_session s ON s.id = t.session_id
           JOIN walk_in_hour h ON h.id = s.walk_in_hour_id
          WHERE t.taken_at >= (($1::date - 1)::timestamp AT TIME ZONE 'UTC')
            AND t.taken_at < (($2::date + 2)::timestamp AT TIME ZONE 'UTC')
            AND t.taken_at >= ($1::date::timestamp AT TIME ZONE o.time_zone)
            AND t.taken_at < (($2::date + 1)::timestamp AT TIME ZONE o.time_zone)
            AND ($3::uuid IS NULL OR t.office_id = $3::uuid)
            AND ($4::uuid IS NULL OR t.counsellor_id = $4::uuid)
            AND ($5::text IS NULL OR t.language = $5::text)
            AND ($6::text IS NULL OR t.topic = $6::text)
            AND ($7::text IS NULL OR h.channel::text = $7::text))
       SELECT 'walk_in' AS source, office_id AS "officeId", ${dimension} AS dimension, ${key} AS key,
              count(*)::int AS cases,
              count(*) FILTER (WHERE status = 'served')::int AS served,
              count(*) FILTER (WHERE status = 'missed')::int AS missed,
              count(*) FILTER (WHERE status = 'left')::int AS "left",
              count(*) FILTER (WHERE status = 'expired')::int AS expired,
              count(*) FILTER (WHERE status IN ('waiting', 'called', 'in_call'))::int AS "open",
              coalesce(sum(family), 0)::int AS "familyMembers",
              count(*) FILTER (WHERE family > 0)::int AS "casesWithFamily",
              count(interpreter)::int AS "interpreterUsed"
         FROM t
        GROUP BY GROUPING SETS (${sets.map((s) => `(office_id, ${s})`).join(', ')})`,
      this.params(selection),
    );
    // Tickets never called have no wait: they are not in the wait histogram.
    return rows
      .filter((row) => !(row.dimension === 'wait' && row.key === 'none'))
      .map((row) => ({ ...ZERO, ...row }));
  }

  private async searchFacts(selection: StatisticsSelection): Promise<FactRow[]> {
    const sets = ['month', 'language', 'topic', 'days'];
    const { dimension, key } = dimensionOf(sets);
    const rows = await this.dataSource.query<FactRow[]>(
      `WITH q AS (
         SELECT office_id, to_char(searched_on, 'YYYY-MM') AS month, language, topic,
                least(${DAYS_CAP}, days_to_first_slot) AS days, found_within_14_days AS found
           FROM slot_search_stat
          WHERE searched_on >= $1::date AND searched_on <= $2::date
            AND ($3::uuid IS NULL OR office_id = $3::uuid)
            AND ($4::text IS NULL OR language = $4::text)
            AND ($5::text IS NULL OR topic = $5::text)
            AND ($6::text IS NULL OR channel::text = $6::text))
       SELECT 'search' AS source, office_id AS "officeId", ${dimension} AS dimension, ${key} AS key,
              count(*)::int AS cases,
              count(*) FILTER (WHERE found)::int AS found,
              count(*) FILTER (WHERE NOT found)::int AS unmet
         FROM q
        GROUP BY GROUPING SETS (${sets.map((s) => `(office_id, ${s})`).join(', ')})`,
      [
        selection.from,
        selection.to,
        selection.officeId,
        selection.language,
        selection.topic,
        selection.channel,
      ],
    );
    return rows
      .filter((row) => !(row.dimension === 'days' && row.key === 'none'))
      .map((row) => ({ ...ZERO, ...row }));
  }
}
