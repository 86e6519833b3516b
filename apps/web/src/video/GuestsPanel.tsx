import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session';
import { useSpokenLanguageName } from '../interpreter/languageNames';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { roleLabel, type Guest, type GuestInvitation } from './people';

const LIVE: ReadonlySet<Guest['status']> = new Set(['invited', 'waiting', 'admitted']);

/**
 * The counsellor invites an outside interpreter or a support person for this one call (a
 * one-time link), sees each guest's state (also "refused by the client") and revokes; a waiting
 * guest is let in from the waiting room, like the client.
 */
export function GuestsPanel({ appointmentId }: { appointmentId: string }) {
  const { t } = useTranslation('video');
  const { call } = useSession();
  const languageName = useSpokenLanguageName();
  const queryClient = useQueryClient();
  const key = ['video', 'guests', appointmentId];
  const guests = useQuery({
    queryKey: key,
    queryFn: () => call<Guest[]>(`/api/appointments/${appointmentId}/video/guests`),
    refetchInterval: 10_000,
  });
  const [name, setName] = useState('');
  const [role, setRole] = useState<Guest['role']>('interpreter');
  const [language, setLanguage] = useState('');
  const [invitation, setInvitation] = useState<GuestInvitation | null>(null);
  const [copied, setCopied] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  const invite = useMutation({
    mutationFn: () =>
      call<GuestInvitation>(`/api/appointments/${appointmentId}/video/guests`, {
        method: 'POST',
        body: {
          name: name.trim(),
          role,
          language: role === 'interpreter' && language.trim() ? language.trim() : null,
        },
      }),
    onSuccess: async (created) => {
      setInvitation(created);
      setCopied(false);
      setName('');
      setLanguage('');
      await refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (guest: Guest) =>
      call<void>(`/api/appointments/${appointmentId}/video/guests/${guest.id}`, {
        method: 'DELETE',
      }),
    onSuccess: refresh,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) invite.mutate();
  };
  const list = guests.data ?? [];
  return (
    <section className="card guests-panel stack" aria-labelledby="guests-heading">
      <h2 id="guests-heading">{t('guests.title')}</h2>
      <p className="muted">{t('guests.intro')}</p>
      {list.length === 0 ? <p>{t('guests.none')}</p> : null}
      {list.length > 0 ? (
        <ul className="people-list">
          {list.map((guest) => (
            <li key={guest.id} className="people-item" data-status={guest.status}>
              <span>
                <strong>{guest.name}</strong>
                <span className="people-role">
                  {roleLabel(
                    t,
                    { role: 'guest', guestRole: guest.role, language: guest.language },
                    languageName,
                  )}
                </span>
                <span className={guest.status === 'refused' ? 'guest-refused' : 'muted'}>
                  {t(`guests.status.${guest.status}`)}
                </span>
              </span>
              <span className="row">
                {LIVE.has(guest.status) ? (
                  <button
                    type="button"
                    className="btn"
                    disabled={revoke.isPending}
                    onClick={() => revoke.mutate(guest)}
                  >
                    {t('guests.revoke', { name: guest.name })}
                  </button>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorNotice error={guests.error ?? revoke.error} />
      {invitation ? (
        <div className="notice notice-success" role="status">
          <p>
            <strong>{t('guests.link', { name: invitation.guest.name })}</strong>
          </p>
          <p className="guest-link">
            <code>{invitation.link}</code>
          </p>
          <p>{t('guests.linkHint', { name: invitation.guest.name })}</p>
          <button
            type="button"
            className="btn"
            onClick={() =>
              void navigator.clipboard?.writeText(invitation.link).then(() => setCopied(true))
            }
          >
            {copied ? t('guests.copied') : t('guests.copy')}
          </button>
        </div>
      ) : null}
      <form className="stack" onSubmit={submit}>
        <Field label={t('guests.name')}>
          <input
            type="text"
            value={name}
            maxLength={100}
            required
            autoComplete="off"
            onChange={(event) => setName(event.target.value)}
          />
        </Field>
        <Field label={t('guests.role')}>
          <select value={role} onChange={(event) => setRole(event.target.value as Guest['role'])}>
            <option value="interpreter">{t('guests.roleInterpreter')}</option>
            <option value="support">{t('guests.roleSupport')}</option>
          </select>
        </Field>
        {role === 'interpreter' ? (
          <Field label={t('guests.language')} hint={t('guests.languageHint')}>
            <input
              type="text"
              value={language}
              maxLength={16}
              autoComplete="off"
              onChange={(event) => setLanguage(event.target.value)}
            />
          </Field>
        ) : null}
        <div className="row">
          <button type="submit" className="btn" disabled={invite.isPending || !name.trim()}>
            {t('guests.invite')}
          </button>
        </div>
        <ErrorNotice error={invite.error} />
      </form>
    </section>
  );
}
