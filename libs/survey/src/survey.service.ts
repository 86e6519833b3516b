import { Injectable, Logger } from '@nestjs/common';
import { Clock, generateToken, hashToken } from '@app/common';
import { localize } from '@app/roster';
import { officeOf, type StaffPrincipal } from '@app/staff';
import {
  cleanComment,
  MAX_PERIOD_MONTHS,
  monthOf,
  monthsBetween,
  publishAverage,
  publishCount,
  ROUND_TO,
  SMALL_CELL,
  SUPPRESSED,
  type Count,
} from './survey-core.js';
import {
  officeNotAllowed,
  officeNotFound,
  surveyAnswered,
  surveyCompletionGone,
  surveyExpired,
  surveyFieldError,
  surveyNotFound,
} from './survey-errors.js';
import { SurveyRepository, type LaterAnswers, type SurveyFilter } from './survey.repository.js';

/** How long the survey page may add the answers left open after the first. */
const COMPLETION_MS = 60 * 60_000;

/** What the survey page shows before the questions: nothing about the client or the consultation. */
export interface SurveyContext {
  officeName: string;
  language: string;
  expiresAt: Date;
}

export interface SurveyAnswerInput {
  helpful: number;
  technologyEasy?: number | null;
  useAgain?: boolean | null;
  comment?: string | null;
}

export interface SurveyReportQuery {
  from: string;
  to: string;
  officeId?: string;
  language?: string;
  topic?: string;
  channel?: string;
}

export interface ScaleFigures {
  answers: Count;
  average: number | null;
  /** Index 0 is "1", index 4 is "5". */
  distribution: Count[];
}

export type CommentsWithheld = 'too_few_answers' | 'office_admins_only';

export interface SurveyReport {
  period: { from: string; to: string };
  filters: {
    officeId: string | null;
    language: string | null;
    topic: string | null;
    channel: string | null;
  };
  suppression: { threshold: number; roundTo: number; suppressedLabel: string; note: string };
  answers: Count;
  helpful: ScaleFigures;
  technologyEasy: ScaleFigures;
  useAgain: { yes: Count; no: Count };
  comments: { shown: boolean; withheld: CommentsWithheld | null; items: string[] };
}

/** The most comments one report lists. */
const COMMENT_LIMIT = 200;

const NOTE =
  'Counts of 1-4 are shown as <5, all others rounded to a multiple of 5; averages only from 5 answers on; comments only to office admins and from 5 answers on.';

/**
 * The client feedback survey: the link's holder sees the office and answers once; office admins
 * (and platform admins) see the answers, counted the way the statistics are (small cells
 * suppressed), and office admins alone read comments: only when the filter holds five answers,
 * and only comments of cells (office, month, channel, language, topic) of five answers or more, so
 * that no combination of filters isolates the comment of a smaller group.
 */
@Injectable()
export class SurveyService {
  private readonly logger = new Logger(SurveyService.name);

  constructor(
    private readonly repository: SurveyRepository,
    private readonly clock: Clock,
  ) {}

  /** The link's context; 410 once answered or expired, 404 for an unknown token. */
  async context(token: string): Promise<SurveyContext> {
    const invitation = await this.repository.invitation(hashToken(token));
    if (!invitation) throw surveyNotFound();
    if (invitation.answered) throw surveyAnswered();
    if (invitation.expiresAt <= this.clock.now()) throw surveyExpired();
    return {
      officeName: localize(invitation.officeName, invitation.language),
      language: invitation.language,
      expiresAt: invitation.expiresAt,
    };
  }

  /**
   * Stores the answers and kills the link, at once; 410 for a second answer or an expired link.
   * A tap in the message answers the first question alone: then a completion key (shown once)
   * lets the page add the others within the hour, to the same answer.
   */
  async answer(token: string, input: SurveyAnswerInput): Promise<{ completionKey: string | null }> {
    const comment = cleanComment(input.comment);
    if (!comment.ok) throw surveyFieldError('comment', comment.reason);
    const answers = {
      helpful: input.helpful,
      technologyEasy: input.technologyEasy ?? null,
      useAgain: input.useAgain ?? null,
      comment: comment.value,
    };
    const open =
      answers.technologyEasy === null || answers.useAgain === null || answers.comment === null;
    const now = this.clock.now();
    const completionKey = open ? generateToken() : null;
    const result = await this.repository.answer(
      hashToken(token),
      now,
      answers,
      completionKey
        ? {
            keyHash: hashToken(completionKey),
            expiresAt: new Date(now.getTime() + COMPLETION_MS),
          }
        : null,
    );
    switch (result) {
      case 'answered':
        this.logger.log('survey answered');
        return { completionKey };
      case 'already_answered':
        throw surveyAnswered();
      case 'expired':
        throw surveyExpired();
      case 'not_found':
        throw surveyNotFound();
    }
  }

  /** Adds the answers left open, once, within the hour; 410 afterwards or for a wrong key. */
  async complete(key: string, input: Partial<Omit<SurveyAnswerInput, 'helpful'>>): Promise<void> {
    const comment = cleanComment(input.comment);
    if (!comment.ok) throw surveyFieldError('comment', comment.reason);
    const later: LaterAnswers = {
      technologyEasy: input.technologyEasy ?? null,
      useAgain: input.useAgain ?? null,
      comment: comment.value,
    };
    if (!(await this.repository.complete(hashToken(key), this.clock.now(), later)))
      throw surveyCompletionGone();
  }

  /** Deletes the links past their expiry (the answers stay): part of the retention job. */
  async purgeExpired(): Promise<number> {
    const now = this.clock.now();
    const purged = await this.repository.purgeExpired(now);
    await this.repository.dropExpiredCompletions(now);
    this.logger.log({ purged }, 'expired survey links deleted');
    return purged;
  }

  /**
   * The answers of the chosen months and filters. Office admins see their own office (another one
   * is 403), platform admins any office or all together; counsellors and interpreters none (the
   * controller's roles, and here). Comments only to office admins, and only from five answers on.
   */
  async report(principal: StaffPrincipal, query: SurveyReportQuery): Promise<SurveyReport> {
    if (principal.role !== 'admin' && principal.role !== 'platform_admin') throw officeNotAllowed();
    const filter = await this.filterOf(principal, query);
    const totals = await this.repository.totals(filter);
    const scale = (figures: { sum: number; count: number; distribution: number[] }) => ({
      answers: publishCount(figures.count),
      average: publishAverage(figures.sum, figures.count),
      distribution: figures.distribution.map(publishCount),
    });
    const officeAdmin = principal.role === 'admin';
    const enough = totals.answers >= SMALL_CELL;
    const withheld: CommentsWithheld | null = !officeAdmin
      ? 'office_admins_only'
      : enough
        ? null
        : 'too_few_answers';
    return {
      period: { from: filter.fromMonth, to: lastDayOf(filter.toMonth) },
      filters: {
        officeId: filter.officeId,
        language: filter.language,
        topic: filter.topic,
        channel: filter.channel,
      },
      suppression: {
        threshold: SMALL_CELL,
        roundTo: ROUND_TO,
        suppressedLabel: SUPPRESSED,
        note: NOTE,
      },
      answers: publishCount(totals.answers),
      helpful: scale(totals.helpful),
      technologyEasy: scale(totals.technologyEasy),
      useAgain: { yes: publishCount(totals.useAgain.yes), no: publishCount(totals.useAgain.no) },
      comments: {
        shown: withheld === null,
        withheld,
        items:
          withheld === null
            ? await this.repository.comments(filter, SMALL_CELL, COMMENT_LIMIT)
            : [],
      },
    };
  }

  private async filterOf(
    principal: StaffPrincipal,
    query: SurveyReportQuery,
  ): Promise<SurveyFilter> {
    const fromMonth = monthOf(query.from);
    const toMonth = monthOf(query.to);
    if (!fromMonth)
      throw surveyFieldError('from', 'from must be a month (YYYY-MM) or a day (YYYY-MM-DD)');
    if (!toMonth)
      throw surveyFieldError('to', 'to must be a month (YYYY-MM) or a day (YYYY-MM-DD)');
    if (toMonth < fromMonth) throw surveyFieldError('to', 'to must not be before from');
    if (monthsBetween(fromMonth, toMonth) > MAX_PERIOD_MONTHS)
      throw surveyFieldError(
        'to',
        `The period may cover at most ${MAX_PERIOD_MONTHS} months`,
        'period_too_long',
      );
    let officeId: string | null;
    if (principal.role === 'platform_admin') {
      officeId = query.officeId ?? null;
      if (officeId && !(await this.repository.officeExists(officeId))) throw officeNotFound();
    } else {
      officeId = officeOf(principal);
      if (query.officeId && query.officeId !== officeId) throw officeNotAllowed();
    }
    return {
      officeId,
      fromMonth,
      toMonth,
      language: query.language ?? null,
      topic: query.topic ?? null,
      channel: query.channel ?? null,
    };
  }
}

function lastDayOf(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
}
