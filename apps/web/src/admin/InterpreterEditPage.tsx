import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useOfficeZone } from '../api/office';
import { useSession } from '../auth/session';
import {
  interpreterKeys,
  useInterpreters,
  type CreateInterpreterBody,
  type Interpreter,
  type InterpreterBody,
} from '../interpreter/api';
import { SPECIAL_LANGUAGES, useSpokenLanguageName } from '../interpreter/languageNames';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { useStaffAccounts, type StaffAccount } from './api';
import { COMMON_LANGUAGES, NewLogin, timeZones } from './CounsellorEditPage';
import {
  chosenLanguages,
  initialLanguages,
  LanguagesFieldset,
  linkableAccounts,
  LoginField,
  TimeZoneField,
} from './RosterPersonFields';
import { SuccessNotice, useFieldErrors } from './ui';

/**
 * The languages offered as checkboxes: those most asked for, then the ones without a two-letter code
 * (Dari, Kurmanji, …) and the sign languages.
 */
const INTERPRETER_LANGUAGES = [...COMMON_LANGUAGES, ...Object.keys(SPECIAL_LANGUAGES)];

export function InterpreterEditPage() {
  const { id } = useParams();
  const { t } = useTranslation('interpreter');
  const interpreters = useInterpreters();
  const staff = useStaffAccounts();
  const isNew = id === undefined;
  const interpreter = interpreters.data?.find((candidate) => candidate.id === id);
  usePageTitle(isNew ? t('admin.newTitle') : t('admin.editTitle'));

  if (interpreters.isPending || staff.isPending) return <Loading />;
  if (interpreters.error || staff.error)
    return <ErrorNotice error={interpreters.error ?? staff.error} />;
  if (!isNew && !interpreter) {
    return (
      <section>
        <h1>{t('admin.editTitle')}</h1>
        <p className="notice notice-error" role="alert">
          {t('admin.notFound')}
        </p>
        <Link to="/admin/interpreters">{t('admin.backToList')}</Link>
      </section>
    );
  }
  return (
    <InterpreterForm
      key={interpreter?.id ?? 'new'}
      interpreter={interpreter}
      interpreters={interpreters.data ?? []}
      staff={staff.data ?? []}
    />
  );
}

interface FormProps {
  interpreter: Interpreter | undefined;
  interpreters: Interpreter[];
  staff: StaffAccount[];
}

function InterpreterForm({ interpreter, interpreters, staff }: FormProps) {
  const officeZone = useOfficeZone();
  const { t } = useTranslation(['interpreter', 'admin']);
  const { call } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const languageName = useSpokenLanguageName();
  const zones = useMemo(() => timeZones(officeZone), [officeZone]);
  const initial = initialLanguages(INTERPRETER_LANGUAGES, interpreter?.languages ?? []);
  const [displayName, setDisplayName] = useState(interpreter?.displayName ?? '');
  const [languages, setLanguages] = useState<string[]>(initial.ticked);
  const [otherLanguages, setOtherLanguages] = useState(initial.typed);
  const [timeZone, setTimeZone] = useState(interpreter?.timeZone ?? officeZone);
  const [staffId, setStaffId] = useState(interpreter?.staffId ?? '');
  const [active, setActive] = useState(interpreter?.active ?? true);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<string | null>(null);

  const save = useMutation({
    mutationFn: (body: InterpreterBody) =>
      interpreter
        ? call<Interpreter>(`/api/admin/counsellors/${interpreter.id}`, { method: 'PATCH', body })
        : call<Interpreter>('/api/admin/counsellors', {
            method: 'POST',
            body: {
              ...body,
              displayName: body.displayName ?? '',
              languages: body.languages ?? [],
              kind: 'interpreter',
            } satisfies CreateInterpreterBody,
          }),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: interpreterKeys.list });
      if (interpreter) setSaved(t('admin.saved'));
      else void navigate(`/admin/interpreters/${result.id}`);
    },
  });
  const apiErrors = useFieldErrors(save.error);
  const errors = { ...apiErrors, ...localErrors };

  // An interpreter logs in with an interpreter's account, one not linked to anybody else.
  const linkable = linkableAccounts(staff, interpreters, interpreter, 'interpreter', staffId);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const problems: Record<string, string> = {};
    const { languages: allLanguages, wrong } = chosenLanguages(
      INTERPRETER_LANGUAGES,
      languages,
      otherLanguages,
    );
    if (wrong.length > 0)
      problems.otherLanguages = t('admin:counsellor.wrongLanguages', { codes: wrong.join(', ') });
    if (allLanguages.length === 0) problems.languages = t('admin.noLanguage');
    if (!zones.includes(timeZone) && timeZone !== 'UTC')
      problems.timeZone = t('admin:validation.timeZone');
    if (!displayName.trim()) problems.displayName = t('admin:validation.displayName');
    setLocalErrors(problems);
    if (Object.keys(problems).length > 0) return;
    save.mutate({
      displayName: displayName.trim(),
      languages: allLanguages,
      timeZone,
      staffId: staffId || null,
      ...(interpreter ? { active } : {}),
    });
  };

  const title = interpreter ? t('admin.editTitle') : t('admin.newTitle');
  return (
    <section className="stack">
      <p>
        <Link to="/admin/interpreters">{t('admin.backToList')}</Link>
      </p>
      <div className="admin-heading">
        <h1>
          {title}
          {interpreter ? `: ${interpreter.displayName}` : ''}
        </h1>
        {interpreter ? (
          <Link to={`/admin/interpreters/${interpreter.id}/roster`} className="btn">
            {t('admin.toRoster')}
          </Link>
        ) : null}
      </div>
      <form className="card stack" onSubmit={submit} noValidate>
        <Field label={t('admin.name')} error={errors.displayName}>
          <input
            value={displayName}
            required
            maxLength={120}
            autoComplete="off"
            onChange={(event) => setDisplayName(event.target.value)}
          />
        </Field>
        <LanguagesFieldset
          id="interpreter-languages"
          legend={t('admin.languages')}
          hint={t('admin.languagesHint')}
          offered={INTERPRETER_LANGUAGES}
          name={languageName}
          ticked={languages}
          onTicked={setLanguages}
          typed={otherLanguages}
          onTyped={setOtherLanguages}
          errors={errors}
        />
        <TimeZoneField
          listId="interpreter-time-zones"
          label={t('admin.timeZone')}
          zones={zones}
          value={timeZone}
          onChange={setTimeZone}
          error={errors.timeZone}
        />
        <LoginField
          label={t('admin.staffAccount')}
          hint={t('admin.staffAccountHint')}
          inactive={t('admin.isInactive')}
          accounts={linkable}
          value={staffId}
          onChange={setStaffId}
          error={errors.staffId}
        />
        {interpreter ? (
          <label className="choice">
            <input
              type="checkbox"
              checked={active}
              onChange={(event) => setActive(event.target.checked)}
            />
            {t('admin.activeLabel')}
          </label>
        ) : null}
        <ErrorNotice error={save.error} />
        <SuccessNotice message={saved} />
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            {interpreter ? t('common:actions.save') : t('admin.create')}
          </button>
          <Link to="/admin/interpreters" className="btn">
            {t('common:actions.cancel')}
          </Link>
        </div>
      </form>
      <NewLogin
        counsellor={interpreter}
        defaultName={displayName}
        role="interpreter"
        onCreated={(account) => setStaffId(account.id)}
      />
    </section>
  );
}
