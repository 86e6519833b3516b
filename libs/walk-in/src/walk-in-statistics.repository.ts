import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface StatisticsGroup {
  key: string;
  tickets: number;
  served: number;
  missed: number;
  left: number;
  expired: number;
  handedOver: number;
  waitMedianMinutes: number | null;
  waitP90Minutes: number | null;
  handlingMedianMinutes: number | null;
}

export interface WalkInStatistics {
  sessions: number;
  closedEarly: number;
  turnedAway: number;
  total: StatisticsGroup;
  byLanguage: StatisticsGroup[];
  byTopic: StatisticsGroup[];
  /** Tickets that asked for an interpreter, by the language (never who interpreted). */
  byInterpreterLanguage: StatisticsGroup[];
}

/**
 * Anonymous counts of a walk-in hour's sessions in a period: they read only what erasure keeps
 * (status, language, topic, times), so they outlive the clients' data. The wait is from taking the
 * number (or rejoining) to being called; handling from the call to its outcome.
 */
@Injectable()
export class WalkInStatisticsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async of(hourId: string, from: Date, to: Date): Promise<WalkInStatistics> {
    const [sessions] = await this.dataSource.query<
      { sessions: number; closed_early: number; turned_away: number }[]
    >(
      `SELECT count(*)::int AS sessions, count(closed_early_at)::int AS closed_early,
              coalesce(sum(turned_away), 0)::int AS turned_away
         FROM walk_in_session WHERE walk_in_hour_id = $1 AND starts_at >= $2 AND starts_at < $3`,
      [hourId, from, to],
    );
    const rows = await this.dataSource.query<(StatisticsGroup & { dimension: string })[]>(
      `WITH t AS (
         SELECT t.language, coalesce(t.topic, 'none') AS topic,
                coalesce(t.interpreter_language, 'none') AS interpreter, t.status, t.handovers,
                EXTRACT(EPOCH FROM t.called_at - t.queued_at) / 60 AS wait,
                CASE WHEN t.status = 'served' THEN EXTRACT(EPOCH FROM t.finished_at - t.called_at) / 60 END AS handling
           FROM walk_in_ticket t JOIN walk_in_session s ON s.id = t.session_id
          WHERE s.walk_in_hour_id = $1 AND s.starts_at >= $2 AND s.starts_at < $3)
       SELECT CASE WHEN GROUPING(language) = 0 THEN 'language'
                   WHEN GROUPING(topic) = 0 THEN 'topic'
                   WHEN GROUPING(interpreter) = 0 THEN 'interpreter' ELSE 'total' END AS dimension,
              coalesce(CASE WHEN GROUPING(language) = 0 THEN language END,
                       CASE WHEN GROUPING(topic) = 0 THEN topic END,
                       CASE WHEN GROUPING(interpreter) = 0 THEN interpreter END, 'all') AS key,
              count(*)::int AS tickets,
              count(*) FILTER (WHERE status = 'served')::int AS served,
              count(*) FILTER (WHERE status = 'missed')::int AS missed,
              count(*) FILTER (WHERE status = 'left')::int AS left,
              count(*) FILTER (WHERE status = 'expired')::int AS expired,
              count(*) FILTER (WHERE handovers > 0)::int AS "handedOver",
              percentile_cont(0.5) WITHIN GROUP (ORDER BY wait) AS "waitMedianMinutes",
              percentile_cont(0.9) WITHIN GROUP (ORDER BY wait) AS "waitP90Minutes",
              percentile_cont(0.5) WITHIN GROUP (ORDER BY handling) AS "handlingMedianMinutes"
         FROM t GROUP BY GROUPING SETS ((), (language), (topic), (interpreter))
        ORDER BY dimension, key`,
      [hourId, from, to],
    );
    const groups = rows.map(({ dimension, ...group }) => ({
      dimension,
      group: {
        ...group,
        waitMedianMinutes: rounded(group.waitMedianMinutes),
        waitP90Minutes: rounded(group.waitP90Minutes),
        handlingMedianMinutes: rounded(group.handlingMedianMinutes),
      },
    }));
    const empty: StatisticsGroup = {
      key: 'all',
      tickets: 0,
      served: 0,
      missed: 0,
      left: 0,
      expired: 0,
      handedOver: 0,
      waitMedianMinutes: null,
      waitP90Minutes: null,
      handlingMedianMinutes: null,
    };
    return {
      sessions: sessions.sessions,
      closedEarly: sessions.closed_early,
      turnedAway: sessions.turned_away,
      total: groups.find((g) => g.dimension === 'total')?.group ?? empty,
      byLanguage: groups.filter((g) => g.dimension === 'language').map((g) => g.group),
      byTopic: groups.filter((g) => g.dimension === 'topic').map((g) => g.group),
      byInterpreterLanguage: groups
        .filter((g) => g.dimension === 'interpreter' && g.group.key !== 'none')
        .map((g) => g.group),
    };
  }
}

function rounded(value: number | string | null): number | null {
  return value === null ? null : Math.round(Number(value) * 10) / 10;
}
