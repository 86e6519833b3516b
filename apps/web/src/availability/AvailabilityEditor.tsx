import { DateTime } from 'luxon';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SuccessNotice } from '../admin/ui';
import {
  absenceLabel,
  useAvailability,
  type Absence,
  type Counsellor,
  type ExtraHours,
  type Rule,
} from '../api/availability';
import { ApiError, errorCode } from '../api/client';
import { useFieldTexts } from '../api/errors';
import { ConfirmButton } from '../ui/ConfirmButton';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { localeOf, useFormat } from '../ui/format';
import { Loading } from '../ui/Loading';
import { useWeekdays } from '../ui/weekdays';
import './availability.css';

/**
 * The one editor of a counsellor's availability: weekly hours, extra hours and absences. The admin's
 * roster page and the counsellor's own page both show it, so they cannot drift apart again.
 */
export function AvailabilityEditor({ counsellor }: { counsellor: Counsellor }) {
  return (
    <>
      <WeekGrid counsellor={counsellor} />
      <ExtraHoursSection counsellor={counsellor} />
      <AbsencesSection counsellor={counsellor} />
    </>
  );
}

/** A time input says "00:00" for midnight; as an end, the API's word for it is "24:00". */
export function endOfDay(value: string): string {
  return value === '00:00' ? '24:00' : value;
}

function useLocalDate(): (date: string) => string {
  const { i18n } = useTranslation();
  return (date: string) =>
    DateTime.fromISO(date)
      .setLocale(localeOf(i18n.language))
      .reconfigure({ outputCalendar: 'gregory' })
      .toLocaleString({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
}

export function WeekGrid({ counsellor }: { counsellor: Counsellor }) {
  const { t } = useTranslation('availability');
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
  } = useAvailability(counsellor.id, 'rules', {
    onAdded: (rule) => setDone(t('ruleAdded', { rule: describe(rule) })),
    onRemoved: (rule) => setDone(t('ruleRemoved', { rule: describe(rule) })),
  });

  const fieldErrors = useFieldTexts(add.error, 'availability');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    add.mutate({
      weekday,
      start,
      end: endOfDay(end),
      validFrom: validFrom || undefined,
      validUntil: validUntil || undefined,
    });
  };

  const validity = (rule: Rule) => {
    if (rule.validFrom && rule.validUntil)
      return t('validBetween', {
        from: localDate(rule.validFrom),
        until: localDate(rule.validUntil),
      });
    if (rule.validFrom) return t('validFrom', { from: localDate(rule.validFrom) });
    if (rule.validUntil) return t('validUntil', { until: localDate(rule.validUntil) });
    return null;
  };

  // The answer carries the clashing rule itself (also one added meanwhile elsewhere, not yet in
  // this list): say which one it is, in words and in the user's language.
  const overlapMessage = (() => {
    if (errorCode(add.error) !== 'rule_overlaps') return null;
    const clash = add.error instanceof ApiError ? add.error.body?.clashingRule : undefined;
    if (!clash) return t('overlap');
    const period = validity(clash);
    return t('overlapWith', { rule: period ? `${describe(clash)} (${period})` : describe(clash) });
  })();

  return (
    <section className="card stack" aria-labelledby="week-heading">
      <h2 id="week-heading">{t('weekTitle')}</h2>
      <ErrorNotice error={rules.error} />
      <ErrorNotice error={remove.error} />
      <SuccessNotice message={done} />
      {rules.isPending ? (
        <Loading />
      ) : (
        <ol className="week-grid" aria-label={t('weekTitle')}>
          {weekdays.map((day) => {
            const own = (rules.data ?? [])
              .filter((rule) => rule.weekday === day.iso)
              .sort((a, b) => a.start.localeCompare(b.start));
            return (
              <li key={day.iso} className="week-day">
                <h3>{day.long}</h3>
                {own.length === 0 ? (
                  <p className="muted">{t('dayEmpty')}</p>
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
                          {expired ? <span className="rule-validity">{t('expired')}</span> : null}
                          <ConfirmButton
                            label={t('common:actions.delete')}
                            ariaLabel={t('deleteRule', { rule: describe(rule) })}
                            question={t('deleteRuleQuestion', { rule: describe(rule) })}
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
                  aria-label={t('addForDay', { day: day.long })}
                  onClick={() => {
                    setWeekday(day.iso);
                    startInput.current?.focus();
                    startInput.current?.scrollIntoView({ block: 'center' });
                  }}
                >
                  + {t('addHours')}
                </button>
              </li>
            );
          })}
        </ol>
      )}
      <form className="stack add-rule" onSubmit={submit} aria-labelledby="add-rule-heading">
        <h3 id="add-rule-heading">{t('addTitle')}</h3>
        <div className="form-grid">
          <Field label={t('weekday')} error={overlapMessage ? undefined : fieldErrors.weekday}>
            <select value={weekday} onChange={(event) => setWeekday(Number(event.target.value))}>
              {weekdays.map((day) => (
                <option key={day.iso} value={day.iso}>
                  {day.long}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('start')} error={fieldErrors.start}>
            <input
              ref={startInput}
              type="time"
              step={300}
              required
              value={start}
              onChange={(event) => setStart(event.target.value)}
            />
          </Field>
          <Field label={t('end')} hint={t('endHint')} error={fieldErrors.end}>
            <input
              type="time"
              step={300}
              required
              value={end}
              onChange={(event) => setEnd(event.target.value)}
            />
          </Field>
          <Field label={t('validFromLabel')} hint={t('optional')} error={fieldErrors.validFrom}>
            <input
              type="date"
              value={validFrom}
              onChange={(event) => setValidFrom(event.target.value)}
            />
          </Field>
          <Field label={t('validUntilLabel')} hint={t('optional')} error={fieldErrors.validUntil}>
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
            {t('addSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}

export function ExtraHoursSection({ counsellor }: { counsellor: Counsellor }) {
  const { t } = useTranslation('availability');
  const localDate = useLocalDate();
  const [date, setDate] = useState('');
  const [start, setStart] = useState('10:00');
  const [end, setEnd] = useState('14:00');
  const [done, setDone] = useState<string | null>(null);
  const today = DateTime.now().setZone(counsellor.timeZone).toISODate() ?? '';

  const describe = (extra: Pick<ExtraHours, 'date' | 'start' | 'end'>) =>
    `${localDate(extra.date)} ${extra.start}–${extra.end}`;
  const {
    list: extras,
    add,
    remove,
  } = useAvailability(counsellor.id, 'extra-hours', {
    onAdded: (extra) => {
      setDone(t('extraAdded', { extra: describe(extra) }));
      setDate('');
    },
    onRemoved: (extra) => setDone(t('extraRemoved', { extra: describe(extra) })),
  });
  const errors = useFieldTexts(add.error, 'availability');
  // As with weekly hours: the answer names the clashing entry; say which, in the user's language.
  const overlapMessage = (() => {
    if (errorCode(add.error) !== 'extra_hours_overlap') return null;
    const clash = add.error instanceof ApiError ? add.error.body?.clashingExtraHours : undefined;
    if (!clash) return t('overlap');
    return t('overlapWith', { rule: describe(clash) });
  })();
  const list = [...(extras.data ?? [])].sort((a, b) =>
    `${a.date}${a.start}`.localeCompare(`${b.date}${b.start}`),
  );

  return (
    <section className="card stack" aria-labelledby="extras-heading">
      <h2 id="extras-heading">{t('extrasTitle')}</h2>
      <p className="muted">{t('extrasIntro')}</p>
      <ErrorNotice error={extras.error} />
      <ErrorNotice error={remove.error} />
      <SuccessNotice message={done} />
      {extras.isPending ? (
        <Loading />
      ) : list.length === 0 ? (
        <p className="muted">{t('extrasEmpty')}</p>
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
                ariaLabel={t('deleteExtra', { extra: describe(extra) })}
                question={t('deleteExtraQuestion', { extra: describe(extra) })}
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
          add.mutate({ date, start, end: endOfDay(end) });
        }}
      >
        <h3 id="add-extra-heading">{t('addExtraTitle')}</h3>
        <div className="form-grid">
          <Field label={t('date')} error={errors.date}>
            <input
              type="date"
              required
              value={date}
              onChange={(event) => setDate(event.target.value)}
            />
          </Field>
          <Field label={t('start')} error={overlapMessage ? undefined : errors.start}>
            <input
              type="time"
              step={300}
              required
              value={start}
              onChange={(event) => setStart(event.target.value)}
            />
          </Field>
          <Field label={t('end')} error={errors.end}>
            <input
              type="time"
              step={300}
              required
              value={end}
              onChange={(event) => setEnd(event.target.value)}
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
            {t('addExtraSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}

export function AbsencesSection({ counsellor }: { counsellor: Counsellor }) {
  const { t } = useTranslation('availability');
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
  } = useAvailability(counsellor.id, 'absences', {
    onAdded: (absence) => {
      setDone(t('absenceAdded', { absence: describe(absence) }));
      setStartDate('');
      setEndDate('');
      setStartsAt('');
      setEndsAt('');
    },
    onRemoved: (absence) => setDone(t('absenceRemoved', { absence: describe(absence) })),
  });
  const errors = useFieldTexts(add.error, 'availability');

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
      <h2 id="absences-heading">{t('absencesTitle')}</h2>
      <p className="muted">{t('absencesIntro')}</p>
      <ErrorNotice error={absences.error} />
      <ErrorNotice error={remove.error} />
      <SuccessNotice message={done} />
      {absences.isPending ? (
        <Loading />
      ) : list.length === 0 ? (
        <p className="muted">{t('absencesEmpty')}</p>
      ) : (
        <ul className="plain-list">
          {list.map((absence) => (
            <li key={absence.id} className={absence.endsAt < now ? 'expired' : undefined}>
              <span>{describe(absence)}</span>
              <ConfirmButton
                label={t('common:actions.delete')}
                ariaLabel={t('deleteAbsence', { absence: describe(absence) })}
                question={t('deleteAbsenceQuestion', { absence: describe(absence) })}
                disabled={remove.isPending}
                onConfirm={() => remove.mutate(absence)}
              />
            </li>
          ))}
        </ul>
      )}
      <form className="stack" aria-labelledby="add-absence-heading" onSubmit={submit}>
        <h3 id="add-absence-heading">{t('addAbsenceTitle')}</h3>
        <fieldset>
          <legend>{t('absenceKind')}</legend>
          <div className="row">
            <label className="choice">
              <input
                type="radio"
                name="absence-mode"
                checked={mode === 'days'}
                onChange={() => setMode('days')}
              />
              {t('wholeDays')}
            </label>
            <label className="choice">
              <input
                type="radio"
                name="absence-mode"
                checked={mode === 'period'}
                onChange={() => setMode('period')}
              />
              {t('period')}
            </label>
          </div>
        </fieldset>
        {mode === 'days' ? (
          <div className="form-grid">
            <Field label={t('firstDay')} error={errors.startDate}>
              <input
                type="date"
                required
                value={startDate}
                onChange={(event) => setStartDate(event.target.value)}
              />
            </Field>
            <Field label={t('lastDay')} hint={t('lastDayHint')} error={errors.endDate}>
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
            <Field label={t('from')} error={errors.startsAt}>
              <input
                type="datetime-local"
                required
                value={startsAt}
                onChange={(event) => setStartsAt(event.target.value)}
              />
            </Field>
            <Field label={t('until')} error={errors.endsAt}>
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
            {t('addAbsenceSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}
