import type { components } from '../api/openapi';

/**
 * The statistics API's answer (GET /api/reports/statistics), from its OpenAPI document. Every
 * count is a multiple of 5 or "<5": the server suppresses small cells, the page only shows them.
 */
type Schemas = components['schemas'];
export type Statistics = Schemas['StatisticsResponseDto'];
export type Figures = Schemas['FiguresDto'];
export type Count = Schemas['KeyCountDto']['cases'];

/** The page's filters, as the query string takes them (months, ids, codes; empty: all). */
export interface StatisticsFilter {
  from: string;
  to: string;
  officeId?: string;
  counsellorId?: string;
  language?: string;
  topic?: string;
  channel?: string;
}

/** A count as a number for charts: a suppressed cell is drawn as nothing, not as zero. */
export function plotted(count: Count): number | null {
  return count === '<5' ? null : count;
}
