import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useOfficeZone } from '../api/office';
import type { components } from '../api/openapi';
import { useSession } from '../auth/session';
import { LANGUAGES } from '../i18n/languages';
import { ErrorNotice } from '../ui/ErrorNotice';
import { useFormat } from '../ui/format';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { localized, useTopics, type Topic } from './api';
import { ConfirmButton, SuccessNotice, TableWrap, useLanguageName, useWeekdays } from './ui';
import { WalkInShare } from './WalkInShare';

type Schemas = components['schemas'];
type DutyHour = Schemas['DutyHourDto'];
type WalkInHour = Schemas['WalkInHourResponseDto'];
type WalkInHourRequest = Schemas['WalkInHourDto'];
type WalkInRule = Schemas['WalkInRuleDto'];
type WalkInException = Schemas['WalkInExceptionResponseDto'];

const CHANNELS = ['video', 'audio', 'phone'] as const;
const listKey = ['admin', 'walk-in-hours'] as const;
const hourKey = (id: string) => ['admin', 'walk-in-hours', id] as const;

/** The office's walk-in hours: open now or next, who is on duty, links to edit and statistics. */
export function WalkInHoursPage() {
  const { t, i18n } = useTranslation('walkin');
  usePageTitle(t('admin.title'));
  const { call } = useSession();
  const format = useFormat();
  const zone = useOfficeZone();
  const languageName = useLanguageName();
  const hours = useQuery({
    queryKey: listKey,
    queryFn: () => call<DutyHour[]>('/api/admin/walk-in-hours'),
    refetchInterval: 60_000,
  });
  return (
    <section className="stack">
      <div className="admin-heading">
        <h1>{t('admin.title')}</h1>
        <Link to="/admin/walk-in/new" className="btn btn-primary">
          {t('admin.new')}
        </Link>
      </div>
      <p className="muted">{t('admin.intro')}</p>
      <ErrorNotice error={hours.error} />
      {hours.isPending ? <Loading /> : null}
      {hours.data?.length === 0 ? <p className="muted">{t('admin.empty')}</p> : null}
      {hours.data && hours.data.length > 0 ? (
        <TableWrap label={t('admin.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('admin.name')}</th>
                <th scope="col">{t('admin.languages')}</th>
                <th scope="col">{t('admin.when')}</th>
                <th scope="col">{t('admin.onDuty')}</th>
                <th scope="col">{t('admin.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {hours.data.map((hour) => {
                const name = localized(hour.name, i18n.language);
                return (
                  <tr key={hour.id}>
                    <td>
                      <strong>{name}</strong>
                      <br />
                      <span className="muted">{t(`channel.${hour.channel}`)}</span>
                    </td>
                    <td>{hour.languages.map(languageName).join(', ')}</td>
                    <td>
                      {hour.open
                        ? t('console.openUntil', { time: format.time(hour.open.endsAt, zone) })
                        : hour.next
                          ? t('console.nextAt', {
                              when: `${format.shortDate(hour.next.startsAt, zone)} ${format.time(hour.next.startsAt, zone)}`,
                            })
                          : t('console.noNext')}
                    </td>
                    <td>
                      {hour.onDuty.length > 0
                        ? hour.onDuty.map((person) => person.displayName).join(', ')
                        : '—'}
                    </td>
                    <td>
                      <span className="row">
                        <Link
                          to={`/admin/walk-in/${hour.id}`}
                          aria-label={t('admin.editOf', { name })}
                        >
                          {t('admin.edit')}
                        </Link>
                        <Link
                          to={`/admin/walk-in/${hour.id}/statistics`}
                          aria-label={t('admin.statisticsOf', { name })}
                        >
                          {t('admin.statistics')}
                        </Link>
                        <Link to={`/walk-in/${hour.id}`} aria-label={t('admin.publicOf', { name })}>
                          {t('admin.public')}
                        </Link>
                      </span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </section>
  );
}

const EMPTY: WalkInHourRequest = {
  name: { de: '', en: '' },
  description: {},
  topics: [],
  languages: ['de'],
  channel: 'video',
  prefix: 'A',
  closeMarginMinutes: 10,
  maxQueue: 40,
  graceMinutes: 3,
  defaultHandlingMinutes: 15,
  active: true,
  rules: [],
};

function toRequest(hour: WalkInHour): WalkInHourRequest {
  return {
    name: hour.name,
    description: hour.description,
    topics: hour.topics as Topic[],
    languages: hour.languages,
    channel: hour.channel,
    prefix: hour.prefix,
    closeMarginMinutes: hour.closeMarginMinutes,
    maxQueue: hour.maxQueue,
    graceMinutes: hour.graceMinutes,
    defaultHandlingMinutes: hour.defaultHandlingMinutes,
    active: hour.active,
    rules: hour.rules,
  };
}

/** Create or edit a walk-in hour (/admin/walk-in/new, /admin/walk-in/:id), with its exceptions. */
export function WalkInHourEditPage() {
  const { id } = useParams();
  const { t } = useTranslation('walkin');
  const { call } = useSession();
  usePageTitle(id ? t('admin.editTitle') : t('admin.newTitle'));
  const hour = useQuery({
    queryKey: hourKey(id ?? ''),
    queryFn: () => call<WalkInHour>(`/api/admin/walk-in-hours/${id}`),
    enabled: id !== undefined,
  });
  if (id && hour.isPending) return <Loading />;
  if (id && !hour.data) return <ErrorNotice error={hour.error} />;
  return (
    <section className="stack">
      <h1>{id ? t('admin.editTitle') : t('admin.newTitle')}</h1>
      <HourForm key={id ?? 'new'} id={id} initial={hour.data ? toRequest(hour.data) : EMPTY} />
      {hour.data ? <Exceptions hour={hour.data} /> : null}
      {hour.data ? <WalkInShare hourId={hour.data.id} /> : null}
      <Link to="/admin/walk-in">{t('admin.back')}</Link>
    </section>
  );
}

function HourForm({ id, initial }: { id?: string; initial: WalkInHourRequest }) {
  const { t } = useTranslation('walkin');
  const { call } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const topics = useTopics();
  const weekdays = useWeekdays();
  const [form, setForm] = useState(initial);
  const [languages, setLanguages] = useState(initial.languages.join(', '));
  const [saved, setSaved] = useState<string | null>(null);
  const set = <K extends keyof WalkInHourRequest>(key: K, value: WalkInHourRequest[K]) => {
    setSaved(null);
    setForm((current) => ({ ...current, [key]: value }));
  };
  const setText = (key: 'name' | 'description', language: string, value: string) =>
    set(key, { ...form[key], [language]: value });
  const setRule = (index: number, rule: Partial<WalkInRule>) =>
    set(
      'rules',
      form.rules.map((current, i) => (i === index ? { ...current, ...rule } : current)),
    );
  const save = useMutation({
    mutationFn: (body: WalkInHourRequest) =>
      id
        ? call<WalkInHour>(`/api/admin/walk-in-hours/${id}`, { method: 'PUT', body })
        : call<WalkInHour>('/api/admin/walk-in-hours', { body }),
    onSuccess: async (hour) => {
      await queryClient.invalidateQueries({ queryKey: listKey });
      if (id) setSaved(t('admin.saved'));
      else void navigate(`/admin/walk-in/${hour.id}`);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const texts = (text: Record<string, string> | undefined) =>
      Object.fromEntries(Object.entries(text ?? {}).filter(([, value]) => value.trim() !== ''));
    save.mutate({
      ...form,
      name: texts(form.name),
      description: texts(form.description),
      languages: languages
        .split(/[\s,]+/)
        .map((code) => code.trim().toLowerCase())
        .filter(Boolean),
      rules: form.rules.map((rule) => ({
        ...rule,
        validFrom: rule.validFrom || null,
        validUntil: rule.validUntil || null,
      })),
    });
  };
  const number = (
    key: 'closeMarginMinutes' | 'maxQueue' | 'graceMinutes' | 'defaultHandlingMinutes',
  ) => (
    <div className="field">
      <label htmlFor={`walk-in-${key}`}>{t(`admin.fields.${key}`)}</label>
      <input
        id={`walk-in-${key}`}
        type="number"
        min={key === 'closeMarginMinutes' ? 0 : 1}
        value={form[key] ?? ''}
        onChange={(event) => set(key, Number(event.target.value))}
      />
    </div>
  );

  return (
    <form className="card stack" onSubmit={submit} noValidate>
      <fieldset>
        <legend>{t('admin.fields.texts')}</legend>
        <p className="field-hint">{t('admin.fields.textsHint')}</p>
        {LANGUAGES.map((language) => (
          <div className="form-grid" key={language.code} lang={language.code}>
            <div className="field">
              <label htmlFor={`walk-in-name-${language.code}`}>
                {t('admin.fields.name', { language: language.name })}
              </label>
              <input
                id={`walk-in-name-${language.code}`}
                dir={language.dir}
                maxLength={200}
                required={language.code === 'de'}
                value={form.name[language.code] ?? ''}
                onChange={(event) => setText('name', language.code, event.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor={`walk-in-description-${language.code}`}>
                {t('admin.fields.description', { language: language.name })}
              </label>
              <textarea
                id={`walk-in-description-${language.code}`}
                dir={language.dir}
                rows={2}
                maxLength={1000}
                value={form.description?.[language.code] ?? ''}
                onChange={(event) => setText('description', language.code, event.target.value)}
              />
            </div>
          </div>
        ))}
      </fieldset>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="walk-in-languages">{t('admin.fields.languages')}</label>
          <p className="field-hint" id="walk-in-languages-hint">
            {t('admin.fields.languagesHint')}
          </p>
          <input
            id="walk-in-languages"
            dir="ltr"
            aria-describedby="walk-in-languages-hint"
            value={languages}
            onChange={(event) => setLanguages(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="walk-in-channel">{t('admin.fields.channel')}</label>
          <select
            id="walk-in-channel"
            value={form.channel}
            onChange={(event) => set('channel', event.target.value as WalkInHourRequest['channel'])}
          >
            {CHANNELS.map((channel) => (
              <option key={channel} value={channel}>
                {t(`channel.${channel}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="walk-in-prefix">{t('admin.fields.prefix')}</label>
          <input
            id="walk-in-prefix"
            dir="ltr"
            maxLength={2}
            value={form.prefix ?? ''}
            onChange={(event) => set('prefix', event.target.value.toUpperCase())}
          />
        </div>
        {number('maxQueue')}
        {number('closeMarginMinutes')}
        {number('graceMinutes')}
        {number('defaultHandlingMinutes')}
      </div>
      <fieldset>
        <legend>{t('admin.fields.topics')}</legend>
        <p className="field-hint">{t('admin.fields.topicsHint')}</p>
        {(topics.data ?? []).map((topic) => (
          <label className="choice" key={topic.code}>
            <input
              type="checkbox"
              checked={form.topics.includes(topic.code)}
              onChange={(event) =>
                set(
                  'topics',
                  event.target.checked
                    ? [...form.topics, topic.code]
                    : form.topics.filter((code) => code !== topic.code),
                )
              }
            />
            {topic.name}
          </label>
        ))}
      </fieldset>
      <label className="choice">
        <input
          type="checkbox"
          checked={form.active ?? true}
          onChange={(event) => set('active', event.target.checked)}
        />
        {t('admin.fields.active')}
      </label>
      <fieldset className="stack">
        <legend>{t('admin.rules.title')}</legend>
        <p className="field-hint">{t('admin.rules.hint')}</p>
        {form.rules.map((rule, index) => {
          const day = weekdays.find((w) => w.iso === rule.weekday)?.long ?? '';
          const label = `${day} ${rule.start}–${rule.end}`;
          return (
            <div className="row" key={index} role="group" aria-label={label}>
              <div className="field">
                <label htmlFor={`rule-${index}-weekday`}>{t('admin.rules.weekday')}</label>
                <select
                  id={`rule-${index}-weekday`}
                  value={rule.weekday}
                  onChange={(event) => setRule(index, { weekday: Number(event.target.value) })}
                >
                  {weekdays.map((weekday) => (
                    <option key={weekday.iso} value={weekday.iso}>
                      {weekday.long}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`rule-${index}-start`}>{t('admin.rules.start')}</label>
                <input
                  id={`rule-${index}-start`}
                  type="time"
                  value={rule.start}
                  onChange={(event) => setRule(index, { start: event.target.value })}
                />
              </div>
              <div className="field">
                <label htmlFor={`rule-${index}-end`}>{t('admin.rules.end')}</label>
                <input
                  id={`rule-${index}-end`}
                  dir="ltr"
                  value={rule.end}
                  placeholder="12:00"
                  onChange={(event) => setRule(index, { end: event.target.value })}
                />
              </div>
              <div className="field">
                <label htmlFor={`rule-${index}-from`}>{t('admin.rules.validFrom')}</label>
                <input
                  id={`rule-${index}-from`}
                  type="date"
                  value={rule.validFrom ?? ''}
                  onChange={(event) => setRule(index, { validFrom: event.target.value })}
                />
              </div>
              <div className="field">
                <label htmlFor={`rule-${index}-until`}>{t('admin.rules.validUntil')}</label>
                <input
                  id={`rule-${index}-until`}
                  type="date"
                  value={rule.validUntil ?? ''}
                  onChange={(event) => setRule(index, { validUntil: event.target.value })}
                />
              </div>
              <button
                type="button"
                className="btn btn-small"
                aria-label={t('admin.rules.removeOf', { rule: label })}
                onClick={() =>
                  set(
                    'rules',
                    form.rules.filter((_, i) => i !== index),
                  )
                }
              >
                {t('admin.rules.remove')}
              </button>
            </div>
          );
        })}
        <p>
          <button
            type="button"
            className="btn"
            onClick={() =>
              set('rules', [...form.rules, { weekday: 2, start: '10:00', end: '12:00' }])
            }
          >
            {t('admin.rules.add')}
          </button>
        </p>
      </fieldset>
      <ErrorNotice error={save.error} />
      <SuccessNotice message={saved} />
      <p>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {t('admin.save')}
        </button>
      </p>
    </form>
  );
}

/** One-off dates: extra hours (with times) or a date cancelled (without). */
function Exceptions({ hour }: { hour: WalkInHour }) {
  const { t } = useTranslation('walkin');
  const { call } = useSession();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [date, setDate] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: hourKey(hour.id) });
  const add = useMutation({
    mutationFn: () =>
      call<WalkInException>(`/api/admin/walk-in-hours/${hour.id}/exceptions`, {
        body: { date, ...(start && end ? { start, end } : {}) },
      }),
    onSuccess: async () => {
      setDate('');
      setStart('');
      setEnd('');
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (exceptionId: string) =>
      call<void>(`/api/admin/walk-in-hours/${hour.id}/exceptions/${exceptionId}`, {
        method: 'DELETE',
      }),
    onSuccess: refresh,
  });
  return (
    <section className="card stack" aria-labelledby="exceptions-heading">
      <h2 id="exceptions-heading">{t('admin.exceptions.title')}</h2>
      <p className="muted">{t('admin.exceptions.hint')}</p>
      {hour.exceptions.length === 0 ? <p>{t('admin.exceptions.none')}</p> : null}
      <ul className="plain-list stack">
        {hour.exceptions.map((exception) => {
          const text =
            exception.start && exception.end
              ? t('admin.exceptions.extra', {
                  date: format.day(exception.date),
                  from: exception.start,
                  to: exception.end,
                })
              : t('admin.exceptions.cancelled', { date: format.day(exception.date) });
          return (
            <li key={exception.id} className="row">
              <span>{text}</span>
              <ConfirmButton
                label={t('admin.exceptions.remove')}
                ariaLabel={t('admin.exceptions.removeOf', { exception: text })}
                question={t('admin.exceptions.removeQuestion', { exception: text })}
                onConfirm={() => remove.mutate(exception.id)}
              />
            </li>
          );
        })}
      </ul>
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          if (date) add.mutate();
        }}
      >
        <div className="field">
          <label htmlFor="exception-date">{t('admin.exceptions.date')}</label>
          <input
            id="exception-date"
            type="date"
            value={date}
            onChange={(event) => setDate(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="exception-start">{t('admin.exceptions.start')}</label>
          <input
            id="exception-start"
            type="time"
            value={start}
            onChange={(event) => setStart(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="exception-end">{t('admin.exceptions.end')}</label>
          <input
            id="exception-end"
            type="time"
            value={end}
            onChange={(event) => setEnd(event.target.value)}
          />
        </div>
        <button type="submit" className="btn" disabled={!date || add.isPending}>
          {t('admin.exceptions.add')}
        </button>
      </form>
      <ErrorNotice error={add.error ?? remove.error} />
    </section>
  );
}
