import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { Channel, RequiredContact } from '../api/types';
import { useSession } from '../auth/session';
import { LANGUAGES } from '../i18n/languages';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import {
  keys,
  localized,
  missingNameLanguages,
  useConsultationTypes,
  useCounsellors,
  useTopics,
  type ConsultationType,
  type Counsellor,
  type CreateConsultationTypeRequest,
  type LocalizedText,
  type Topic,
} from './api';
import { SuccessNotice, useFieldErrors, useLanguageName } from './ui';

const CHANNELS: Channel[] = ['video', 'audio', 'phone'];
const MAIN_LANGUAGES = ['de', 'en'];
const MORE_LANGUAGES = LANGUAGES.map((l) => l.code as string).filter(
  (code) => !MAIN_LANGUAGES.includes(code),
);

type Numbers = Pick<
  ConsultationType,
  | 'durationMinutes'
  | 'stepMinutes'
  | 'bufferBeforeMinutes'
  | 'bufferAfterMinutes'
  | 'minNoticeMinutes'
  | 'horizonDays'
  | 'changeCutoffMinutes'
  | 'joinOpensMinutesBefore'
  | 'joinClosesMinutesAfter'
>;

/** Each number with its unit and the API's bounds. */
const NUMBER_FIELDS: { key: keyof Numbers; unit: 'minutes' | 'days'; min: number; max: number }[] =
  [
    { key: 'durationMinutes', unit: 'minutes', min: 5, max: 480 },
    { key: 'stepMinutes', unit: 'minutes', min: 5, max: 480 },
    { key: 'bufferBeforeMinutes', unit: 'minutes', min: 0, max: 240 },
    { key: 'bufferAfterMinutes', unit: 'minutes', min: 0, max: 240 },
    { key: 'minNoticeMinutes', unit: 'minutes', min: 0, max: 43200 },
    { key: 'horizonDays', unit: 'days', min: 1, max: 730 },
    { key: 'changeCutoffMinutes', unit: 'minutes', min: 0, max: 10080 },
    { key: 'joinOpensMinutesBefore', unit: 'minutes', min: 0, max: 240 },
    { key: 'joinClosesMinutesAfter', unit: 'minutes', min: 0, max: 240 },
  ];

const DEFAULTS: Omit<ConsultationType, 'id'> = {
  name: {},
  description: {},
  topic: '',
  durationMinutes: 45,
  stepMinutes: 30,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 15,
  minNoticeMinutes: 120,
  horizonDays: 42,
  channel: 'video',
  requiredContact: 'any',
  reminderOffsetsMinutes: [1440, 60],
  changeCutoffMinutes: 120,
  joinOpensMinutesBefore: 15,
  joinClosesMinutesAfter: 30,
  e2ee: true,
  autoAdmit: false,
  active: true,
  counsellorIds: [],
};

/** "1 day 2 hours", for a number of minutes. */
function useDuration(): (minutes: number) => string {
  const { t } = useTranslation('admin');
  return (minutes: number) => {
    const days = Math.floor(minutes / 1440);
    const hours = Math.floor((minutes % 1440) / 60);
    const rest = minutes % 60;
    const parts = [
      days ? t('units.daysValue', { count: days }) : '',
      hours ? t('units.hoursValue', { count: hours }) : '',
      rest || minutes === 0 ? t('units.minutesValue', { count: rest }) : '',
    ].filter(Boolean);
    return parts.join(' ');
  };
}

export function TypeEditPage() {
  const { id } = useParams();
  const { t } = useTranslation('admin');
  const types = useConsultationTypes();
  const counsellors = useCounsellors();
  const type = types.data?.find((candidate) => candidate.id === id);
  usePageTitle(id ? t('type.editTitle') : t('type.newTitle'));

  if (types.isPending || counsellors.isPending) return <Loading />;
  if (types.error || counsellors.error)
    return <ErrorNotice error={types.error ?? counsellors.error} />;
  if (id && !type) {
    return (
      <section>
        <h1>{t('type.editTitle')}</h1>
        <p className="notice notice-error" role="alert">
          {t('type.notFound')}
        </p>
        <Link to="/admin/types">{t('type.backToList')}</Link>
      </section>
    );
  }
  return <TypeForm key={type?.id ?? 'new'} type={type} counsellors={counsellors.data ?? []} />;
}

function TypeForm({
  type,
  counsellors,
}: {
  type: ConsultationType | undefined;
  counsellors: Counsellor[];
}) {
  const { t, i18n } = useTranslation('admin');
  const { call } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const topics = useTopics();
  const languageName = useLanguageName();
  const duration = useDuration();
  const initial = type ?? DEFAULTS;

  const [name, setName] = useState<LocalizedText>(initial.name);
  const [description, setDescription] = useState<LocalizedText>(initial.description);
  const [topic, setTopic] = useState(initial.topic);
  const [channel, setChannel] = useState<Channel>(initial.channel);
  const [requiredContact, setRequiredContact] = useState<RequiredContact>(initial.requiredContact);
  const [numbers, setNumbers] = useState<Record<keyof Numbers, string>>(
    () =>
      Object.fromEntries(NUMBER_FIELDS.map((f) => [f.key, String(initial[f.key])])) as Record<
        keyof Numbers,
        string
      >,
  );
  const [reminders, setReminders] = useState(initial.reminderOffsetsMinutes.join(', '));
  const [counsellorIds, setCounsellorIds] = useState<string[]>(initial.counsellorIds);
  const [e2ee, setE2ee] = useState(initial.e2ee);
  const [autoAdmit, setAutoAdmit] = useState(initial.autoAdmit);
  const [active, setActive] = useState(initial.active);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<string | null>(null);

  const save = useMutation({
    mutationFn: (body: CreateConsultationTypeRequest) =>
      type
        ? call<ConsultationType>(`/api/admin/consultation-types/${type.id}`, {
            method: 'PATCH',
            body,
          })
        : call<ConsultationType>('/api/admin/consultation-types', { method: 'POST', body }),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: keys.types });
      if (type) setSaved(t('type.saved'));
      else void navigate(`/admin/types/${result.id}`);
    },
  });
  const errors = { ...useFieldErrors(save.error), ...localErrors };

  const parsedReminders = reminders
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map(Number);

  const clean = (text: LocalizedText) =>
    Object.fromEntries(
      Object.entries(text)
        .map(([code, value]) => [code, value.trim()] as const)
        .filter(([, value]) => value.length > 0),
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const problems: Record<string, string> = {};
    const names = clean(name);
    if (!names.de && !names.en) problems.name = t('validation.name');
    if (!topic) problems.topic = t('validation.topic');
    const values: Partial<Numbers> = {};
    for (const field of NUMBER_FIELDS) {
      const value = Number(numbers[field.key]);
      if (
        numbers[field.key].trim() === '' ||
        !Number.isInteger(value) ||
        value < field.min ||
        value > field.max
      ) {
        problems[field.key] = t('type.outOfRange', { min: field.min, max: field.max });
      } else values[field.key] = value;
    }
    if (
      parsedReminders.length > 5 ||
      parsedReminders.some((value) => !Number.isInteger(value) || value < 5 || value > 20160)
    ) {
      problems.reminderOffsetsMinutes = t('validation.reminderOffsetsMinutes');
    }
    setLocalErrors(problems);
    if (Object.keys(problems).length > 0) return;
    save.mutate({
      name: names,
      description: clean(description),
      topic: topic as Topic,
      channel,
      requiredContact,
      // Every number passed the check above: none is missing.
      ...(values as Numbers),
      reminderOffsetsMinutes: [...new Set(parsedReminders)].sort((a, b) => b - a),
      counsellorIds,
      e2ee,
      autoAdmit,
      active,
    });
  };

  const textFields = (code: string): ReactNode => (
    <fieldset key={code} lang={code}>
      <legend>{languageName(code)}</legend>
      <div className="stack">
        <Field
          label={t('type.nameIn', { language: languageName(code) })}
          error={MAIN_LANGUAGES.includes(code) ? errors.name : undefined}
        >
          <input
            value={name[code] ?? ''}
            maxLength={200}
            dir="auto"
            onChange={(event) => setName((all) => ({ ...all, [code]: event.target.value }))}
          />
        </Field>
        <Field
          label={t('type.descriptionIn', { language: languageName(code) })}
          error={MAIN_LANGUAGES.includes(code) ? errors.description : undefined}
        >
          <textarea
            rows={3}
            maxLength={2000}
            dir="auto"
            value={description[code] ?? ''}
            onChange={(event) => setDescription((all) => ({ ...all, [code]: event.target.value }))}
          />
        </Field>
      </div>
    </fieldset>
  );

  const shownCounsellors = counsellors.filter((c) => c.active || counsellorIds.includes(c.id));
  const title = type ? t('type.editTitle') : t('type.newTitle');
  const hasMore = MORE_LANGUAGES.some((code) => name[code] || description[code]);
  // What clients reading a language without a name see instead (the API's fallback order).
  const missing = missingNameLanguages(name);
  const fallback = name.en?.trim() || name.de?.trim();

  return (
    <section className="stack">
      <p>
        <Link to="/admin/types">{t('type.backToList')}</Link>
      </p>
      <h1>
        {title}
        {type ? `: ${localized(type.name, i18n.language)}` : ''}
      </h1>
      <form className="stack" onSubmit={submit} noValidate>
        <section className="card stack" aria-labelledby="type-texts">
          <h2 id="type-texts">{t('type.texts')}</h2>
          <p className="muted">{t('type.textsHint')}</p>
          {missing.length > 0 && fallback ? (
            <p className="notice notice-warning">
              {t('type.namesMissing', {
                languages: missing.map(languageName).join(', '),
                fallback,
              })}
            </p>
          ) : null}
          <div className="grid-2">{MAIN_LANGUAGES.map(textFields)}</div>
          <details open={hasMore}>
            <summary>{t('type.moreLanguages')}</summary>
            <div className="grid-2">{MORE_LANGUAGES.map(textFields)}</div>
          </details>
        </section>

        <section className="card stack" aria-labelledby="type-kind">
          <h2 id="type-kind">{t('type.kind')}</h2>
          <div className="form-grid">
            <Field label={t('types.topic')} error={errors.topic}>
              <select value={topic} onChange={(event) => setTopic(event.target.value)}>
                <option value="">{t('type.chooseTopic')}</option>
                {(topics.data ?? []).map((option) => (
                  <option key={option.code} value={option.code}>
                    {option.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('types.channel')} error={errors.channel}>
              <select
                value={channel}
                onChange={(event) => {
                  const next = event.target.value as Channel;
                  setChannel(next);
                  // Someone must be called: a phone consultation needs a number, unless changed below.
                  if (next === 'phone') setRequiredContact('phone');
                }}
              >
                {CHANNELS.map((option) => (
                  <option key={option} value={option}>
                    {t(`common:channel.${option}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field
              label={t('types.requiredContact')}
              hint={t('types.requiredContactHint')}
              error={errors.requiredContact}
            >
              <select
                value={requiredContact}
                onChange={(event) => setRequiredContact(event.target.value as RequiredContact)}
              >
                <option value="any">{t('types.requiredContactAny')}</option>
                <option value="phone">{t('types.requiredContactPhone')}</option>
              </select>
            </Field>
          </div>
        </section>

        <section className="card stack" aria-labelledby="type-times">
          <h2 id="type-times">{t('type.times')}</h2>
          <div className="form-grid">
            {NUMBER_FIELDS.map((field) => {
              const value = Number(numbers[field.key]);
              const reading =
                field.unit === 'minutes' && Number.isInteger(value) && value >= 60
                  ? duration(value)
                  : '';
              return (
                <Field
                  key={field.key}
                  label={`${t(`type.fields.${field.key}`)} (${t(`units.${field.unit}`)})`}
                  hint={[t(`type.hints.${field.key}`), reading ? `= ${reading}` : '']
                    .filter(Boolean)
                    .join(' ')}
                  error={errors[field.key]}
                >
                  <input
                    type="number"
                    inputMode="numeric"
                    min={field.min}
                    max={field.max}
                    step={1}
                    value={numbers[field.key]}
                    onChange={(event) =>
                      setNumbers((all) => ({ ...all, [field.key]: event.target.value }))
                    }
                  />
                </Field>
              );
            })}
            <Field
              label={`${t('type.fields.reminderOffsetsMinutes')} (${t('units.minutes')})`}
              hint={[
                t('type.hints.reminderOffsetsMinutes'),
                parsedReminders.every((v) => Number.isInteger(v) && v > 0)
                  ? parsedReminders.map(duration).join(', ')
                  : '',
              ]
                .filter(Boolean)
                .join(' ')}
              error={errors.reminderOffsetsMinutes}
            >
              <input
                value={reminders}
                inputMode="numeric"
                dir="ltr"
                onChange={(event) => setReminders(event.target.value)}
              />
            </Field>
          </div>
        </section>

        <section className="card stack" aria-labelledby="type-counsellors">
          <h2 id="type-counsellors">{t('type.counsellors')}</h2>
          <p className="muted">{t('type.counsellorsHint')}</p>
          {shownCounsellors.length === 0 ? (
            <p className="muted">{t('counsellors.empty')}</p>
          ) : (
            <fieldset>
              <legend>{t('type.servedBy')}</legend>
              <div className="checkbox-grid">
                {shownCounsellors.map((counsellor) => {
                  const missingTopic = topic !== '' && !counsellor.topics.includes(topic as Topic);
                  return (
                    <label key={counsellor.id} className="choice">
                      <input
                        type="checkbox"
                        checked={counsellorIds.includes(counsellor.id)}
                        onChange={(event) =>
                          setCounsellorIds((ids) =>
                            event.target.checked
                              ? [...ids, counsellor.id]
                              : ids.filter((one) => one !== counsellor.id),
                          )
                        }
                      />
                      <span>
                        {counsellor.displayName}{' '}
                        <span className="muted">
                          ({counsellor.languages.join(', ')})
                          {counsellor.active ? '' : ` – ${t('counsellors.isInactive')}`}
                          {missingTopic ? ` – ${t('type.topicMissing')}` : ''}
                        </span>
                      </span>
                    </label>
                  );
                })}
              </div>
              {errors.counsellorIds ? <p className="field-error">{errors.counsellorIds}</p> : null}
            </fieldset>
          )}
        </section>

        <section className="card stack" aria-labelledby="type-options">
          <h2 id="type-options">{t('type.options')}</h2>
          <label className="choice">
            <input
              type="checkbox"
              checked={e2ee}
              onChange={(event) => setE2ee(event.target.checked)}
            />
            {t('type.e2ee')}
          </label>
          <label className="choice">
            <input
              type="checkbox"
              checked={autoAdmit}
              onChange={(event) => setAutoAdmit(event.target.checked)}
            />
            {t('type.autoAdmit')}
          </label>
          <label className="choice">
            <input
              type="checkbox"
              checked={active}
              onChange={(event) => setActive(event.target.checked)}
            />
            {t('type.active')}
          </label>
        </section>

        {Object.keys(localErrors).length > 0 ? (
          <p className="notice notice-error" role="alert">
            {t('common:errors.invalid')}
          </p>
        ) : null}
        <ErrorNotice error={save.error} />
        <SuccessNotice message={saved} />
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            {type ? t('common:actions.save') : t('type.create')}
          </button>
          <Link to="/admin/types" className="btn">
            {t('common:actions.cancel')}
          </Link>
        </div>
      </form>
    </section>
  );
}
