import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { components } from '../api/openapi';
import { useSession } from '../auth/session';
import { useInterpreters } from '../interpreter/api';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { useFormat } from '../ui/format';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import {
  keys,
  useCounsellors,
  useStaffAccounts,
  type CreateStaffRequest,
  type StaffAccount,
  type UpdateStaffRequest,
} from './api';
import { generatePassword } from './CounsellorEditPage';
import { ConfirmButton, SuccessNotice, TableWrap, useFieldErrors } from './ui';
import { useOfficeZone } from '../api/office';

/** The roles inside an office, the ones an office admin gives (a platform admin has no office). */
type StaffRole = components['schemas']['CreateStaffDto']['role'];

const PASSWORD_MIN_LENGTH = 12;

/** A password shown once: after creating a login or setting a new password. */
interface ShownPassword {
  message: string;
  password: string;
}

type Change =
  | { kind: 'active'; account: StaffAccount; active: boolean }
  | { kind: 'role'; account: StaffAccount; role: StaffRole }
  | { kind: 'password'; account: StaffAccount; password: string };

function bodyOf(change: Change): UpdateStaffRequest {
  if (change.kind === 'active') return { active: change.active };
  if (change.kind === 'role') return { role: change.role };
  return { password: change.password };
}

/**
 * Staff logins: who may log in, with which role. Deactivating a login or changing its role or
 * password ends its sessions on the server; the admin's own login is left alone here.
 */
export function StaffPage() {
  const officeZone = useOfficeZone();
  const { t } = useTranslation('admin');
  usePageTitle(t('staff.title'));
  const { call, staff: me } = useSession();
  const queryClient = useQueryClient();
  const accounts = useStaffAccounts();
  const counsellors = useCounsellors();
  const interpreters = useInterpreters();
  const format = useFormat();
  const [done, setDone] = useState<string | null>(null);
  const [shown, setShown] = useState<ShownPassword | null>(null);

  const change = useMutation({
    mutationFn: (input: Change) =>
      call<StaffAccount>(`/api/admin/staff/${input.account.id}`, {
        method: 'PATCH',
        body: bodyOf(input),
      }),
    onMutate: () => {
      setDone(null);
      setShown(null);
    },
    onSuccess: (account, input) => {
      const name = account.displayName;
      if (input.kind === 'active') {
        setDone(t(account.active ? 'staff.reactivated' : 'staff.deactivated', { name }));
      } else if (input.kind === 'role') {
        setDone(t('staff.roleChanged', { name, role: t(`staff.roles.${account.role}`) }));
      } else {
        setShown({
          message: t('staff.passwordSet', { email: account.email }),
          password: input.password,
        });
      }
      void queryClient.invalidateQueries({ queryKey: keys.staff });
      void queryClient.invalidateQueries({ queryKey: keys.counsellors });
    },
  });

  // A login's roster people: counsellors, or the interpreter an interpreter's login belongs to.
  const profilesOf = (id: string) =>
    [...(counsellors.data ?? []), ...(interpreters.data ?? [])].filter(
      (person) => person.staffId === id,
    );
  const list = [...(accounts.data ?? [])].sort(
    (a, b) => Number(b.active) - Number(a.active) || a.displayName.localeCompare(b.displayName),
  );

  return (
    <section className="stack">
      <h1>{t('staff.title')}</h1>
      <p className="muted">{t('staff.intro')}</p>
      <section className="stack" aria-labelledby="staff-list-heading">
        <h2 id="staff-list-heading">{t('staff.listTitle')}</h2>
        <SuccessNotice message={done} />
        <PasswordNotice shown={shown} onNoted={() => setShown(null)} />
        <ErrorNotice error={change.error} />
        <ErrorNotice error={accounts.error} />
        <ErrorNotice error={counsellors.error} />
        {accounts.isPending ? (
          <Loading />
        ) : list.length === 0 ? (
          <p className="muted">{t('staff.empty')}</p>
        ) : (
          <TableWrap label={t('staff.listTitle')}>
            <table>
              <caption className="visually-hidden">{t('staff.listTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('staff.name')}</th>
                  <th scope="col">{t('staff.email')}</th>
                  <th scope="col">{t('staff.role')}</th>
                  <th scope="col">{t('staff.profile')}</th>
                  <th scope="col">{t('staff.lastLogin')}</th>
                  <th scope="col">{t('staff.active')}</th>
                  <th scope="col">{t('staff.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((account) => {
                  const name = account.displayName;
                  const self = account.id === me?.id;
                  const profiles = profilesOf(account.id);
                  const otherRole: StaffRole = account.role === 'admin' ? 'counsellor' : 'admin';
                  const roleKey = otherRole === 'admin' ? 'makeAdmin' : 'makeCounsellor';
                  return (
                    <tr key={account.id} className={account.active ? undefined : 'inactive'}>
                      <th scope="row">
                        {name}
                        {self ? <span className="muted"> {t('staff.you')}</span> : null}
                      </th>
                      <td dir="ltr">{account.email}</td>
                      <td>{t(`staff.roles.${account.role}`)}</td>
                      <td>
                        {profiles.length > 0 ? (
                          profiles.map((counsellor, index) => (
                            <span key={counsellor.id}>
                              {index > 0 ? ', ' : null}
                              <Link
                                to={`/admin/${counsellor.kind === 'interpreter' ? 'interpreters' : 'counsellors'}/${counsellor.id}`}
                              >
                                {counsellor.displayName}
                              </Link>
                            </span>
                          ))
                        ) : (
                          <span className="muted">{t('staff.noProfile')}</span>
                        )}
                      </td>
                      <td>
                        {account.lastLoginAt ? (
                          <>
                            {format.shortDate(account.lastLoginAt, officeZone)}{' '}
                            <span dir="ltr">{format.time(account.lastLoginAt, officeZone)}</span>
                          </>
                        ) : (
                          <span className="muted">{t('staff.neverLoggedIn')}</span>
                        )}
                      </td>
                      <td>
                        <span className={`status ${account.active ? 'status-ok' : 'status-off'}`}>
                          {account.active ? t('staff.isActive') : t('staff.isInactive')}
                        </span>
                      </td>
                      <td>
                        {self ? (
                          <p className="muted small">{t('staff.selfNote')}</p>
                        ) : (
                          <div className="row row-tight">
                            {/* An interpreter's login stays one: it belongs to an interpreter. */}
                            {account.role === 'interpreter' ? null : (
                              <ConfirmButton
                                label={t(`staff.${roleKey}`)}
                                ariaLabel={t(`staff.${roleKey}Of`, { name })}
                                question={t(`staff.${roleKey}Question`, { name })}
                                danger={false}
                                disabled={change.isPending}
                                onConfirm={() =>
                                  change.mutate({ kind: 'role', account, role: otherRole })
                                }
                              />
                            )}
                            <ConfirmButton
                              label={t('staff.newPassword')}
                              ariaLabel={t('staff.newPasswordOf', { name })}
                              question={t('staff.newPasswordQuestion', { name })}
                              confirmLabel={t('staff.newPasswordConfirm')}
                              danger={false}
                              disabled={change.isPending}
                              onConfirm={() =>
                                change.mutate({
                                  kind: 'password',
                                  account,
                                  password: generatePassword(),
                                })
                              }
                            />
                            {account.active ? (
                              <ConfirmButton
                                label={t('staff.deactivate')}
                                ariaLabel={t('staff.deactivateOf', { name })}
                                question={t('staff.deactivateQuestion', {
                                  name,
                                  email: account.email,
                                })}
                                disabled={change.isPending}
                                onConfirm={() =>
                                  change.mutate({ kind: 'active', account, active: false })
                                }
                              />
                            ) : (
                              <ConfirmButton
                                label={t('staff.reactivate')}
                                ariaLabel={t('staff.reactivateOf', { name })}
                                question={t('staff.reactivateQuestion', {
                                  name,
                                  email: account.email,
                                })}
                                danger={false}
                                disabled={change.isPending}
                                onConfirm={() =>
                                  change.mutate({ kind: 'active', account, active: true })
                                }
                              />
                            )}
                          </div>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
      <NewStaffLogin />
    </section>
  );
}

/** The password once, with the advice to hand it over safely (in a live region kept in place). */
function PasswordNotice({ shown, onNoted }: { shown: ShownPassword | null; onNoted: () => void }) {
  const { t } = useTranslation('admin');
  return (
    <div role="status" aria-live="polite">
      {shown ? (
        <div className="notice notice-success">
          <p>
            {shown.message}{' '}
            <code className="password" dir="ltr">
              {shown.password}
            </code>
          </p>
          <p>{t('staff.passwordOnce')}</p>
          <button type="button" className="btn btn-small" onClick={onNoted}>
            {t('staff.passwordNoted')}
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** Creates a login with a role; the suggested random password is shown once afterwards. */
function NewStaffLogin() {
  const { t } = useTranslation('admin');
  const { call } = useSession();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<StaffRole>('counsellor');
  const [password, setPassword] = useState(generatePassword);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [shown, setShown] = useState<ShownPassword | null>(null);

  const create = useMutation({
    mutationFn: (body: CreateStaffRequest) =>
      call<StaffAccount>('/api/admin/staff', { method: 'POST', body }),
    onMutate: () => setShown(null),
    onSuccess: (account, body) => {
      setShown({
        message: t('staff.created', { email: account.email }),
        password: body.password,
      });
      setEmail('');
      setDisplayName('');
      setRole('counsellor');
      setPassword(generatePassword());
      void queryClient.invalidateQueries({ queryKey: keys.staff });
      void queryClient.invalidateQueries({ queryKey: keys.counsellors });
    },
  });
  const apiErrors = useFieldErrors(create.error);
  const errors = { ...apiErrors, ...localErrors };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) problems.email = t('validation.email');
    if (!displayName.trim()) problems.displayName = t('validation.displayName');
    if (password.length < PASSWORD_MIN_LENGTH) problems.password = t('validation.password');
    setLocalErrors(problems);
    if (Object.keys(problems).length > 0) return;
    create.mutate({ email: email.trim(), displayName: displayName.trim(), role, password });
  };

  return (
    <section className="card stack" aria-labelledby="staff-new-heading">
      <h2 id="staff-new-heading">{t('staff.createTitle')}</h2>
      <p className="muted">{t('staff.createIntro')}</p>
      <PasswordNotice shown={shown} onNoted={() => setShown(null)} />
      <form className="stack" noValidate onSubmit={submit}>
        <div className="grid-2">
          <Field label={t('staff.displayName')} error={errors.displayName}>
            <input
              value={displayName}
              required
              maxLength={120}
              autoComplete="off"
              onChange={(event) => setDisplayName(event.target.value)}
            />
          </Field>
          <Field label={t('staff.emailLabel')} error={errors.email}>
            <input
              type="email"
              value={email}
              required
              maxLength={254}
              autoComplete="off"
              dir="ltr"
              onChange={(event) => setEmail(event.target.value)}
            />
          </Field>
        </div>
        <Field label={t('staff.roleLabel')} hint={t('staff.roleHint')} error={errors.role}>
          <select value={role} onChange={(event) => setRole(event.target.value as StaffRole)}>
            <option value="counsellor">{t('staff.roles.counsellor')}</option>
            <option value="admin">{t('staff.roles.admin')}</option>
            <option value="interpreter">{t('staff.roles.interpreter')}</option>
          </select>
        </Field>
        <Field label={t('staff.password')} hint={t('staff.passwordHint')} error={errors.password}>
          <input
            value={password}
            required
            minLength={PASSWORD_MIN_LENGTH}
            maxLength={256}
            autoComplete="new-password"
            dir="ltr"
            onChange={(event) => setPassword(event.target.value)}
          />
        </Field>
        <ErrorNotice error={create.error} overrides={{ 409: 'admin:staff.emailTaken' }} />
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            {t('staff.create')}
          </button>
          <button type="button" className="btn" onClick={() => setPassword(generatePassword())}>
            {t('staff.generate')}
          </button>
        </div>
      </form>
    </section>
  );
}
