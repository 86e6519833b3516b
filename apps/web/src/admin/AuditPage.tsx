import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { useFormat } from '../ui/format';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { TableWrap } from './ui';
import {
  keys,
  localized,
  useConsultationTypes,
  useCounsellors,
  useStaffAccounts,
  type AuditEvent,
} from './api';
import { useOfficeZone } from '../api/office';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function AuditPage() {
  const officeZone = useOfficeZone();
  const { t, i18n } = useTranslation('admin');
  usePageTitle(t('audit.title'));
  const { call } = useSession();
  const format = useFormat();
  const staff = useStaffAccounts();
  const counsellors = useCounsellors();
  const types = useConsultationTypes();
  const [params, setParams] = useSearchParams();
  const appointmentId = params.get('appointmentId') ?? '';
  const [draft, setDraft] = useState(appointmentId);
  const [draftError, setDraftError] = useState<string | null>(null);

  const events = useQuery({
    queryKey: [...keys.audit, appointmentId],
    queryFn: () =>
      call<AuditEvent[]>('/api/admin/audit', {
        query: { appointmentId: appointmentId || undefined },
      }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = draft.trim();
    if (value && !UUID.test(value)) {
      setDraftError(t('audit.badId'));
      return;
    }
    setDraftError(null);
    setParams(value ? { appointmentId: value } : {});
  };

  /** A field of the log in words ("counsellorId" → "Counsellor"); an unknown one as it is. */
  const label = (key: string): string => t(`audit.fields.${key}`, { defaultValue: key });

  /**
   * A value as people read it: counsellors and types by name, instants as local times, statuses and
   * yes/no in words, other ids shortened; nested changes (from/to) field by field.
   */
  const detail = (key: string, value: unknown): string => {
    if (value === null || value === undefined) return '–';
    if (Array.isArray(value)) return value.map((item) => detail(key, item)).join(', ');
    if (typeof value === 'object') {
      return Object.entries(value)
        .map(([inner, innerValue]) => `${label(inner)}: ${detail(inner, innerValue)}`)
        .join('; ');
    }
    if (typeof value === 'boolean') return value ? t('audit.yes') : t('audit.no');
    if (typeof value === 'number' || typeof value === 'bigint') return String(value);
    if (typeof value !== 'string') return JSON.stringify(value);
    if (/counsellorId$/i.test(key)) {
      return counsellors.data?.find((c) => c.id === value)?.displayName ?? value.slice(0, 8);
    }
    if (key === 'consultationTypeId') {
      const type = types.data?.find((one) => one.id === value);
      return type ? localized(type.name, i18n.language) : value.slice(0, 8);
    }
    if (key === 'status') return t(`common:status.${value}`, { defaultValue: value });
    if (INSTANT.test(value)) {
      return `${format.shortDate(value, officeZone)} ${format.time(value, officeZone)}`;
    }
    return UUID.test(value) ? value.slice(0, 8) : value;
  };

  const actor = (event: AuditEvent) => {
    const kind = t(`audit.actor.${event.actorType}`, { defaultValue: event.actorType });
    if (event.actorType !== 'staff' || !event.actorId) return kind;
    const account = staff.data?.find((one) => one.id === event.actorId);
    return `${kind}: ${account ? `${account.displayName} (${account.email})` : event.actorId.slice(0, 8)}`;
  };

  return (
    <section className="stack">
      <h1>{t('audit.title')}</h1>
      <p className="muted">{t('audit.intro')}</p>
      <form className="card stack" onSubmit={submit} aria-labelledby="audit-filter">
        <h2 id="audit-filter">{t('audit.filter')}</h2>
        <Field
          label={t('audit.appointmentId')}
          hint={t('audit.appointmentIdHint')}
          error={draftError ?? undefined}
        >
          <input
            value={draft}
            dir="ltr"
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setDraft(event.target.value)}
          />
        </Field>
        <div className="row">
          <button type="submit" className="btn btn-primary">
            {t('audit.apply')}
          </button>
          {appointmentId ? (
            <button
              type="button"
              className="btn"
              onClick={() => {
                setDraft('');
                setDraftError(null);
                setParams({});
              }}
            >
              {t('audit.showAll')}
            </button>
          ) : null}
        </div>
      </form>
      <ErrorNotice error={events.error} />
      {events.isPending ? (
        <Loading />
      ) : (events.data ?? []).length === 0 ? (
        <p className="muted">{t('audit.empty')}</p>
      ) : (
        <TableWrap
          label={
            appointmentId
              ? t('audit.captionFor', { id: appointmentId })
              : t('audit.caption', { zone: officeZone })
          }
        >
          <table>
            <caption>
              {appointmentId
                ? t('audit.captionFor', { id: appointmentId })
                : t('audit.caption', { zone: officeZone })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.time')}</th>
                <th scope="col">{t('audit.actorLabel')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.appointment')}</th>
                <th scope="col">{t('audit.changes')}</th>
              </tr>
            </thead>
            <tbody>
              {(events.data ?? []).map((event) => (
                <tr key={event.id}>
                  <th scope="row">
                    {format.shortDate(event.occurredAt, officeZone)}{' '}
                    <span dir="ltr">{format.time(event.occurredAt, officeZone)}</span>
                  </th>
                  <td>{actor(event)}</td>
                  <td>
                    {t(`audit.actions.${event.action.replace(/[.-]/g, '_')}`, {
                      defaultValue: event.action,
                    })}
                  </td>
                  <td>
                    {event.appointmentId ? (
                      <button
                        type="button"
                        className="link-button mono"
                        aria-label={t('audit.filterBy', { id: event.appointmentId })}
                        onClick={() => {
                          setDraft(event.appointmentId ?? '');
                          setParams({ appointmentId: event.appointmentId ?? '' });
                        }}
                      >
                        {event.appointmentId.slice(0, 8)}
                      </button>
                    ) : (
                      '–'
                    )}
                  </td>
                  <td className="changes">
                    {Object.keys(event.changes).length === 0 ? (
                      '–'
                    ) : (
                      <dl>
                        {Object.entries(event.changes).map(([key, value]) => (
                          <div key={key}>
                            <dt>{label(key)}</dt>
                            <dd>{detail(key, value)}</dd>
                          </div>
                        ))}
                      </dl>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
