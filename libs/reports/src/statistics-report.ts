import { localize, TOPICS } from '@app/roster';
import type { FactRow } from './statistics.repository.js';
import {
  addTo,
  publishCount,
  publishMedian,
  ROUND_TO,
  SUPPRESSED_LABEL,
  SUPPRESSION_THRESHOLD,
  type Count,
  type Histogram,
} from './suppression.js';

/** Exact figures of one office (or of all): never published as they are. */
export interface ExactFigures {
  appointments: number;
  walkInTickets: number;
  completed: number;
  noShow: number;
  cancelledByClient: number;
  cancelledByStaff: number;
  cancelledBySystem: number;
  open: number;
  familyMembers: number;
  casesWithFamily: number;
  interpreterUsed: number;
  byLanguage: Map<string, number>;
  byInterpreter: Map<string, number>;
  byTopic: Map<string, number>;
  byChannel: Map<string, number>;
  lead: Histogram;
  searches: number;
  found: number;
  unmet: number;
  daysToSlot: Histogram;
  unmetByLanguage: Map<string, number>;
  unmetByTopic: Map<string, number>;
  served: number;
  missed: number;
  left: number;
  expired: number;
  wait: Histogram;
  months: Map<string, ExactMonth>;
}

interface ExactMonth {
  appointments: number;
  walkInTickets: number;
  completed: number;
  noShow: number;
  cancelled: number;
  unmet: number;
}

const emptyMonth = (): ExactMonth => ({
  appointments: 0,
  walkInTickets: 0,
  completed: 0,
  noShow: 0,
  cancelled: 0,
  unmet: 0,
});

export function emptyFigures(months: string[]): ExactFigures {
  return {
    appointments: 0,
    walkInTickets: 0,
    completed: 0,
    noShow: 0,
    cancelledByClient: 0,
    cancelledByStaff: 0,
    cancelledBySystem: 0,
    open: 0,
    familyMembers: 0,
    casesWithFamily: 0,
    interpreterUsed: 0,
    byLanguage: new Map(),
    byInterpreter: new Map(),
    byTopic: new Map(),
    byChannel: new Map(),
    lead: new Map(),
    searches: 0,
    found: 0,
    unmet: 0,
    daysToSlot: new Map(),
    unmetByLanguage: new Map(),
    unmetByTopic: new Map(),
    served: 0,
    missed: 0,
    left: 0,
    expired: 0,
    wait: new Map(),
    months: new Map(months.map((month) => [month, emptyMonth()])),
  };
}

/** Adds the facts' rows (of one office, or of several: a sum of exact counts is exact). */
export function accumulate(figures: ExactFigures, rows: FactRow[]): ExactFigures {
  for (const row of rows) {
    const month = (): ExactMonth => {
      let entry = figures.months.get(row.key);
      if (!entry) figures.months.set(row.key, (entry = emptyMonth()));
      return entry;
    };
    if (row.source === 'search') {
      switch (row.dimension) {
        case 'month':
          figures.searches += row.cases;
          figures.found += row.found;
          figures.unmet += row.unmet;
          month().unmet += row.unmet;
          break;
        case 'language':
          addTo(figures.unmetByLanguage, row.key, row.unmet);
          break;
        case 'topic':
          addTo(figures.unmetByTopic, row.key, row.unmet);
          break;
        case 'days':
          addTo(figures.daysToSlot, Number(row.key), row.cases);
          break;
      }
      continue;
    }
    const appointment = row.source === 'appointment';
    switch (row.dimension) {
      case 'month': {
        const entry = month();
        if (appointment) {
          figures.appointments += row.cases;
          entry.appointments += row.cases;
        } else {
          figures.walkInTickets += row.cases;
          entry.walkInTickets += row.cases;
        }
        const cancelled = row.cancelledByClient + row.cancelledByStaff + row.cancelledBySystem;
        figures.completed += row.completed;
        figures.noShow += row.noShow;
        figures.cancelledByClient += row.cancelledByClient;
        figures.cancelledByStaff += row.cancelledByStaff;
        figures.cancelledBySystem += row.cancelledBySystem;
        if (appointment) figures.open += row.open;
        figures.familyMembers += row.familyMembers;
        figures.casesWithFamily += row.casesWithFamily;
        figures.interpreterUsed += row.interpreterUsed;
        figures.served += row.served;
        figures.missed += row.missed;
        figures.left += row.left;
        figures.expired += row.expired;
        entry.completed += row.completed;
        entry.noShow += row.noShow;
        entry.cancelled += cancelled;
        break;
      }
      case 'language':
        addTo(figures.byLanguage, row.key, row.cases);
        break;
      case 'interpreter':
        if (row.key !== 'none') addTo(figures.byInterpreter, row.key, row.cases);
        break;
      case 'topic':
        addTo(figures.byTopic, row.key, row.cases);
        break;
      case 'channel':
        addTo(figures.byChannel, row.key, row.cases);
        break;
      case 'lead':
        addTo(figures.lead, Number(row.key), row.cases);
        break;
      case 'wait':
        addTo(figures.wait, Number(row.key), row.cases);
        break;
    }
  }
  return figures;
}

// ---- What is published -------------------------------------------------------------------

export interface KeyCount {
  key: string;
  cases: Count;
}

export interface PublishedFigures {
  cases: { total: Count; appointments: Count; walkInTickets: Count };
  outcomes: {
    completed: Count;
    noShow: Count;
    cancelledByClient: Count;
    cancelledByStaff: Count;
    cancelledBySystem: Count;
    open: Count;
  };
  familyMembers: { total: Count; casesWithFamily: Count };
  byLanguage: KeyCount[];
  interpreter: { used: Count; byLanguage: KeyCount[] };
  byTopic: (KeyCount & { label: string })[];
  byChannel: KeyCount[];
  leadTime: { medianDays: number | null; buckets: KeyCount[] };
  slotSearches: {
    searches: Count;
    foundWithin14Days: Count;
    unmet: Count;
    medianDaysToFirstSlot: number | null;
    unmetByLanguage: { key: string; searches: Count }[];
    unmetByTopic: { key: string; label: string; searches: Count }[];
  } | null;
  walkIn: {
    tickets: Count;
    served: Count;
    missed: Count;
    left: Count;
    expired: Count;
    waitMedianMinutes: number | null;
  };
  months: {
    month: string;
    cases: Count;
    appointments: Count;
    walkInTickets: Count;
    completed: Count;
    noShow: Count;
    cancelled: Count;
    unmetSearches: Count;
  }[];
}

export const LEAD_BUCKETS: readonly { key: string; from: number; to: number }[] = [
  { key: '0-1', from: 0, to: 1 },
  { key: '2-3', from: 2, to: 3 },
  { key: '4-7', from: 4, to: 7 },
  { key: '8-14', from: 8, to: 14 },
  { key: '15-30', from: 15, to: 30 },
  { key: '31+', from: 31, to: Number.POSITIVE_INFINITY },
];

export const SUPPRESSION_NOTE =
  'Counts of 1-4 are shown as "<5", every other count is rounded to a multiple of 5 on its own; totals may therefore differ from the sum of their rows. Medians only for at least 5 cases, in whole days (minutes for walk-in waits).';

export const SUPPRESSION_INFO = {
  threshold: SUPPRESSION_THRESHOLD,
  roundTo: ROUND_TO,
  suppressedLabel: SUPPRESSED_LABEL,
  note: SUPPRESSION_NOTE,
};

const topicLabel = (code: string): string => {
  const topic = TOPICS.find((t) => t.code === code);
  return topic ? localize(topic.name, 'en') : code;
};

/** Rows of a map, sorted by key; true zeros are left out (they say nothing). */
const listed = (map: Map<string, number>): KeyCount[] =>
  [...map.entries()]
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, count]) => ({ key, cases: publishCount(count) }));

export function publishFigures(exact: ExactFigures, withSearches: boolean): PublishedFigures {
  const c = publishCount;
  const buckets = LEAD_BUCKETS.map((bucket) => {
    let count = 0;
    for (const [days, n] of exact.lead) if (days >= bucket.from && days <= bucket.to) count += n;
    return { key: bucket.key, cases: c(count) };
  });
  return {
    cases: {
      total: c(exact.appointments + exact.walkInTickets),
      appointments: c(exact.appointments),
      walkInTickets: c(exact.walkInTickets),
    },
    outcomes: {
      completed: c(exact.completed),
      noShow: c(exact.noShow),
      cancelledByClient: c(exact.cancelledByClient),
      cancelledByStaff: c(exact.cancelledByStaff),
      cancelledBySystem: c(exact.cancelledBySystem),
      open: c(exact.open),
    },
    familyMembers: { total: c(exact.familyMembers), casesWithFamily: c(exact.casesWithFamily) },
    byLanguage: listed(exact.byLanguage),
    interpreter: { used: c(exact.interpreterUsed), byLanguage: listed(exact.byInterpreter) },
    byTopic: listed(exact.byTopic).map((row) => ({ ...row, label: topicLabel(row.key) })),
    byChannel: listed(exact.byChannel),
    leadTime: { medianDays: publishMedian(exact.lead), buckets },
    slotSearches: withSearches
      ? {
          searches: c(exact.searches),
          foundWithin14Days: c(exact.found),
          unmet: c(exact.unmet),
          medianDaysToFirstSlot: publishMedian(exact.daysToSlot),
          unmetByLanguage: listed(exact.unmetByLanguage).map((row) => ({
            key: row.key,
            searches: row.cases,
          })),
          unmetByTopic: listed(exact.unmetByTopic).map((row) => ({
            key: row.key,
            label: topicLabel(row.key),
            searches: row.cases,
          })),
        }
      : null,
    walkIn: {
      tickets: c(exact.walkInTickets),
      served: c(exact.served),
      missed: c(exact.missed),
      left: c(exact.left),
      expired: c(exact.expired),
      waitMedianMinutes: publishMedian(exact.wait),
    },
    months: [...exact.months.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([month, m]) => ({
        month,
        cases: c(m.appointments + m.walkInTickets),
        appointments: c(m.appointments),
        walkInTickets: c(m.walkInTickets),
        completed: c(m.completed),
        noShow: c(m.noShow),
        cancelled: c(m.cancelled),
        unmetSearches: c(m.unmet),
      })),
  };
}
