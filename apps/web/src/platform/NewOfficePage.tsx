import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { localized } from '../admin/api';
import { generatePassword } from '../admin/CounsellorEditPage';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { usePageTitle } from '../ui/usePageTitle';
import { keys, type CreatedOffice, type CreateOfficeRequest } from './api';
import {
  NEW_OFFICE,
  OfficeFields,
  officeBody,
  officeErrorOverrides,
  useFocusFirstError,
  useOfficeErrors,
  useOfficeProblems,
  type OfficeValues,
} from './OfficeForm';

/** An office that counsels clients, or a pool of interpreters that offices may book. */
type OfficeKind = NonNullable<CreateOfficeRequest['kind']>;

/** As the API requires for every staff password (PASSWORD_MIN_LENGTH). */
const PASSWORD_MIN_LENGTH = 12;

/** What the platform admin passes on to the new office's first admin, shown once. */
interface Created {
  office: CreatedOffice['office'];
  email: string;
  password: string;
}

/** Creates an office together with its first office admin, then shows that admin's login once. */
export function NewOfficePage() {
  const { t } = useTranslation('platform');
  usePageTitle(t('create.title'));
  const [created, setCreated] = useState<Created | null>(null);
  return (
    <section className="stack">
      <h1>{t('create.title')}</h1>
      {created ? (
        <CreatedNotice created={created} onAnother={() => setCreated(null)} />
      ) : (
        <NewOfficeForm onCreated={setCreated} />
      )}
    </section>
  );
}

function NewOfficeForm({ onCreated }: { onCreated: (created: Created) => void }) {
  const { t } = useTranslation('platform');
  const { call } = useSession();
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const problemsOf = useOfficeProblems();
  const [values, setValues] = useState<OfficeValues>(NEW_OFFICE);
  const [kind, setKind] = useState<OfficeKind>('office');
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState(generatePassword);
  const [localErrors, setLocalErrors] = useState<Record<string, string> | null>(null);

  const create = useMutation({
    mutationFn: (body: CreateOfficeRequest) =>
      call<CreatedOffice>('/api/platform/offices', { method: 'POST', body }),
    onSuccess: async (answer, body) => {
      await queryClient.invalidateQueries({ queryKey: keys.offices });
      await queryClient.invalidateQueries({ queryKey: keys.health });
      onCreated({
        office: answer.office,
        email: body.firstAdmin.email,
        password: body.firstAdmin.password,
      });
    },
  });
  const errors = { ...useOfficeErrors(create.error), ...localErrors };
  useFocusFirstError(form, localErrors);
  useFocusFirstError(form, create.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems = problemsOf(values, true);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) problems.email = t('validation.email');
    if (!displayName.trim()) problems.displayName = t('validation.displayName');
    if (password.length < PASSWORD_MIN_LENGTH) problems.password = t('validation.password');
    if (Object.keys(problems).length > 0) {
      setLocalErrors(problems);
      return;
    }
    setLocalErrors(null);
    create.mutate({
      ...officeBody(values),
      kind,
      firstAdmin: { email: email.trim(), displayName: displayName.trim(), password },
    });
  };

  return (
    <form className="stack" onSubmit={submit} noValidate ref={form}>
      <p className="muted">{t('create.intro')}</p>
      <fieldset className="card">
        <legend>{t('kind.legend')}</legend>
        {(['office', 'interpreter_pool'] as const).map((option) => (
          <label key={option} className="choice">
            <input
              type="radio"
              name="office-kind"
              value={option}
              checked={kind === option}
              onChange={() => setKind(option)}
            />
            <span>
              {t(`kind.${option}`)}
              <br />
              <span className="muted">{t(`kind.${option}Hint`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <OfficeFields
        values={values}
        onChange={(change) => setValues((all) => ({ ...all, ...change }))}
        errors={errors}
        identity
      />
      <section className="card stack" aria-labelledby="first-admin">
        <h2 id="first-admin">{t('create.firstAdmin')}</h2>
        <p className="muted">{t('create.firstAdminHint')}</p>
        {errors.firstAdmin ? <p className="field-error">{errors.firstAdmin}</p> : null}
        <div className="form-grid">
          <Field label={t('create.email')} error={errors.email}>
            <input
              type="email"
              value={email}
              maxLength={254}
              dir="ltr"
              autoComplete="off"
              onChange={(event) => setEmail(event.target.value)}
            />
          </Field>
          <Field label={t('create.displayName')} error={errors.displayName}>
            <input
              value={displayName}
              maxLength={120}
              dir="auto"
              autoComplete="off"
              onChange={(event) => setDisplayName(event.target.value)}
            />
          </Field>
          <Field
            label={t('create.password')}
            hint={t('create.passwordHint', { min: PASSWORD_MIN_LENGTH })}
            error={errors.password}
          >
            <input
              value={password}
              minLength={PASSWORD_MIN_LENGTH}
              maxLength={256}
              dir="ltr"
              autoComplete="new-password"
              spellCheck={false}
              onChange={(event) => setPassword(event.target.value)}
            />
          </Field>
        </div>
        <div className="row">
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setPassword(generatePassword())}
          >
            {t('create.newPassword')}
          </button>
        </div>
      </section>
      {localErrors ? (
        <p className="notice notice-error" role="alert">
          {t('common:errors.invalid')}
        </p>
      ) : null}
      <ErrorNotice error={create.error} overrides={officeErrorOverrides(create.error)} />
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {t('create.submit')}
        </button>
        <Link to="/platform/offices" className="btn">
          {t('common:actions.cancel')}
        </Link>
      </div>
    </form>
  );
}

function CreatedNotice({ created, onAnother }: { created: Created; onAnother: () => void }) {
  const { t, i18n } = useTranslation('platform');
  const notice = useRef<HTMLDivElement>(null);
  // The form it replaces had the focus: the outcome takes it, so it is read out.
  useEffect(() => notice.current?.focus(), []);
  return (
    <div className="notice notice-success stack" role="status" tabIndex={-1} ref={notice}>
      <p>{t('create.created', { name: localized(created.office.name, i18n.language) })}</p>
      <p>
        {t('create.credentials', { email: created.email })}{' '}
        <code className="password" dir="ltr">
          {created.password}
        </code>
      </p>
      <p>{t('create.passwordOnce')}</p>
      <div className="row">
        <Link to="/platform/offices" className="btn btn-primary">
          {t('create.toList')}
        </Link>
        <Link to={`/platform/offices/${created.office.id}`} className="btn">
          {t('create.editCreated')}
        </Link>
        <button type="button" className="btn" onClick={onAnother}>
          {t('create.another')}
        </button>
      </div>
    </div>
  );
}
