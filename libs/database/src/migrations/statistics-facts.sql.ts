/**
 * The SQL of the statistics' monthly facts (migration 1798200000000), generated from a few
 * constants: frozen with that migration (a later change needs a migration of its own).
 *
 * Three tables sum what the reports count by office, month (office zone), client language, topic,
 * channel (and interpreter language): appointments, walk-in tickets and slot searches. Each keeps
 * a histogram in columns (lead time in days, walk-in wait in minutes, days to the first free slot),
 * the last column counting everything beyond. Row triggers keep them exact on every insert, change
 * and delete of the rows they count; statistics_rebuild() recomputes them from the rows.
 */
export const LEAD_CAP = 61;
export const WAIT_CAP = 121;
export const DAYS_CAP = 31;

const columns = (prefix: string, cap: number) =>
  Array.from({ length: cap + 1 }, (_, i) => `${prefix}_${i}`);
const LEAD = columns('lead', LEAD_CAP);
const WAIT = columns('wait', WAIT_CAP);
const DAYS = columns('days', DAYS_CAP);

const APPOINTMENT_MEASURES = [
  'cases',
  'completed',
  'no_show',
  'cancelled_client',
  'cancelled_staff',
  'cancelled_system',
  'open',
  'family_members',
  'cases_with_family',
  ...LEAD,
];
const WALK_IN_MEASURES = [
  'tickets',
  'served',
  'missed',
  'left_queue',
  'expired',
  'open',
  'family_members',
  'cases_with_family',
  ...WAIT,
];
const SEARCH_MEASURES = ['searches', 'found', 'unmet', ...DAYS];

const intColumns = (names: string[]) =>
  names.map((name) => `"${name}" integer NOT NULL DEFAULT 0`).join(',\n  ');
const histogram = (names: string[], index: string, d: string) =>
  names.map((_, i) => `CASE WHEN ${index} = ${i} THEN ${d} ELSE 0 END`);
const upsertSet = (names: string[]) =>
  names.map((name) => `"${name}" = f."${name}" + EXCLUDED."${name}"`).join(', ');

/** The contributions of one appointment row `a` (times `d`), in APPOINTMENT_MEASURES order. */
const appointmentValues = (a: string, d: string, lead: string) => [
  d,
  `CASE WHEN ${a}.status = 'completed' THEN ${d} ELSE 0 END`,
  `CASE WHEN ${a}.status = 'no_show' THEN ${d} ELSE 0 END`,
  `CASE WHEN ${a}.status = 'cancelled' AND ${a}.cancelled_by = 'client' THEN ${d} ELSE 0 END`,
  `CASE WHEN ${a}.status = 'cancelled' AND ${a}.cancelled_by IS DISTINCT FROM 'client' AND ${a}.cancelled_by IS DISTINCT FROM 'system' THEN ${d} ELSE 0 END`,
  `CASE WHEN ${a}.status = 'cancelled' AND ${a}.cancelled_by = 'system' THEN ${d} ELSE 0 END`,
  `CASE WHEN ${a}.status = 'confirmed' THEN ${d} ELSE 0 END`,
  `coalesce(${a}.accompanying_family_members, 0) * ${d}`,
  `CASE WHEN ${a}.accompanying_family_members > 0 THEN ${d} ELSE 0 END`,
  ...histogram(LEAD, lead, d),
];
const leadOf = (a: string) =>
  `least(${LEAD_CAP}, greatest(0, floor(EXTRACT(EPOCH FROM ${a}.starts_at - ${a}.created_at) / 86400)))::int`;

const walkInValues = (t: string, d: string, wait: string) => [
  d,
  `CASE WHEN ${t}.status = 'served' THEN ${d} ELSE 0 END`,
  `CASE WHEN ${t}.status = 'missed' THEN ${d} ELSE 0 END`,
  `CASE WHEN ${t}.status = 'left' THEN ${d} ELSE 0 END`,
  `CASE WHEN ${t}.status = 'expired' THEN ${d} ELSE 0 END`,
  `CASE WHEN ${t}.status IN ('waiting', 'called', 'in_call') THEN ${d} ELSE 0 END`,
  `coalesce(${t}.accompanying_family_members, 0) * ${d}`,
  `CASE WHEN ${t}.accompanying_family_members > 0 THEN ${d} ELSE 0 END`,
  ...histogram(WAIT, wait, d),
];
const waitOf = (t: string) =>
  `CASE WHEN ${t}.called_at IS NOT NULL THEN least(${WAIT_CAP}, greatest(0, floor(EXTRACT(EPOCH FROM ${t}.called_at - ${t}.queued_at) / 60)))::int END`;

const searchValues = (s: string, d: string) => [
  d,
  `CASE WHEN ${s}.found_within_14_days THEN ${d} ELSE 0 END`,
  `CASE WHEN NOT ${s}.found_within_14_days THEN ${d} ELSE 0 END`,
  ...histogram(DAYS, `least(${DAYS_CAP}, ${s}.days_to_first_slot)`, d),
];

const sumsOf = (values: string[]) => values.map((value) => `sum(${value})::int`).join(', ');
const list = (names: string[]) => names.map((name) => `"${name}"`).join(', ');

/**
 * The counter rows' shard: none (one row per office, month, …), as migration 1798200000000 made
 * them, or a `shard` column whose value `value` computes (migration 1798400000000).
 */
interface Shard {
  create: string;
  column: string;
  value: string;
}
const UNSHARDED: Shard = { create: 'CREATE FUNCTION', column: '', value: '' };

/** The function adding one appointment's contribution (d = 1 or -1) to its monthly counters. */
export const appointmentAdd = ({ create, ...shard }: Shard = UNSHARDED) =>
  `${create} "statistics_appointment_add"(a appointment, d integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO statistics_appointment_month AS f (office_id, month, language, topic, channel, interpreter_language${shard.column}, ${list(APPOINTMENT_MEASURES)})
  SELECT a.office_id, date_trunc('month', a.starts_at AT TIME ZONE o.time_zone)::date, a.client_language,
         ct.topic, ct.channel::text, coalesce(a.interpreter_language, '')${shard.value}, ${appointmentValues('a', 'd', leadOf('a')).join(', ')}
    FROM office o, consultation_type ct
   WHERE o.id = a.office_id AND ct.id = a.consultation_type_id AND a.status <> 'held'
  ON CONFLICT (office_id, month, language, topic, channel, interpreter_language${shard.column}) DO UPDATE SET ${upsertSet(APPOINTMENT_MEASURES)};
END $$`;

/** The function adding one walk-in ticket's contribution. */
export const walkInAdd = ({ create, ...shard }: Shard = UNSHARDED) =>
  `${create} "statistics_walk_in_add"(t walk_in_ticket, d integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO statistics_walk_in_month AS f (office_id, month, language, topic, channel, interpreter_language${shard.column}, ${list(WALK_IN_MEASURES)})
  SELECT t.office_id, date_trunc('month', t.taken_at AT TIME ZONE o.time_zone)::date, t.language,
         coalesce(t.topic, ''), h.channel::text, coalesce(t.interpreter_language, '')${shard.value}, ${walkInValues('t', 'd', waitOf('t')).join(', ')}
    FROM office o, walk_in_session s, walk_in_hour h
   WHERE o.id = t.office_id AND s.id = t.session_id AND h.id = s.walk_in_hour_id
  ON CONFLICT (office_id, month, language, topic, channel, interpreter_language${shard.column}) DO UPDATE SET ${upsertSet(WALK_IN_MEASURES)};
END $$`;

/** The function adding one slot search's contribution. */
export const searchAdd = ({ create, ...shard }: Shard = UNSHARDED) =>
  `${create} "statistics_search_add"(s slot_search_stat, d integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO statistics_search_month AS f (office_id, month, language, topic, channel${shard.column}, ${list(SEARCH_MEASURES)})
  VALUES (s.office_id, date_trunc('month', s.searched_on)::date, coalesce(s.language, ''),
          coalesce(s.topic, ''), coalesce(s.channel::text, '')${shard.value}, ${searchValues('s', 'd').join(', ')})
  ON CONFLICT (office_id, month, language, topic, channel${shard.column}) DO UPDATE SET ${upsertSet(SEARCH_MEASURES)};
END $$`;

export const STATISTICS_FACTS_UP: string[] = [
  `CREATE TABLE "statistics_appointment_month" (
  "office_id" uuid NOT NULL,
  "month" date NOT NULL,
  "language" character varying(16) NOT NULL,
  "topic" character varying(40) NOT NULL,
  "channel" character varying(10) NOT NULL,
  "interpreter_language" character varying(16) NOT NULL,
  ${intColumns(APPOINTMENT_MEASURES)},
  CONSTRAINT "pk_statistics_appointment_month" PRIMARY KEY ("office_id", "month", "language", "topic", "channel", "interpreter_language"),
  CONSTRAINT "fk_statistics_appointment_month_office" FOREIGN KEY ("office_id") REFERENCES "office"("id") ON DELETE CASCADE
)`,
  `CREATE TABLE "statistics_walk_in_month" (
  "office_id" uuid NOT NULL,
  "month" date NOT NULL,
  "language" character varying(16) NOT NULL,
  "topic" character varying(40) NOT NULL,
  "channel" character varying(10) NOT NULL,
  "interpreter_language" character varying(16) NOT NULL,
  ${intColumns(WALK_IN_MEASURES)},
  CONSTRAINT "pk_statistics_walk_in_month" PRIMARY KEY ("office_id", "month", "language", "topic", "channel", "interpreter_language"),
  CONSTRAINT "fk_statistics_walk_in_month_office" FOREIGN KEY ("office_id") REFERENCES "office"("id") ON DELETE CASCADE
)`,
  `CREATE TABLE "statistics_search_month" (
  "office_id" uuid,
  "month" date NOT NULL,
  "language" character varying(16) NOT NULL,
  "topic" character varying(40) NOT NULL,
  "channel" character varying(10) NOT NULL,
  ${intColumns(SEARCH_MEASURES)},
  CONSTRAINT "fk_statistics_search_month_office" FOREIGN KEY ("office_id") REFERENCES "office"("id") ON DELETE CASCADE
)`,
  `CREATE UNIQUE INDEX "ux_statistics_search_month" ON "statistics_search_month" ("office_id", "month", "language", "topic", "channel") NULLS NOT DISTINCT`,

  // One appointment's contribution (d = 1 or -1); held times are no appointments. PL/pgSQL, not
  // SQL: its plan is kept per connection instead of being made again on every call.
  appointmentAdd(),
  `CREATE FUNCTION "statistics_appointment_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.office_id = NEW.office_id AND OLD.starts_at = NEW.starts_at
     AND OLD.client_language = NEW.client_language AND OLD.consultation_type_id = NEW.consultation_type_id
     AND OLD.interpreter_language IS NOT DISTINCT FROM NEW.interpreter_language AND OLD.status = NEW.status
     AND OLD.cancelled_by IS NOT DISTINCT FROM NEW.cancelled_by AND OLD.created_at = NEW.created_at
     AND OLD.accompanying_family_members IS NOT DISTINCT FROM NEW.accompanying_family_members THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN PERFORM statistics_appointment_add(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM statistics_appointment_add(NEW, 1); END IF;
  RETURN NULL;
END $$`,
  `CREATE TRIGGER "tr_appointment_statistics" AFTER INSERT OR UPDATE OR DELETE ON "appointment" FOR EACH ROW EXECUTE FUNCTION statistics_appointment_trigger()`,

  walkInAdd(),
  `CREATE FUNCTION "statistics_walk_in_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.office_id = NEW.office_id AND OLD.session_id = NEW.session_id
     AND OLD.taken_at = NEW.taken_at AND OLD.language = NEW.language
     AND OLD.topic IS NOT DISTINCT FROM NEW.topic AND OLD.status = NEW.status
     AND OLD.interpreter_language IS NOT DISTINCT FROM NEW.interpreter_language
     AND OLD.queued_at = NEW.queued_at AND OLD.called_at IS NOT DISTINCT FROM NEW.called_at
     AND OLD.accompanying_family_members IS NOT DISTINCT FROM NEW.accompanying_family_members THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN PERFORM statistics_walk_in_add(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM statistics_walk_in_add(NEW, 1); END IF;
  RETURN NULL;
END $$`,
  `CREATE TRIGGER "tr_walk_in_ticket_statistics" AFTER INSERT OR UPDATE OR DELETE ON "walk_in_ticket" FOR EACH ROW EXECUTE FUNCTION statistics_walk_in_trigger()`,

  searchAdd(),
  `CREATE FUNCTION "statistics_search_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM statistics_search_add(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM statistics_search_add(NEW, 1); END IF;
  RETURN NULL;
END $$`,
  `CREATE TRIGGER "tr_slot_search_stat_statistics" AFTER INSERT OR UPDATE OR DELETE ON "slot_search_stat" FOR EACH ROW EXECUTE FUNCTION statistics_search_trigger()`,

  // Recomputes all three from the rows (after a bulk load with triggers off, or to check them).
  `CREATE FUNCTION "statistics_rebuild"() RETURNS void LANGUAGE sql AS $$
  DELETE FROM statistics_appointment_month;
  DELETE FROM statistics_walk_in_month;
  DELETE FROM statistics_search_month;
  INSERT INTO statistics_appointment_month (office_id, month, language, topic, channel, interpreter_language, ${list(APPOINTMENT_MEASURES)})
  SELECT a.office_id, date_trunc('month', a.starts_at AT TIME ZONE o.time_zone)::date, a.client_language,
         ct.topic, ct.channel::text, coalesce(a.interpreter_language, ''), ${sumsOf(appointmentValues('a', '1', leadOf('a')))}
    FROM appointment a JOIN office o ON o.id = a.office_id JOIN consultation_type ct ON ct.id = a.consultation_type_id
   WHERE a.status <> 'held'
   GROUP BY 1, 2, 3, 4, 5, 6;
  INSERT INTO statistics_walk_in_month (office_id, month, language, topic, channel, interpreter_language, ${list(WALK_IN_MEASURES)})
  SELECT t.office_id, date_trunc('month', t.taken_at AT TIME ZONE o.time_zone)::date, t.language,
         coalesce(t.topic, ''), h.channel::text, coalesce(t.interpreter_language, ''), ${sumsOf(walkInValues('t', '1', waitOf('t')))}
    FROM walk_in_ticket t JOIN office o ON o.id = t.office_id
    JOIN walk_in_session s ON s.id = t.session_id JOIN walk_in_hour h ON h.id = s.walk_in_hour_id
   GROUP BY 1, 2, 3, 4, 5, 6;
  INSERT INTO statistics_search_month (office_id, month, language, topic, channel, ${list(SEARCH_MEASURES)})
  SELECT s.office_id, date_trunc('month', s.searched_on)::date, coalesce(s.language, ''), coalesce(s.topic, ''),
         coalesce(s.channel::text, ''), ${sumsOf(searchValues('s', '1'))}
    FROM slot_search_stat s GROUP BY 1, 2, 3, 4, 5;
$$`,
  `SELECT statistics_rebuild()`,
];

export const STATISTICS_FACTS_DOWN: string[] = [
  `DROP FUNCTION "statistics_rebuild"()`,
  `DROP TRIGGER "tr_slot_search_stat_statistics" ON "slot_search_stat"`,
  `DROP FUNCTION "statistics_search_trigger"()`,
  `DROP FUNCTION "statistics_search_add"(slot_search_stat, integer)`,
  `DROP TRIGGER "tr_walk_in_ticket_statistics" ON "walk_in_ticket"`,
  `DROP FUNCTION "statistics_walk_in_trigger"()`,
  `DROP FUNCTION "statistics_walk_in_add"(walk_in_ticket, integer)`,
  `DROP TRIGGER "tr_appointment_statistics" ON "appointment"`,
  `DROP FUNCTION "statistics_appointment_trigger"()`,
  `DROP FUNCTION "statistics_appointment_add"(appointment, integer)`,
  `DROP TABLE "statistics_search_month"`,
  `DROP TABLE "statistics_walk_in_month"`,
  `DROP TABLE "statistics_appointment_month"`,
];

/** Measure columns, for the reports' queries. */
export const FACT_COLUMNS = { LEAD, WAIT, DAYS };

/** Every measure column of each fact table. */
export const FACT_MEASURES = {
  statistics_appointment_month: APPOINTMENT_MEASURES,
  statistics_walk_in_month: WALK_IN_MEASURES,
  statistics_search_month: SEARCH_MEASURES,
};
