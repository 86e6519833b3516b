import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { LocalizedText } from '@app/roster';

/** The anonymous dimensions an invitation and its answer carry. */
export interface SurveyDimensions {
  officeId: string;
  /** 'YYYY-MM-01': the consultation's month in the office's zone. */
  month: string;
  channel: string;
  language: string;
  topic: string | null;
}

export interface NewInvitation extends SurveyDimensions {
  tokenHash: string;
  expiresAt: Date;
}

export interface InvitationView extends SurveyDimensions {
  answered: boolean;
  expiresAt: Date;
  officeName: LocalizedText;
}

export interface SurveyAnswers {
  helpful: number;
  technologyEasy: number | null;
  useAgain: boolean | null;
  comment: string | null;
}

/** The answers the survey page adds after the first (null: not answered now either). */
export type LaterAnswers = Omit<SurveyAnswers, 'helpful'>;

/** With which key, until when, the answers left open may be added. */
export interface Completion {
  keyHash: string;
  expiresAt: Date;
}

export interface SurveyFilter {
  /** null: every office (platform admins). */
  officeId: string | null;
  fromMonth: string;
  toMonth: string;
  language: string | null;
  topic: string | null;
  channel: string | null;
}

/** True counts, before suppression: never leave the service like this. */
export interface SurveyTotals {
  answers: number;
  helpful: { sum: number; count: number; distribution: number[] };
  technologyEasy: { sum: number; count: number; distribution: number[] };
  useAgain: { yes: number; no: number };
}

export type AnswerResult = 'answered' | 'already_answered' | 'expired' | 'not_found';

const WHERE = `($1::uuid IS NULL OR office_id = $1) AND month BETWEEN $2::date AND $3::date
   AND ($4::varchar IS NULL OR language = $4) AND ($5::varchar IS NULL OR topic = $5)
   AND ($6::varchar IS NULL OR channel = $6)`;

const parametersOf = (f: SurveyFilter): unknown[] => [
  f.officeId,
  f.fromMonth,
  f.toMonth,
  f.language,
  f.topic,
  f.channel,
];

@Injectable()
export class SurveyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Writes a survey link on the caller's transaction (the one that decides to send it): the token's
   * hash, the expiry and the dimensions, nothing that names the consultation or the client.
   */
  async createInvitation(manager: EntityManager, invitation: NewInvitation): Promise<void> {
    await manager.query(
      `INSERT INTO survey_invitation (token_hash, office_id, month, channel, language, topic, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        invitation.tokenHash,
        invitation.officeId,
        invitation.month,
        invitation.channel,
        invitation.language,
        invitation.topic,
        invitation.expiresAt,
      ],
    );
  }

  /** A link whose message could not be sent: nobody can use it. */
  async dropInvitation(tokenHash: string): Promise<void> {
    await this.dataSource.query(
      'DELETE FROM survey_invitation WHERE token_hash = $1 AND NOT answered',
      [tokenHash],
    );
  }

  async invitation(tokenHash: string): Promise<InvitationView | null> {
    const [row] = await this.dataSource.query<InvitationView[]>(
      `SELECT i.office_id AS "officeId", to_char(i.month, 'YYYY-MM-DD') AS month, i.channel,
              i.language, i.topic, i.answered, i.expires_at AS "expiresAt", o.name AS "officeName"
         FROM survey_invitation i JOIN office o ON o.id = i.office_id
        WHERE i.token_hash = $1`,
      [tokenHash],
    );
    return row ? { ...row, expiresAt: new Date(row.expiresAt) } : null;
  }

  /**
   * Uses the link and stores the answers in one transaction: the link is marked answered (only a
   * live, unanswered one), and the answer row gets the link's dimensions, not the link.
   */
  answer(
    tokenHash: string,
    now: Date,
    answers: SurveyAnswers,
    completion: Completion | null,
  ): Promise<AnswerResult> {
    return this.dataSource.transaction(async (manager) => {
      // An UPDATE … RETURNING answers [rows, affected count] through TypeORM's driver.
      const [[used]] = await manager.query<[SurveyDimensions[], number]>(
        `UPDATE survey_invitation SET answered = true
          WHERE token_hash = $1 AND NOT answered AND expires_at > $2
          RETURNING office_id AS "officeId", to_char(month, 'YYYY-MM-DD') AS month, channel,
                    language, topic`,
        [tokenHash, now],
      );
      if (used) {
        await manager.query(
          `INSERT INTO survey_answer (office_id, month, channel, language, topic, helpful,
                                      technology_easy, use_again, comment,
                                      completion_key_hash, completion_expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [
            used.officeId,
            used.month,
            used.channel,
            used.language,
            used.topic,
            answers.helpful,
            answers.technologyEasy,
            answers.useAgain,
            answers.comment,
            completion?.keyHash ?? null,
            completion?.expiresAt ?? null,
          ],
        );
        return 'answered';
      }
      const [row] = await manager.query<{ answered: boolean }[]>(
        'SELECT answered FROM survey_invitation WHERE token_hash = $1',
        [tokenHash],
      );
      if (!row) return 'not_found';
      return row.answered ? 'already_answered' : 'expired';
    });
  }

  /**
   * Adds the answers left open to the answer of this completion key, once: answers given already
   * stay as they are, and the key is gone afterwards. False for an unknown, used or expired key.
   */
  async complete(keyHash: string, now: Date, later: LaterAnswers): Promise<boolean> {
    const [, count] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE survey_answer
          SET technology_easy = COALESCE(technology_easy, $3),
              use_again = COALESCE(use_again, $4),
              comment = COALESCE(comment, $5),
              completion_key_hash = NULL, completion_expires_at = NULL
        WHERE completion_key_hash = $1 AND completion_expires_at > $2
        RETURNING id`,
      [keyHash, now, later.technologyEasy, later.useAgain, later.comment],
    );
    return count > 0;
  }

  /** Completion keys past their hour go, so that no answer keeps anything to find it by. */
  async dropExpiredCompletions(now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE survey_answer SET completion_key_hash = NULL, completion_expires_at = NULL
        WHERE completion_expires_at <= $1`,
      [now],
    );
  }

  /** Links past their expiry (answered or not) go; the answers stay. */
  async purgeExpired(now: Date): Promise<number> {
    // A DELETE … RETURNING answers [rows, affected count] through TypeORM's driver.
    const [, count] = await this.dataSource.query<[unknown[], number]>(
      'DELETE FROM survey_invitation WHERE expires_at <= $1 RETURNING id',
      [now],
    );
    return count;
  }

  async totals(filter: SurveyFilter): Promise<SurveyTotals> {
    const [row] = await this.dataSource.query<
      {
        answers: number;
        helpful_sum: number;
        helpful_count: number;
        helpful: number[];
        tech_sum: number;
        tech_count: number;
        tech: number[];
        yes: number;
        no: number;
      }[]
    >(
      `SELECT count(*)::int AS answers,
              coalesce(sum(helpful), 0)::int AS helpful_sum, count(helpful)::int AS helpful_count,
              ARRAY[count(*) FILTER (WHERE helpful = 1), count(*) FILTER (WHERE helpful = 2),
                    count(*) FILTER (WHERE helpful = 3), count(*) FILTER (WHERE helpful = 4),
                    count(*) FILTER (WHERE helpful = 5)]::int[] AS helpful,
              coalesce(sum(technology_easy), 0)::int AS tech_sum,
              count(technology_easy)::int AS tech_count,
              ARRAY[count(*) FILTER (WHERE technology_easy = 1),
                    count(*) FILTER (WHERE technology_easy = 2),
                    count(*) FILTER (WHERE technology_easy = 3),
                    count(*) FILTER (WHERE technology_easy = 4),
                    count(*) FILTER (WHERE technology_easy = 5)]::int[] AS tech,
              count(*) FILTER (WHERE use_again)::int AS yes,
              count(*) FILTER (WHERE NOT use_again)::int AS no
         FROM survey_answer WHERE ${WHERE}`,
      parametersOf(filter),
    );
    return {
      answers: row.answers,
      helpful: { sum: row.helpful_sum, count: row.helpful_count, distribution: row.helpful },
      technologyEasy: { sum: row.tech_sum, count: row.tech_count, distribution: row.tech },
      useAgain: { yes: row.yes, no: row.no },
    };
  }

  /**
   * The comments of the selection, in the order of their random ids (not the order given), from
   * those cells only (office, month, channel, language and topic together) that hold at least
   * `minimum` answers. Every filter is a union of such cells, so no two filters' lists differ by
   * a comment of a smaller group: subtracting one list from another singles out nobody.
   */
  async comments(filter: SurveyFilter, minimum: number, limit: number): Promise<string[]> {
    const rows = await this.dataSource.query<{ comment: string }[]>(
      `WITH selected AS (SELECT * FROM survey_answer WHERE ${WHERE}),
            cells AS (
              SELECT office_id, month, channel, language, coalesce(topic, '') AS topic
                FROM selected GROUP BY 1, 2, 3, 4, 5 HAVING count(*) >= $7)
       SELECT s.comment FROM selected s
         JOIN cells c ON c.office_id = s.office_id AND c.month = s.month AND c.channel = s.channel
                     AND c.language = s.language AND c.topic = coalesce(s.topic, '')
        WHERE s.comment IS NOT NULL
        ORDER BY s.id LIMIT ${Number(limit)}`,
      [...parametersOf(filter), minimum],
    );
    return rows.map((row) => row.comment);
  }

  async officeExists(officeId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      "SELECT 1 FROM office WHERE id = $1 AND kind <> 'interpreter_pool'",
      [officeId],
    );
    return rows.length > 0;
  }
}
