import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import {
  keys,
  localized,
  useConsultationTypes,
  useCounsellors,
  useStaffAccounts,
  useTopics,
  type Counsellor,
  type CounsellorTypesRequest,
  type CreateCounsellorRequest,
  type CreateStaffRequest,
  type StaffAccount,
  type Topic,
  type UpdateCounsellorRequest,
} from './api';
import {
  chosenLanguages,
  initialLanguages,
  LanguagesFieldset,
  linkableAccounts,
  LoginField,
  TimeZoneField,
} from './RosterPersonFields';
import { SuccessNotice, useFieldErrors, useLanguageName } from './ui';
import { useOfficeZone } from '../api/office';

/** Languages most often asked for in migration counselling, offered as checkboxes. */
export const COMMON_LANGUAGES = [
  'de',
  'en',
  'ar',
  'fa',
  'ps',
  'ku',
  'tr',
  'uk',
  'ru',
  'fr',
  'es',
  'it',
  'pl',
  'ro',
  'bg',
  'sq',
  'sr',
  'ti',
  'so',
  'am',
  'ur',
  'vi',
  'zh',
];

export function timeZones(fallback: string): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [fallback];
  }
}

/** A passphrase-strength random password (about 95 bits), shown once to the admin. */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const chars = Array.from(bytes, (byte) => alphabet[byte % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

export function CounsellorEditPage() {
  const { id } = useParams();
  const { t } = useTranslation('admin');
  const counsellors = useCounsellors();
  const staff = useStaffAccounts();
  const isNew = id === undefined;
  const counsellor = counsellors.data?.find((c) => c.id === id);
  usePageTitle(isNew ? t('counsellor.newTitle') : t('counsellor.editTitle'));

  if (counsellors.isPending || staff.isPending) return <Loading />;
  if (counsellors.error || staff.error)
    return <ErrorNotice error={counsellors.error ?? staff.error} />;
  if (!isNew && !counsellor) {
    return (
      <section>
        <h1>{t('counsellor.editTitle')}</h1>
        <p className="notice notice-error" role="alert">
          {t('counsellor.notFound')}
        </p>
        <Link to="/admin/counsellors">{t('counsellor.backToList')}</Link>
      </section>
    );
  }
  return (
    <CounsellorForm
      key={counsellor?.id ?? 'new'}
      counsellor={counsellor}
      counsellors={counsellors.data ?? []}
      staff={staff.data ?? []}
    />
  );
}

interface FormProps {
  counsellor: Counsellor | undefined;
  counsellors: Counsellor[];
  staff: StaffAccount[];
}

function CounsellorForm({ counsellor, counsellors, staff }: FormProps) {
  const officeZone = useOfficeZone();
  const { t, i18n } = useTranslation('admin');
  const { call } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const topics = useTopics();
  const types = useConsultationTypes();
  const languageName = useLanguageName();
  const zones = useMemo(() => timeZones(officeZone), [officeZone]);
  // The types this counsellor offers: each type's "offered by", seen from the counsellor's side.
  const [chosenTypes, setChosenTypes] = useState<string[] | null>(null);
  const offered =
    chosenTypes ??
    (types.data ?? [])
      .filter((type) => counsellor !== undefined && type.counsellorIds.includes(counsellor.id))
      .map((type) => type.id);

  const initial = initialLanguages(COMMON_LANGUAGES, counsellor?.languages ?? []);
  const [displayName, setDisplayName] = useState(counsellor?.displayName ?? '');
  const [languages, setLanguages] = useState<string[]>(initial.ticked);
  const [otherLanguages, setOtherLanguages] = useState(initial.typed);
  const [chosenTopics, setChosenTopics] = useState<string[]>(counsellor?.topics ?? []);
  const [timeZone, setTimeZone] = useState(counsellor?.timeZone ?? officeZone);
  const [staffId, setStaffId] = useState(counsellor?.staffId ?? '');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<string | null>(null);

  const save = useMutation({
    mutationFn: async (body: CreateCounsellorRequest) => {
      const result = counsellor
        ? await call<Counsellor>(`/api/admin/counsellors/${counsellor.id}`, {
            method: 'PATCH',
            body,
          })
        : await call<Counsellor>('/api/admin/counsellors', { method: 'POST', body });
      await call(`/api/admin/counsellors/${result.id}/consultation-types`, {
        method: 'PUT',
        body: { consultationTypeIds: offered } satisfies CounsellorTypesRequest,
      });
      return result;
    },
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: keys.counsellors });
      await queryClient.invalidateQueries({ queryKey: keys.types });
      if (counsellor) setSaved(t('counsellor.saved'));
      else void navigate(`/admin/counsellors/${result.id}`, { state: { created: true } });
    },
  });
  const apiErrors = useFieldErrors(save.error);
  const errors = { ...apiErrors, ...localErrors };

  const linkable = linkableAccounts(staff, counsellors, counsellor, 'counsellor', staffId);

  const toggle = (list: string[], value: string, on: boolean) =>
    on ? [...list, value] : list.filter((item) => item !== value);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const problems: Record<string, string> = {};
    const { languages: allLanguages, wrong } = chosenLanguages(
      COMMON_LANGUAGES,
      languages,
      otherLanguages,
    );
    if (wrong.length > 0)
      problems.otherLanguages = t('counsellor.wrongLanguages', { codes: wrong.join(', ') });
    if (allLanguages.length === 0) problems.languages = t('counsellor.noLanguage');
    if (chosenTopics.length === 0) problems.topics = t('counsellor.noTopic');
    if (!zones.includes(timeZone) && timeZone !== 'UTC')
      problems.timeZone = t('validation.timeZone');
    if (!displayName.trim()) problems.displayName = t('validation.displayName');
    setLocalErrors(problems);
    if (Object.keys(problems).length > 0) return;
    save.mutate({
      displayName: displayName.trim(),
      languages: allLanguages,
      topics: chosenTopics as Topic[],
      timeZone,
      staffId: staffId || null,
    });
  };

  const title = counsellor ? t('counsellor.editTitle') : t('counsellor.newTitle');
  return (
    <section className="stack">
      <p>
        <Link to="/admin/counsellors">{t('counsellor.backToList')}</Link>
      </p>
      <div className="admin-heading">
        <h1>
          {title}
          {counsellor ? `: ${counsellor.displayName}` : ''}
        </h1>
        {counsellor ? (
          <Link to={`/admin/counsellors/${counsellor.id}/roster`} className="btn">
            {t('counsellor.toRoster')}
          </Link>
        ) : null}
      </div>
      {counsellor && !counsellor.active ? (
        <p className="notice notice-warning">{t('counsellor.inactiveNote')}</p>
      ) : null}
      <form className="card stack" onSubmit={submit} noValidate>
        <Field label={t('counsellor.displayName')} error={errors.displayName}>
          <input
            value={displayName}
            required
            maxLength={120}
            autoComplete="off"
            onChange={(event) => setDisplayName(event.target.value)}
          />
        </Field>
        <LanguagesFieldset
          id="counsellor-languages"
          legend={t('counsellor.languages')}
          offered={COMMON_LANGUAGES}
          name={languageName}
          ticked={languages}
          onTicked={setLanguages}
          typed={otherLanguages}
          onTyped={setOtherLanguages}
          errors={errors}
        />
        <fieldset aria-describedby={errors.topics ? 'counsellor-topics-error' : undefined}>
          <legend>{t('counsellor.topics')}</legend>
          {topics.isPending ? <Loading /> : null}
          <ErrorNotice error={topics.error} />
          <div className="checkbox-grid">
            {(topics.data ?? []).map((topic) => (
              <label key={topic.code} className="choice">
                <input
                  type="checkbox"
                  checked={chosenTopics.includes(topic.code)}
                  onChange={(event) =>
                    setChosenTopics((list) => toggle(list, topic.code, event.target.checked))
                  }
                />
                {topic.name}
              </label>
            ))}
          </div>
          {errors.topics ? (
            <p className="field-error" id="counsellor-topics-error">
              {errors.topics}
            </p>
          ) : null}
        </fieldset>
        <fieldset aria-describedby="counsellor-types-note">
          <legend>{t('counsellor.types')}</legend>
          {types.isPending ? <Loading /> : null}
          <ErrorNotice error={types.error} />
          <div className="checkbox-grid">
            {(types.data ?? []).map((type) => (
              <label key={type.id} className="choice">
                <input
                  type="checkbox"
                  checked={offered.includes(type.id)}
                  onChange={(event) =>
                    setChosenTypes(toggle(offered, type.id, event.target.checked))
                  }
                />
                {localized(type.name, i18n.language)}
              </label>
            ))}
          </div>
          {/* Without a type nobody can book the counsellor, however full the roster. */}
          <p
            id="counsellor-types-note"
            className={types.isSuccess && offered.length === 0 ? 'notice notice-warning' : 'muted'}
          >
            {types.isSuccess && offered.length === 0
              ? t('counsellor.noTypesWarning')
              : t('counsellor.typesHint')}
          </p>
        </fieldset>
        <TimeZoneField
          listId="admin-time-zones"
          label={t('counsellor.timeZone')}
          zones={zones}
          value={timeZone}
          onChange={setTimeZone}
          error={errors.timeZone}
        />
        <LoginField
          label={t('counsellor.staffAccount')}
          hint={t('counsellor.staffAccountHint')}
          inactive={t('counsellors.isInactive')}
          accounts={linkable}
          value={staffId}
          onChange={setStaffId}
          error={errors.staffId}
        />
        <ErrorNotice error={save.error} />
        <SuccessNotice message={saved} />
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            {counsellor ? t('common:actions.save') : t('counsellor.create')}
          </button>
          <Link to="/admin/counsellors" className="btn">
            {t('common:actions.cancel')}
          </Link>
        </div>
      </form>
      <NewLogin
        counsellor={counsellor}
        defaultName={displayName}
        onCreated={(account) => setStaffId(account.id)}
      />
    </section>
  );
}

interface NewLoginProps {
  counsellor: Counsellor | undefined;
  defaultName: string;
  onCreated: (account: StaffAccount) => void;
  /** The login's role: an interpreter's roster row takes an interpreter's login. */
  role?: Extract<CreateStaffRequest['role'], 'counsellor' | 'interpreter'>;
}

/**
 * Creates a counsellor's (or an interpreter's) login. The API takes the password from the admin, so
 * it is generated here and shown once, to be passed on by a safe way; an existing roster person is
 * linked at once.
 */
export function NewLogin({
  counsellor,
  defaultName,
  onCreated,
  role = 'counsellor',
}: NewLoginProps) {
  const { t } = useTranslation(['admin', 'interpreter']);
  // The texts that name whom the login is for.
  const texts = role === 'interpreter' ? 'interpreter:login.' : 'login.';
  const { call } = useSession();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState(generatePassword);
  const [shown, setShown] = useState<{ email: string; password: string } | null>(null);
  const [linkError, setLinkError] = useState<unknown>(null);

  const create = useMutation({
    mutationFn: () =>
      call<StaffAccount>('/api/admin/staff', {
        method: 'POST',
        body: {
          email: email.trim(),
          displayName: (name || defaultName).trim(),
          role,
          password,
        } satisfies CreateStaffRequest,
      }),
    onSuccess: async (account) => {
      setShown({ email: account.email, password });
      setEmail('');
      setName('');
      setPassword(generatePassword());
      setLinkError(null);
      if (counsellor) {
        try {
          await call(`/api/admin/counsellors/${counsellor.id}`, {
            method: 'PATCH',
            body: { staffId: account.id } satisfies UpdateCounsellorRequest,
          });
        } catch (error) {
          setLinkError(error);
        }
      }
      await queryClient.invalidateQueries({ queryKey: keys.staff });
      await queryClient.invalidateQueries({ queryKey: keys.counsellors });
      await queryClient.invalidateQueries({ queryKey: ['admin', 'interpreters'] });
      onCreated(account);
    },
  });
  const errors = useFieldErrors(create.error);

  // The login already exists and is linked: nothing to create here.
  const linked = useQuery({
    queryKey: keys.staff,
    queryFn: () => call<StaffAccount[]>('/api/admin/staff'),
    select: (accounts) => accounts.find((account) => account.id === counsellor?.staffId),
  });

  return (
    <section className="card stack" aria-labelledby="new-login-heading">
      <h2 id="new-login-heading">{t(`${texts}title`)}</h2>
      {linked.data ? (
        <p>{t('login.linkedTo', { email: linked.data.email })}</p>
      ) : (
        <p className="muted">{counsellor ? t(`${texts}introExisting`) : t(`${texts}introNew`)}</p>
      )}
      {shown ? (
        <div className="notice notice-success" role="status">
          <p>{t('login.created', { email: shown.email })}</p>
          <p>
            {t('login.passwordOnce')}{' '}
            <code className="password" dir="ltr">
              {shown.password}
            </code>
          </p>
          <button type="button" className="btn btn-small" onClick={() => setShown(null)}>
            {t('login.passwordNoted')}
          </button>
        </div>
      ) : null}
      <ErrorNotice error={linkError} />
      <form
        className="stack"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate();
        }}
      >
        <div className="grid-2">
          <Field label={t('login.email')} error={errors.email}>
            <input
              type="email"
              value={email}
              required
              autoComplete="off"
              dir="ltr"
              onChange={(event) => setEmail(event.target.value)}
            />
          </Field>
          <Field label={t('login.name')} hint={t(`${texts}nameHint`)} error={errors.displayName}>
            <input
              value={name}
              placeholder={defaultName}
              autoComplete="off"
              onChange={(event) => setName(event.target.value)}
            />
          </Field>
        </div>
        <Field label={t('login.password')} hint={t('login.passwordHint')} error={errors.password}>
          <input
            value={password}
            minLength={12}
            autoComplete="new-password"
            dir="ltr"
            onChange={(event) => setPassword(event.target.value)}
          />
        </Field>
        <ErrorNotice error={create.error} overrides={{ 409: 'admin:login.emailTaken' }} />
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            {counsellor ? t('login.createAndLink') : t('login.create')}
          </button>
          <button type="button" className="btn" onClick={() => setPassword(generatePassword())}>
            {t('login.generate')}
          </button>
        </div>
      </form>
    </section>
  );
}
