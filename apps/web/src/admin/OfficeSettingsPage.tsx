import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { components } from '../api/openapi';
import { useSession } from '../auth/session';
import {
  OfficeFields,
  officeBody,
  officeValues,
  useFocusFirstError,
  useOfficeErrors,
  useOfficeProblems,
  type OfficeValues,
} from '../platform/OfficeForm';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { localized } from './api';
import { SuccessNotice } from './ui';

type OfficeSettings = components['schemas']['OfficeSettingsResponseDto'];
type UpdateOfficeSettings = components['schemas']['UpdateOfficeSettingsDto'];

const OFFICE_KEY = ['admin', 'office'] as const;

/**
 * The office admin's own office: what clients read about it (description, contact, privacy notice)
 * and how it works (zone, holidays, languages, topics, retention). Its name, link and status are
 * the platform admin's, shown here for reference.
 */
export function OfficeSettingsPage() {
  const { t } = useTranslation('admin');
  usePageTitle(t('office.title'));
  const { call } = useSession();
  const office = useQuery({
    queryKey: OFFICE_KEY,
    queryFn: () => call<OfficeSettings>('/api/office'),
  });
  if (office.isPending) return <Loading />;
  if (!office.data) return <ErrorNotice error={office.error} />;
  return <SettingsForm key={office.data.id} office={office.data} />;
}

function SettingsForm({ office }: { office: OfficeSettings }) {
  const { t, i18n } = useTranslation('admin');
  const { call } = useSession();
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const problemsOf = useOfficeProblems();
  const [values, setValues] = useState<OfficeValues>(() => officeValues(office));
  const [localErrors, setLocalErrors] = useState<Record<string, string> | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [videoUrl, setVideoUrl] = useState(office.signLanguageVideoUrl ?? '');

  const save = useMutation({
    mutationFn: (body: UpdateOfficeSettings) =>
      call<OfficeSettings>('/api/office', { method: 'PATCH', body }),
    onSuccess: (changed) => {
      queryClient.setQueryData(OFFICE_KEY, changed);
      setSaved(t('office.saved'));
    },
  });
  const errors = { ...useOfficeErrors(save.error), ...localErrors };
  useFocusFirstError(form, localErrors);
  useFocusFirstError(form, save.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const problems = problemsOf(values, false);
    if (videoUrl.trim() && !/^https:\/\/[^\s/]+\.[^\s]+$/.test(videoUrl.trim()))
      problems.signLanguageVideoUrl = t('office.signLanguageVideoInvalid');
    if (Object.keys(problems).length > 0) {
      setLocalErrors(problems);
      return;
    }
    setLocalErrors(null);
    // The office's identity is not the office admin's to change (the API refuses it).
    const { slug: _slug, name: _name, ...settings } = officeBody(values);
    save.mutate({ ...settings, signLanguageVideoUrl: videoUrl.trim() || null });
  };

  const slug = encodeURIComponent(office.slug);
  const active = office.status === 'active';
  return (
    <section className="stack">
      <h1>{t('office.title')}</h1>
      <p className="muted">{t('office.intro')}</p>
      <section className="card stack" aria-labelledby="office-identity">
        <h2 id="office-identity">{localized(office.name, i18n.language)}</h2>
        <dl className="facts">
          <dt>{t('office.link')}</dt>
          <dd dir="ltr">/o/{office.slug}</dd>
          <dt>{t('office.status')}</dt>
          <dd>
            <span className={`status ${active ? 'status-ok' : 'status-off'}`}>
              {t(`office.statuses.${office.status}`)}
            </span>
          </dd>
        </dl>
        {active ? null : <p className="notice notice-warning">{t('office.suspended')}</p>}
        <p className="muted">{t('office.identityHint')}</p>
        {active ? (
          <div className="row">
            <Link to={`/o/${slug}`} className="btn btn-small">
              {t('office.publicPage')}
            </Link>
            <Link to={`/o/${slug}/privacy`} className="btn btn-small">
              {t('office.privacyPage')}
            </Link>
            <Link to={`/o/${slug}/leichte-sprache`} className="btn btn-small">
              {t('office.easyLanguagePage')}
            </Link>
          </div>
        ) : null}
      </section>
      <form className="stack" onSubmit={submit} noValidate ref={form}>
        <OfficeFields
          values={values}
          onChange={(change) => setValues((all) => ({ ...all, ...change }))}
          errors={errors}
          identity={false}
        />
        <Field
          label={t('office.signLanguageVideo')}
          hint={t('office.signLanguageVideoHint')}
          error={errors.signLanguageVideoUrl}
        >
          <input
            type="url"
            name="signLanguageVideoUrl"
            dir="ltr"
            inputMode="url"
            placeholder="https://"
            value={videoUrl}
            onChange={(event) => setVideoUrl(event.target.value)}
          />
        </Field>
        {localErrors ? (
          <p className="notice notice-error" role="alert">
            {t('common:errors.invalid')}
          </p>
        ) : null}
        <ErrorNotice error={save.error} />
        <SuccessNotice message={saved} />
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            {t('common:actions.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
