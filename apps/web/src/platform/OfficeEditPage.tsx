import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { localized } from '../admin/api';
import { SuccessNotice } from '../admin/ui';
import { ApiError } from '../api/client';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { keys, usePlatformOffice, type PlatformOffice, type UpdateOfficeRequest } from './api';
import {
  OfficeFields,
  officeBody,
  officeErrorOverrides,
  officeValues,
  useFocusFirstError,
  useOfficeErrors,
  useOfficeProblems,
  type OfficeValues,
} from './OfficeForm';
import { OfficeStatusButton } from './OfficeStatusButton';

/** One office as the platform admin edits it: all its fields, and suspending or reactivating it. */
export function OfficeEditPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('platform');
  usePageTitle(t('edit.title'));
  const office = usePlatformOffice(id);
  if (office.isPending) return <Loading />;
  // An unknown id and one that is no id at all (400) read the same.
  const missing =
    office.error instanceof ApiError &&
    (office.error.status === 404 || office.error.status === 400);
  if (missing || !office.data) {
    return (
      <section className="stack">
        <h1>{t('edit.title')}</h1>
        {missing ? (
          <p className="notice notice-error" role="alert">
            {t('edit.notFound')}
          </p>
        ) : (
          <ErrorNotice error={office.error} />
        )}
        <Link to="/platform/offices">{t('edit.backToList')}</Link>
      </section>
    );
  }
  // Keyed by the office: another office's page starts from its own values.
  return <EditForm key={office.data.id} office={office.data} />;
}

function EditForm({ office }: { office: PlatformOffice }) {
  const { t, i18n } = useTranslation('platform');
  const { call } = useSession();
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const problemsOf = useOfficeProblems();
  const [values, setValues] = useState<OfficeValues>(() => officeValues(office));
  const [localErrors, setLocalErrors] = useState<Record<string, string> | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [statusDone, setStatusDone] = useState<string | null>(null);
  const [statusFailure, setStatusFailure] = useState<unknown>(null);

  const save = useMutation({
    mutationFn: (body: UpdateOfficeRequest) =>
      call<PlatformOffice>(`/api/platform/offices/${office.id}`, { method: 'PATCH', body }),
    onSuccess: async (changed) => {
      queryClient.setQueryData(keys.office(changed.id), changed);
      await queryClient.invalidateQueries({ queryKey: keys.offices });
      setSaved(t('edit.saved'));
    },
  });
  const errors = { ...useOfficeErrors(save.error), ...localErrors };
  useFocusFirstError(form, localErrors);
  useFocusFirstError(form, save.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const problems = problemsOf(values, true);
    if (Object.keys(problems).length > 0) {
      setLocalErrors(problems);
      return;
    }
    setLocalErrors(null);
    save.mutate(officeBody(values));
  };

  const name = localized(office.name, i18n.language);
  const active = office.status === 'active';
  return (
    <section className="stack">
      <p>
        <Link to="/platform/offices">{t('edit.backToList')}</Link>
      </p>
      <h1>
        {t('edit.title')}: {name}
      </h1>
      <section className="card stack" aria-labelledby="office-status">
        <h2 id="office-status">{t('edit.statusTitle')}</h2>
        <p>
          <span className={`status ${active ? 'status-ok' : 'status-off'}`}>
            {t(`statuses.${office.status}`)}
          </span>{' '}
          {active ? t('edit.statusActive') : t('edit.statusSuspended')}
        </p>
        <SuccessNotice message={statusDone} />
        <ErrorNotice error={statusFailure} />
        <div className="row">
          <OfficeStatusButton
            office={office}
            onDone={(changed) => {
              setStatusFailure(null);
              setStatusDone(
                t(changed.status === 'suspended' ? 'status.suspended' : 'status.reactivated', {
                  name,
                }),
              );
            }}
            onError={(error) => {
              setStatusDone(null);
              setStatusFailure(error);
            }}
          />
          {active ? (
            <Link to={`/o/${encodeURIComponent(office.slug)}`} className="btn btn-small">
              {t('edit.publicPage')}
            </Link>
          ) : null}
        </div>
      </section>
      <form className="stack" onSubmit={submit} noValidate ref={form}>
        <OfficeFields
          values={values}
          onChange={(change) => setValues((all) => ({ ...all, ...change }))}
          errors={errors}
          identity
        />
        {localErrors ? (
          <p className="notice notice-error" role="alert">
            {t('common:errors.invalid')}
          </p>
        ) : null}
        <ErrorNotice error={save.error} overrides={officeErrorOverrides(save.error)} />
        <SuccessNotice message={saved} />
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            {t('common:actions.save')}
          </button>
          <Link to="/platform/offices" className="btn">
            {t('common:actions.cancel')}
          </Link>
        </div>
      </form>
    </section>
  );
}
