import {
  BadRequestException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { DateTime } from 'luxon';
import { CounsellorService, localize } from '@app/roster';
import type { StaffPrincipal } from '@app/staff';
import { SlotSearchStats } from './slot-search-stats.js';
import {
  accumulate,
  emptyFigures,
  publishFigures,
  SUPPRESSION_INFO,
  type PublishedFigures,
} from './statistics-report.js';
import { StatisticsRepository, type FactRow } from './statistics.repository.js';

/** Office names in the reports: the funders' language. */
const REPORT_LANGUAGE = 'de';
/** The longest period one report covers. */
export const MAX_REPORT_MONTHS = 24;

export interface StatisticsQuery {
  /** YYYY-MM or YYYY-MM-DD (validated by the API's DTO). */
  from: string;
  to: string;
  officeId?: string;
  counsellorId?: string;
  language?: string;
  topic?: string;
  channel?: string;
}

export type ReportScope = 'platform' | 'office' | 'counsellor';

export interface StatisticsReport {
  period: { from: string; to: string };
  filters: {
    officeId: string | null;
    counsellorId: string | null;
    language: string | null;
    topic: string | null;
    channel: string | null;
  };
  suppression: typeof SUPPRESSION_INFO;
  scope: ReportScope;
  total: PublishedFigures;
  offices: { officeId: string; officeName: string; figures: PublishedFigures }[];
}

const reportError = (
  status: 'bad' | 'forbidden' | 'missing',
  code: string,
  message: string,
  field?: string,
): Error => {
  const body = { code, message, ...(field && { details: [{ field, messages: [message] }] }) };
  if (status === 'bad') return new BadRequestException(body);
  if (status === 'forbidden') return new ForbiddenException(body);
  return new NotFoundException(body);
};

/** The first and last local day of a `YYYY-MM` or `YYYY-MM-DD` bound. */
export function periodOf(from: string, to: string): { from: string; to: string; months: string[] } {
  const start = DateTime.fromISO(from, { zone: 'utc' }).startOf(
    from.length === 7 ? 'month' : 'day',
  );
  const end =
    to.length === 7
      ? DateTime.fromISO(to, { zone: 'utc' }).endOf('month').startOf('day')
      : DateTime.fromISO(to, { zone: 'utc' });
  if (!start.isValid)
    throw reportError('bad', 'validation_failed', 'from is no valid date', 'from');
  if (!end.isValid) throw reportError('bad', 'validation_failed', 'to is no valid date', 'to');
  if (end < start)
    throw reportError('bad', 'validation_failed', 'to must not be before from', 'to');
  if (end > start.plus({ months: MAX_REPORT_MONTHS }))
    throw reportError(
      'bad',
      'period_too_long',
      `A report covers at most ${MAX_REPORT_MONTHS} months`,
      'to',
    );
  const months: string[] = [];
  for (let m = start.startOf('month'); m <= end; m = m.plus({ months: 1 })) {
    months.push(m.toFormat('yyyy-MM'));
  }
  return { from: start.toISODate(), to: end.toISODate(), months };
}

/**
 * The statistics of a period, for a platform admin (every office, side by side, or one), an
 * office admin (their office) or a counsellor (their own cases: no one else's, and no slot
 * searches, which belong to no counsellor). Every count published passes the suppression.
 */
@Injectable()
export class StatisticsService {
  constructor(
    private readonly repository: StatisticsRepository,
    private readonly counsellors: CounsellorService,
    private readonly searches: SlotSearchStats,
  ) {}

  async report(principal: StaffPrincipal, query: StatisticsQuery): Promise<StatisticsReport> {
    const period = periodOf(query.from, query.to);
    const { scope, officeId, counsellorId } = await this.assertScope(principal, query);
    const selection = {
      from: period.from,
      to: period.to,
      officeId,
      counsellorId,
      language: query.language ?? null,
      topic: query.topic ?? null,
      channel: query.channel ?? null,
    };
    const withSearches = counsellorId === null;
    // This process's searches count at once; other API processes' within two seconds.
    if (withSearches) await this.searches.flush();
    const [rows, offices] = await Promise.all([
      this.repository.facts(selection, withSearches),
      scope === 'platform' && officeId === null
        ? this.repository.offices(null)
        : Promise.resolve([]),
    ]);
    const byOffice = new Map<string | null, FactRow[]>();
    for (const row of rows) {
      const list = byOffice.get(row.officeId) ?? [];
      list.push(row);
      byOffice.set(row.officeId, list);
    }
    return {
      period: { from: period.from, to: period.to },
      filters: {
        officeId,
        counsellorId,
        language: selection.language,
        topic: selection.topic,
        channel: selection.channel,
      },
      suppression: SUPPRESSION_INFO,
      scope,
      // The sum of exact counts, published once: not the sum of published offices.
      total: publishFigures(accumulate(emptyFigures(period.months), rows), withSearches),
      offices: offices.map((office) => ({
        officeId: office.id,
        officeName: localize(office.name, REPORT_LANGUAGE),
        figures: publishFigures(
          accumulate(emptyFigures(period.months), byOffice.get(office.id) ?? []),
          withSearches,
        ),
      })),
    };
  }

  /**
   * Whose figures the principal may read: the platform admin any office's; an office admin only
   * their own office's (another office: 403 office_not_allowed); a counsellor only their own
   * (another counsellor: 403 not_own_counsellor). A counsellor of another office is unknown (404).
   */
  async assertScope(
    principal: StaffPrincipal,
    query: StatisticsQuery,
  ): Promise<{ scope: ReportScope; officeId: string | null; counsellorId: string | null }> {
    if (principal.role === 'platform_admin') {
      const officeId = query.officeId ?? null;
      if (officeId !== null && (await this.repository.offices([officeId])).length === 0)
        throw reportError('missing', 'office_not_found', 'No such office');
      const counsellorId = query.counsellorId ?? null;
      if (counsellorId !== null) {
        const office = await this.repository.counsellorOffice(counsellorId);
        if (office === null || (officeId !== null && office !== officeId))
          throw reportError('missing', 'counsellor_not_found', 'No such counsellor');
      }
      return { scope: 'platform', officeId, counsellorId };
    }
    const own = principal.officeId;
    if (own === null || (principal.role !== 'admin' && principal.role !== 'counsellor'))
      throw reportError('forbidden', 'forbidden', 'Reports are for admins and counsellors');
    if (query.officeId !== undefined && query.officeId !== own)
      throw reportError('forbidden', 'office_not_allowed', 'Only your own office’s figures');
    if (principal.role === 'counsellor') {
      const mine = await this.counsellors.forStaff(principal.staffId);
      if (!mine || mine.officeId !== own)
        throw reportError('forbidden', 'no_counsellor', 'Your account is linked to no counsellor');
      if (query.counsellorId !== undefined && query.counsellorId !== mine.id)
        throw reportError('forbidden', 'not_own_counsellor', 'Only your own figures');
      return { scope: 'counsellor', officeId: own, counsellorId: mine.id };
    }
    const counsellorId = query.counsellorId ?? null;
    if (counsellorId !== null && (await this.repository.counsellorOffice(counsellorId)) !== own)
      throw reportError('missing', 'counsellor_not_found', 'No such counsellor');
    return { scope: 'office', officeId: own, counsellorId };
  }
}
