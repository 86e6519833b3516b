import { DateTime, Info } from 'luxon';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { absenceLabel, useAvailability } from '../api/availability';
import { useFieldErrors } from '../api/errors';
import { ConfirmButton } from '../ui/ConfirmButton';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { localeOf, useFormat } from '../ui/format';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { useMe, type Absence, type Counsellor, type ExtraHours, type Rule } from './staffApi';

export function AvailabilityPage() {
  const { t } = useTranslation('staff');
  usePageTitle(t('availability.title'));
  const me = useMe();
  const format = useFormat();
  if (me.isPending) return <Loading />;
  if (me.isError) {
    return (
      <>
        <h1>{t('availability.title')}</h1>
        <ErrorNotice error={me.error} />
      </>
    );
  }
  if (!me.data) {
    return (
      <>
        <h1>{t('availability.title')}</h1>
        <p className="notice notice-warning">{t('console.noProfile')}</p>
      </>
    );
  }
  return (
    <div className="staff-availability">
      <h1>{t('availability.title')}</h1>
      <p className="notice">{t('zoneNote', { zone: format.zone(me.data.timeZone) })}</p>
      <Rules me={me.data} />
      <Extras me={me.data} />
      <Absences me={me.data} />
    </div>
  );
}

/** "24:00" is the API's midnight at the end of a day; a time input says "00:00". */
function endTime(value: string): string {
  return value === '00:00' ? '24:00' : value;
}

function useWeekdays(): string[] {
  const { i18n } = useTranslation();
  return Info.weekdays('long', { locale: localeOf(i18n.language) });
}

/** A list resource of the counsellor: the query, and add/delete mutations that refresh it. */
function Rules({ me }: { me: Counsellor }) {
  const { t } = useTranslation('staff');
  const common = useTranslation('common').t;
  const weekdays = useWeekdays();
  const format = useFormat();
  const { list, add, remove } = useAvailability<Rule>(me.id, 'rules');
  const [weekday, setWeekday] = useState('1');
  const [start, setStart] = useState('09:00');
  const [end, setEnd] = useState('17:00');
  const [validFrom, setValidFrom] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const errors = useFieldErrors(add.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(
      {
        weekday: Number(weekday),
        start,
        end: endTime(end),
        ...(validFrom ? { validFrom } : {}),
        ...(validUntil ? { validUntil } : {}),
      },
      { onSuccess: () => setValidFrom('') },
    );
  };
  const rules = [...(list.data ?? [])].sort(
    (a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start),
  );
  return (
    <section className="card" aria-labelledby="rules-heading">
      <h2 id="rules-heading">{t('availability.rules')}</h2>
      <p className="muted">{t('availability.rulesHint')}</p>
      {list.isPending ? <Loading /> : null}
      <ErrorNotice error={list.error} />
      {list.isSuccess && rules.length === 0 ? <p>{t('availability.noRules')}</p> : null}
      {rules.length > 0 ? (
        <dl className="weekday-list">
          {weekdays.map((name, index) => {
            const day = rules.filter((rule) => rule.weekday === index + 1);
            if (day.length === 0) return null;
            return (
              <div key={name} className="weekday-row">
                <dt>{name}</dt>
                {day.map((rule) => {
                  const label = `${rule.start}–${rule.end}`;
                  return (
                    <dd key={rule.id} className="row">
                      <span>
                        {label}
                        {rule.validFrom || rule.validUntil ? (
                          <span className="muted">
                            {' '}
                            {t('availability.valid', {
                              from: rule.validFrom ? format.day(rule.validFrom) : '…',
                              until: rule.validUntil ? format.day(rule.validUntil) : '…',
                            })}
                          </span>
                        ) : null}
                      </span>
                      <ConfirmButton
                        label={common('actions.delete')}
                        ariaLabel={t('availability.deleteRule', { day: name, time: label })}
                        question={t('availability.confirmDelete', { item: `${name} ${label}` })}
                        disabled={remove.isPending}
                        onConfirm={() => remove.mutate(rule)}
                      />
                    </dd>
                  );
                })}
              </div>
            );
          })}
        </dl>
      ) : null}
      <ErrorNotice error={remove.error} />
      <form className="stack add-form" onSubmit={submit}>
        <h3>{t('availability.addRule')}</h3>
        <div className="grid-form">
          <Field label={t('availability.weekday')}>
            <select value={weekday} onChange={(event) => setWeekday(event.target.value)}>
              {weekdays.map((name, index) => (
                <option key={name} value={index + 1}>
                  {name}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('availability.from')} error={errors.start}>
            <input
              type="time"
              required
              value={start}
              onChange={(event) => setStart(event.target.value)}
            />
          </Field>
          <Field
            label={t('availability.until')}
            hint={t('availability.midnight')}
            error={errors.end}
          >
            <input
              type="time"
              required
              value={end}
              onChange={(event) => setEnd(event.target.value)}
            />
          </Field>
          <Field label={t('availability.validFrom')} error={errors.validFrom}>
            <input
              type="date"
              value={validFrom}
              onChange={(event) => setValidFrom(event.target.value)}
            />
          </Field>
          <Field label={t('availability.validUntil')} error={errors.validUntil}>
            <input
              type="date"
              value={validUntil}
              onChange={(event) => setValidUntil(event.target.value)}
            />
          </Field>
        </div>
        <ErrorNotice error={add.error} />
        <button type="submit" className="btn btn-primary" disabled={add.isPending}>
          {t('availability.addRule')}
        </button>
      </form>
    </section>
  );
}

function Extras({ me }: { me: Counsellor }) {
  const { t } = useTranslation('staff');
  const common = useTranslation('common').t;
  const format = useFormat();
  const { list, add, remove } = useAvailability<ExtraHours>(me.id, 'extra-hours');
  const [date, setDate] = useState('');
  const [start, setStart] = useState('10:00');
  const [end, setEnd] = useState('14:00');
  const errors = useFieldErrors(add.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ date, start, end: endTime(end) }, { onSuccess: () => setDate('') });
  };
  const extras = [...(list.data ?? [])].sort(
    (a, b) => a.date.localeCompare(b.date) || a.start.localeCompare(b.start),
  );
  return (
    <section className="card" aria-labelledby="extras-heading">
      <h2 id="extras-heading">{t('availability.extras')}</h2>
      <p className="muted">{t('availability.extrasHint')}</p>
      {list.isPending ? <Loading /> : null}
      <ErrorNotice error={list.error} />
      {list.isSuccess && extras.length === 0 ? <p>{t('availability.noExtras')}</p> : null}
      {extras.length > 0 ? (
        <ul className="plain-list">
          {extras.map((extra) => {
            const label = `${format.date(`${extra.date}T12:00:00`, me.timeZone)}, ${extra.start}–${extra.end}`;
            return (
              <li key={extra.id} className="row">
                <span>{label}</span>
                <ConfirmButton
                  label={common('actions.delete')}
                  ariaLabel={t('availability.deleteItem', { item: label })}
                  question={t('availability.confirmDelete', { item: label })}
                  disabled={remove.isPending}
                  onConfirm={() => remove.mutate(extra)}
                />
              </li>
            );
          })}
        </ul>
      ) : null}
      <ErrorNotice error={remove.error} />
      <form className="stack add-form" onSubmit={submit}>
        <h3>{t('availability.addExtra')}</h3>
        <div className="grid-form">
          <Field label={t('availability.date')} error={errors.date}>
            <input
              type="date"
              required
              value={date}
              onChange={(event) => setDate(event.target.value)}
            />
          </Field>
          <Field label={t('availability.from')} error={errors.start}>
            <input
              type="time"
              required
              value={start}
              onChange={(event) => setStart(event.target.value)}
            />
          </Field>
          <Field label={t('availability.until')} error={errors.end}>
            <input
              type="time"
              required
              value={end}
              onChange={(event) => setEnd(event.target.value)}
            />
          </Field>
        </div>
        <ErrorNotice error={add.error} />
        <button type="submit" className="btn btn-primary" disabled={add.isPending}>
          {t('availability.addExtra')}
        </button>
      </form>
    </section>
  );
}

function Absences({ me }: { me: Counsellor }) {
  const { t } = useTranslation('staff');
  const common = useTranslation('common').t;
  const format = useFormat();
  const { list, add, remove } = useAvailability<Absence>(me.id, 'absences');
  const [startDate, setStartDate] = useState('');
  const [endDate, setEndDate] = useState('');
  const [added, setAdded] = useState(false);
  const errors = useFieldErrors(add.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAdded(false);
    add.mutate(
      { startDate, endDate: endDate || startDate },
      {
        onSuccess: () => {
          setStartDate('');
          setEndDate('');
          setAdded(true);
        },
      },
    );
  };
  const now = DateTime.now();
  const absences = [...(list.data ?? [])]
    .filter((absence) => DateTime.fromISO(absence.endsAt) > now)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return (
    <section className="card" aria-labelledby="absences-heading">
      <h2 id="absences-heading">{t('availability.absences')}</h2>
      <p className="muted">{t('availability.absencesHint')}</p>
      {list.isPending ? <Loading /> : null}
      <ErrorNotice error={list.error} />
      {list.isSuccess && absences.length === 0 ? <p>{t('availability.noAbsences')}</p> : null}
      {absences.length > 0 ? (
        <ul className="plain-list">
          {absences.map((absence) => {
            const label = absenceLabel(absence, me.timeZone, format);
            return (
              <li key={absence.id} className="row">
                <span>{label}</span>
                <ConfirmButton
                  label={common('actions.delete')}
                  ariaLabel={t('availability.deleteItem', { item: label })}
                  question={t('availability.confirmDelete', { item: label })}
                  disabled={remove.isPending}
                  onConfirm={() => remove.mutate(absence)}
                />
              </li>
            );
          })}
        </ul>
      ) : null}
      <ErrorNotice error={remove.error} />
      <form className="stack add-form" onSubmit={submit}>
        <h3>{t('availability.addAbsence')}</h3>
        <div className="grid-form">
          <Field label={t('availability.firstDay')} error={errors.startDate}>
            <input
              type="date"
              required
              value={startDate}
              onChange={(event) => setStartDate(event.target.value)}
            />
          </Field>
          <Field
            label={t('availability.lastDay')}
            hint={t('availability.lastDayHint')}
            error={errors.endDate}
          >
            <input
              type="date"
              min={startDate || undefined}
              value={endDate}
              onChange={(event) => setEndDate(event.target.value)}
            />
          </Field>
        </div>
        <ErrorNotice error={add.error} />
        <p role="status" className={added ? 'notice notice-success' : 'visually-hidden'}>
          {added ? t('availability.absenceAdded') : ''}
        </p>
        <button type="submit" className="btn btn-primary" disabled={add.isPending}>
          {t('availability.addAbsence')}
        </button>
      </form>
    </section>
  );
}
