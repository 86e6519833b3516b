import { DateTime } from 'luxon';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { localeOf, useFormat } from '../ui/format';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { absenceLabel, useAvailability } from '../api/availability';
import { useCounsellors, type Absence, type Counsellor, type ExtraHours, type Rule } from './api';
import {
  apiDetailText,
  ConfirmButton,
  isolate,
  SuccessNotice,
  useFieldErrors,
  useWeekdays,
} from './ui';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

function useLocalDate(): (date: string) => string {
  const { i18n } = useTranslation();
  return (date: string) =>
    DateTime.fromISO(date)
      .setLocale(localeOf(i18n.language))
      .reconfigure({ outputCalendar: 'gregory' })
      .toLocaleString({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
}

export function RosterPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('admin');
  const counsellors = useCounsellors();
  const format = useFormat();
  const counsellor = counsellors.data?.find((c) => c.id === id);
  usePageTitle(t('roster.title', { name: counsellor?.displayName ?? '' }));

  if (counsellors.isPending) return <Loading />;
  if (counsellors.error) return <ErrorNotice error={counsellors.error} />;
  if (!counsellor) {
    return (
      <section>
        <h1>{t('roster.title', { name: '' })}</h1>
        <p className="notice notice-error" role="alert">
          {t('counsellor.notFound')}
        </p>
        <Link to="/admin/counsellors">{t('counsellor.backToList')}</Link>
      </section>
    );
  }
  return (
    <section className="stack">
      <p>
        <Link to="/admin/counsellors">{t('counsellor.backToList')}</Link>
        {' · '}
        <Link to={`/admin/counsellors/${counsellor.id}`}>{t('roster.toProfile')}</Link>
      </p>
      <h1>{t('roster.title', { name: counsellor.displayName })}</h1>
      <p className="notice">
        {t('roster.zoneNote', { zone: isolate(format.zone(counsellor.timeZone)) })}
      </p>
      {!counsellor.active ? (
        <p className="notice notice-warning">{t('counsellor.inactiveNote')}</p>
      ) : null}
      <WeekGrid counsellor={counsellor} />
      <ExtraHoursSection counsellor={counsellor} />
      <AbsencesSection counsellor={counsellor} />
    </section>
  );
}

function WeekGrid({ counsellor }: { counsellor: Counsellor }) {
  const { t } = useTranslation('admin');
  const weekdays = useWeekdays();
  const localDate = useLocalDate();
  const startInput = useRef<HTMLInputElement>(null);
  const [weekday, setWeekday] = useState(1);
  const [start, setStart] = useState('09:00');
  const [end, setEnd] = useState('12:00');
  const [validFrom, setValidFrom] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const today = DateTime.now().setZone(counsellor.timeZone).toISODate() ?? '';

  const dayName = (iso: number) => weekdays.find((day) => day.iso === iso)?.long ?? String(iso);
  const describe = (rule: Rule) => `${dayName(rule.weekday)} ${rule.start}–${rule.end}`;
  const {
    list: rules,
    add,
    remove,
  } = useAvailability<Rule>(counsellor.id, 'rules', {
    onAdded: (rule) => setDone(t('roster.ruleAdded', { rule: describe(rule) })),
    onRemoved: (rule) => setDone(t('roster.ruleRemoved', { rule: describe(rule) })),
  });

  const fieldErrors = useFieldErrors(add.error);
  // The API names the clashing rule by id: say which one it is, in words.
  const overlapMessage = (() => {
    const text = apiDetailText(add.error);
    if (!/overlap/i.test(text)) return null;
    const clashId = UUID.exec(text)?.[0];
    const clash = rules.data?.find((rule) => rule.id === clashId);
    return clash ? t('roster.overlapWith', { rule: describe(clash) }) : t('roster.overlap');
  })();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    add.mutate({
      weekday,
      start,
      end,
      validFrom: validFrom || undefined,
      validUntil: validUntil || undefined,
    });
  };

  const validity = (rule: Rule) => {
    if (rule.validFrom && rule.validUntil)
      return t('roster.validBetween', {
        from: localDate(rule.validFrom),
        until: localDate(rule.validUntil),
      });
    if (rule.validFrom) return t('roster.validFrom', { from: localDate(rule.validFrom) });
    if (rule.validUntil) return t('roster.validUntil', { until: localDate(rule.validUntil) });
    return null;
  };

  return (
    <section className="card stack" aria-labelledby="week-heading">
      <h2 id="week-heading">{t('roster.weekTitle')}</h2>
      <ErrorNotice error={rules.error} />
      <ErrorNotice error={remove.error} />
      <SuccessNotice message={done} />
      {rules.isPending ? (
        <Loading />
      ) : (
        <ol className="week-grid" aria-label={t('roster.weekTitle')}>
          {weekdays.map((day) => {
            const own = (rules.data ?? [])
              .filter((rule) => rule.weekday === day.iso)
              .sort((a, b) => a.start.localeCompare(b.start));
            return (
              <li key={day.iso} className="week-day">
                <h3>{day.long}</h3>
                {own.length === 0 ? (
                  <p className="muted">{t('roster.dayEmpty')}</p>
                ) : (
                  <ul className="rule-list">
                    {own.map((rule) => {
                      const expired = rule.validUntil !== null && rule.validUntil < today;
                      return (
                        <li key={rule.id} className={`rule-block${expired ? ' expired' : ''}`}>
                          <span className="rule-time" dir="ltr">
                            {rule.start}–{rule.end}
                          </span>
                          {validity(rule) ? (
                            <span className="rule-validity">{validity(rule)}</span>
                          ) : null}
                          {expired ? (
                            <span className="rule-validity">{t('roster.expired')}</span>
                          ) : null}
                          <ConfirmButton
                            label={t('common:actions.delete')}
                            ariaLabel={t('roster.deleteRule', { rule: describe(rule) })}
                            question={t('roster.deleteRuleQuestion', { rule: describe(rule) })}
                            disabled={remove.isPending}
                            onConfirm={() => remove.mutate(rule)}
                          />
                        </li>
                      );
                    })}
                  </ul>
                )}
                <button
                  type="button"
                  className="link-button"
                  aria-label={t('roster.addForDay', { day: day.long })}
                  onClick={() => {
                    setWeekday(day.iso);
                    startInput.current?.focus();
                    startInput.current?.scrollIntoView({ block: 'center' });
                  }}
                >
                  + {t('roster.addHours')}
                </button>
              </li>
            );
          })}
        </ol>
      )}
      <form className="stack add-rule" onSubmit={submit} aria-labelledby="add-rule-heading">
        <h3 id="add-rule-heading">{t('roster.addTitle')}</h3>
        <div className="form-grid">
          <Field
            label={t('roster.weekday')}
            error={overlapMessage ? undefined : fieldErrors.weekday}
          >
            <select value={weekday} onChange={(event) => setWeekday(Number(event.target.value))}>
              {weekdays.map((day) => (
                <option key={day.iso} value={day.iso}>
                  {day.long}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('roster.start')} error={fieldErrors.start}>
            <input
              ref={startInput}
              type="time"
              step={300}
              required
              value={start}
              onChange={(event) => setStart(event.target.value)}
            />
          </Field>
          <Field label={t('roster.end')} hint={t('roster.endHint')} error={fieldErrors.end}>
            <input
              type="time"
              step={300}
              required
              value={end}
              onChange={(event) => setEnd(event.target.value)}
            />
          </Field>
          <Field
            label={t('roster.validFromLabel')}
            hint={t('roster.optional')}
            error={fieldErrors.validFrom}
          >
            <input
              type="date"
              value={validFrom}
              onChange={(event) => setValidFrom(event.target.value)}
            />
          </Field>
          <Field
            label={t('roster.validUntilLabel')}
            hint={t('roster.optional')}
            error={fieldErrors.validUntil}
          >
            <input
              type="date"
              value={validUntil}
              min={validFrom || undefined}
              onChange={(event) => setValidUntil(event.target.value)}
            />
          </Field>
        </div>
        {overlapMessage ? (
          <p className="notice notice-error" role="alert">
            {overlapMessage}
          </p>
        ) : (
          <ErrorNotice error={add.error} />
        )}
        <div>
          <button type="submit" className="btn btn-primary" disabled={add.isPending}>
            {t('roster.addSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}

function ExtraHoursSection({ counsellor }: { counsellor: Counsellor }) {
  const { t } = useTranslation('admin');
  const localDate = useLocalDate();
  const [date, setDate] = useState('');
  const [start, setStart] = useState('10:00');
  const [end, setEnd] = useState('14:00');
  const [done, setDone] = useState<string | null>(null);
  const today = DateTime.now().setZone(counsellor.timeZone).toISODate() ?? '';

  const describe = (extra: ExtraHours) => `${localDate(extra.date)} ${extra.start}–${extra.end}`;
  const {
    list: extras,
    add,
    remove,
  } = useAvailability<ExtraHours>(counsellor.id, 'extra-hours', {
    onAdded: (extra) => {
      setDone(t('roster.extraAdded', { extra: describe(extra) }));
      setDate('');
    },
    onRemoved: (extra) => setDone(t('roster.extraRemoved', { extra: describe(extra) })),
  });
  const errors = useFieldErrors(add.error);
  const list = [...(extras.data ?? [])].sort((a, b) =>
    `${a.date}${a.start}`.localeCompare(`${b.date}${b.start}`),
  );

  return (
    <section className="card stack" aria-labelledby="extras-heading">
      <h2 id="extras-heading">{t('roster.extrasTitle')}</h2>
      <p className="muted">{t('roster.extrasIntro')}</p>
      <ErrorNotice error={extras.error} />
      <ErrorNotice error={remove.error} />
      <SuccessNotice message={done} />
      {extras.isPending ? (
        <Loading />
      ) : list.length === 0 ? (
        <p className="muted">{t('roster.extrasEmpty')}</p>
      ) : (
        <ul className="plain-list">
          {list.map((extra) => (
            <li key={extra.id} className={extra.date < today ? 'expired' : undefined}>
              <span>
                {localDate(extra.date)}{' '}
                <span dir="ltr">
                  {extra.start}–{extra.end}
                </span>
              </span>
              <ConfirmButton
                label={t('common:actions.delete')}
                ariaLabel={t('roster.deleteExtra', { extra: describe(extra) })}
                question={t('roster.deleteExtraQuestion', { extra: describe(extra) })}
                disabled={remove.isPending}
                onConfirm={() => remove.mutate(extra)}
              />
            </li>
          ))}
        </ul>
      )}
      <form
        className="stack"
        aria-labelledby="add-extra-heading"
        onSubmit={(event) => {
          event.preventDefault();
          setDone(null);
          add.mutate({ date, start, end });
        }}
      >
        <h3 id="add-extra-heading">{t('roster.addExtraTitle')}</h3>
        <div className="form-grid">
          <Field label={t('roster.date')} error={errors.date}>
            <input
              type="date"
              required
              value={date}
              onChange={(event) => setDate(event.target.value)}
            />
          </Field>
          <Field label={t('roster.start')} error={errors.start}>
            <input
              type="time"
              step={300}
              required
              value={start}
              onChange={(event) => setStart(event.target.value)}
            />
          </Field>
          <Field label={t('roster.end')} error={errors.end}>
            <input
              type="time"
              step={300}
              required
              value={end}
              onChange={(event) => setEnd(event.target.value)}
            />
          </Field>
        </div>
        <ErrorNotice error={add.error} />
        <div>
          <button type="submit" className="btn btn-primary" disabled={add.isPending}>
            {t('roster.addExtraSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}

function AbsencesSection({ counsellor }: { counsellor: Counsellor }) {
  const { t } = useTranslation('admin');
  const format = useFormat();
  const zone = counsellor.timeZone;
  const [mode, setMode] = useState<'days' | 'period'>('days');
  const [startDate, setStartDate] = useState('');
  const [endDate, setEndDate] = useState('');
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);

  const describe = (absence: Absence) => absenceLabel(absence, zone, format);
  const {
    list: absences,
    add,
    remove,
  } = useAvailability<Absence>(counsellor.id, 'absences', {
    onAdded: (absence) => {
      setDone(t('roster.absenceAdded', { absence: describe(absence) }));
      setStartDate('');
      setEndDate('');
      setStartsAt('');
      setEndsAt('');
    },
    onRemoved: (absence) => setDone(t('roster.absenceRemoved', { absence: describe(absence) })),
  });
  const errors = useFieldErrors(add.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    setLocalError(null);
    if (mode === 'days') {
      add.mutate({ startDate, endDate: endDate || startDate });
      return;
    }
    // datetime-local has no zone: it is read in the counsellor's zone.
    const from = DateTime.fromISO(startsAt, { zone });
    const until = DateTime.fromISO(endsAt, { zone });
    if (!from.isValid || !until.isValid) {
      setLocalError(t('validation.generic'));
      return;
    }
    add.mutate({
      startsAt: from.toISO({ suppressMilliseconds: true }),
      endsAt: until.toISO({ suppressMilliseconds: true }),
    });
  };

  const now = new Date().toISOString();
  const list = [...(absences.data ?? [])].sort((a, b) => a.startsAt.localeCompare(b.startsAt));

  return (
    <section className="card stack" aria-labelledby="absences-heading">
      <h2 id="absences-heading">{t('roster.absencesTitle')}</h2>
      <p className="muted">{t('roster.absencesIntro')}</p>
      <ErrorNotice error={absences.error} />
      <ErrorNotice error={remove.error} />
      <SuccessNotice message={done} />
      {absences.isPending ? (
        <Loading />
      ) : list.length === 0 ? (
        <p className="muted">{t('roster.absencesEmpty')}</p>
      ) : (
        <ul className="plain-list">
          {list.map((absence) => (
            <li key={absence.id} className={absence.endsAt < now ? 'expired' : undefined}>
              <span>{describe(absence)}</span>
              <ConfirmButton
                label={t('common:actions.delete')}
                ariaLabel={t('roster.deleteAbsence', { absence: describe(absence) })}
                question={t('roster.deleteAbsenceQuestion', { absence: describe(absence) })}
                disabled={remove.isPending}
                onConfirm={() => remove.mutate(absence)}
              />
            </li>
          ))}
        </ul>
      )}
      <form className="stack" aria-labelledby="add-absence-heading" onSubmit={submit}>
        <h3 id="add-absence-heading">{t('roster.addAbsenceTitle')}</h3>
        <fieldset>
          <legend>{t('roster.absenceKind')}</legend>
          <div className="row">
            <label className="choice">
              <input
                type="radio"
                name="absence-mode"
                checked={mode === 'days'}
                onChange={() => setMode('days')}
              />
              {t('roster.wholeDays')}
            </label>
            <label className="choice">
              <input
                type="radio"
                name="absence-mode"
                checked={mode === 'period'}
                onChange={() => setMode('period')}
              />
              {t('roster.period')}
            </label>
          </div>
        </fieldset>
        {mode === 'days' ? (
          <div className="form-grid">
            <Field label={t('roster.firstDay')} error={errors.startDate}>
              <input
                type="date"
                required
                value={startDate}
                onChange={(event) => setStartDate(event.target.value)}
              />
            </Field>
            <Field
              label={t('roster.lastDay')}
              hint={t('roster.lastDayHint')}
              error={errors.endDate}
            >
              <input
                type="date"
                value={endDate}
                min={startDate || undefined}
                onChange={(event) => setEndDate(event.target.value)}
              />
            </Field>
          </div>
        ) : (
          <div className="form-grid">
            <Field label={t('roster.from')} error={errors.startsAt}>
              <input
                type="datetime-local"
                required
                value={startsAt}
                onChange={(event) => setStartsAt(event.target.value)}
              />
            </Field>
            <Field label={t('roster.until')} error={errors.endsAt}>
              <input
                type="datetime-local"
                required
                value={endsAt}
                min={startsAt || undefined}
                onChange={(event) => setEndsAt(event.target.value)}
              />
            </Field>
          </div>
        )}
        {localError ? (
          <p className="notice notice-error" role="alert">
            {localError}
          </p>
        ) : null}
        <ErrorNotice error={add.error} />
        <div>
          <button type="submit" className="btn btn-primary" disabled={add.isPending}>
            {t('roster.addAbsenceSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}
