import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AppointmentInterpreterText } from '../interpreter/AppointmentInterpreter';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { useFormat } from '../ui/format';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import {
  keys,
  localized,
  useConsultationTypes,
  useCounsellors,
  type StaffAppointment,
} from './api';
import { Dialog, isolate, SuccessNotice, useFieldErrors, useLanguageName, TableWrap } from './ui';
import { useOfficeZone } from '../api/office';

function thisWeek(zone: string): { from: string; to: string } {
  const monday = DateTime.now().setZone(zone).startOf('week');
  return { from: monday.toISODate() ?? '', to: monday.plus({ days: 6 }).toISODate() ?? '' };
}

type Action = { kind: 'cancel' | 'reassign'; appointment: StaffAppointment } | null;

export function AppointmentsPage() {
  const officeZone = useOfficeZone();
  // The interpreter texts with the page's: no second loading pause inside the table.
  const { t, i18n } = useTranslation(['admin', 'interpreter']);
  usePageTitle(t('appointments.title'));
  const { call } = useSession();
  const format = useFormat();
  const languageName = useLanguageName();
  const counsellors = useCounsellors();
  const types = useConsultationTypes();
  const [range, setRange] = useState(() => thisWeek(officeZone));
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const [counsellorId, setCounsellorId] = useState('');
  const [zoneMode, setZoneMode] = useState<'office' | 'counsellor'>('office');
  const [rangeError, setRangeError] = useState<string | null>(null);
  const [action, setAction] = useState<Action>(null);
  const [done, setDone] = useState<string | null>(null);

  const appointments = useQuery({
    queryKey: [...keys.appointments, range.from, range.to, counsellorId],
    queryFn: () =>
      call<StaffAppointment[]>('/api/appointments', {
        query: { from: range.from, to: range.to, counsellorId: counsellorId || undefined },
      }),
  });

  const zoneOf = (appointment: StaffAppointment) =>
    zoneMode === 'office'
      ? officeZone
      : (counsellors.data?.find((c) => c.id === appointment.counsellor.id)?.timeZone ?? officeZone);

  // The API names the type in German; the admin reads it in the UI language where known.
  const typeName = (appointment: StaffAppointment) => {
    const type = types.data?.find((one) => one.id === appointment.consultationType.id);
    return type ? localized(type.name, i18n.language) : appointment.consultationType.name;
  };

  const applyRange = (event: FormEvent) => {
    event.preventDefault();
    const start = DateTime.fromISO(from);
    const end = DateTime.fromISO(to);
    if (!start.isValid || !end.isValid || end < start) {
      setRangeError(t('appointments.rangeOrder'));
      return;
    }
    if (end.diff(start, 'days').days > 30) {
      setRangeError(t('appointments.rangeTooLong'));
      return;
    }
    setRangeError(null);
    setRange({ from, to });
  };

  const shiftWeek = (weeks: number) => {
    const monday = DateTime.fromISO(range.from).startOf('week').plus({ weeks });
    const next = {
      from: monday.toISODate() ?? range.from,
      to: monday.plus({ days: 6 }).toISODate() ?? range.to,
    };
    setFrom(next.from);
    setTo(next.to);
    setRangeError(null);
    setRange(next);
  };

  const list = [...(appointments.data ?? [])].sort((a, b) => a.startsAt.localeCompare(b.startsAt));

  return (
    <section className="stack">
      <h1>{t('appointments.title')}</h1>
      <p>
        <Link className="btn btn-primary" to="/admin/appointments/book">
          {t('appointments.book')}
        </Link>
      </p>
      <form className="card stack" onSubmit={applyRange} aria-labelledby="appointments-filter">
        <h2 id="appointments-filter">{t('appointments.filter')}</h2>
        <div className="form-grid">
          <Field label={t('appointments.from')}>
            <input
              type="date"
              required
              value={from}
              onChange={(event) => setFrom(event.target.value)}
            />
          </Field>
          <Field label={t('appointments.to')} hint={t('appointments.rangeHint')}>
            <input
              type="date"
              required
              value={to}
              min={from}
              onChange={(event) => setTo(event.target.value)}
            />
          </Field>
          <Field label={t('appointments.counsellor')}>
            <select value={counsellorId} onChange={(event) => setCounsellorId(event.target.value)}>
              <option value="">{t('appointments.allCounsellors')}</option>
              {(counsellors.data ?? []).map((counsellor) => (
                <option key={counsellor.id} value={counsellor.id}>
                  {counsellor.displayName}
                  {counsellor.active ? '' : ` – ${t('counsellors.isInactive')}`}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('appointments.zone')}>
            <select
              value={zoneMode}
              onChange={(event) => setZoneMode(event.target.value as 'office' | 'counsellor')}
            >
              <option value="office">
                {t('appointments.zoneOffice', { zone: isolate(format.zone(officeZone)) })}
              </option>
              <option value="counsellor">{t('appointments.zoneCounsellor')}</option>
            </select>
          </Field>
        </div>
        {rangeError ? (
          <p className="notice notice-error" role="alert">
            {rangeError}
          </p>
        ) : null}
        <div className="row">
          <button type="submit" className="btn btn-primary">
            {t('appointments.show')}
          </button>
          <button type="button" className="btn" onClick={() => shiftWeek(-1)}>
            {t('appointments.previousWeek')}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => {
              const week = thisWeek(officeZone);
              setFrom(week.from);
              setTo(week.to);
              setRange(week);
            }}
          >
            {t('appointments.thisWeek')}
          </button>
          <button type="button" className="btn" onClick={() => shiftWeek(1)}>
            {t('appointments.nextWeek')}
          </button>
        </div>
      </form>
      <SuccessNotice message={done} />
      <ErrorNotice error={appointments.error} />
      {appointments.isPending ? (
        <Loading />
      ) : list.length === 0 ? (
        <p className="muted">{t('appointments.empty')}</p>
      ) : (
        <TableWrap
          label={t('appointments.caption', {
            count: list.length,
            zone: zoneMode === 'office' ? isolate(officeZone) : t('appointments.zoneCounsellor'),
          })}
        >
          <table>
            <caption>
              {t('appointments.caption', {
                count: list.length,
                zone:
                  zoneMode === 'office' ? isolate(officeZone) : t('appointments.zoneCounsellor'),
              })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('appointments.time')}</th>
                <th scope="col">{t('appointments.type')}</th>
                <th scope="col">{t('appointments.counsellor')}</th>
                <th scope="col">{t('appointments.status')}</th>
                <th scope="col">{t('appointments.client')}</th>
                <th scope="col">{t('appointments.language')}</th>
                <th scope="col">{t('appointments.interpreter')}</th>
                <th scope="col">{t('counsellors.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((appointment) => {
                const zone = zoneOf(appointment);
                return (
                  <tr key={appointment.id}>
                    <th scope="row">
                      {format.shortDate(appointment.startsAt, zone)}
                      <br />
                      <span dir="ltr">
                        {format.time(appointment.startsAt, zone)}–
                        {format.time(appointment.endsAt, zone)}
                      </span>
                      {zoneMode === 'counsellor' ? (
                        <span className="muted small"> {zone.replaceAll('_', ' ')}</span>
                      ) : null}
                    </th>
                    <td>
                      {typeName(appointment)}
                      <br />
                      <span className="muted small">
                        {t(`common:channel.${appointment.consultationType.channel}`, {
                          defaultValue: appointment.consultationType.channel,
                        })}
                      </span>
                    </td>
                    <td>{appointment.counsellor.displayName}</td>
                    <td>
                      <span className={`status status-${appointment.status}`}>
                        {t(`common:status.${appointment.status}`, {
                          defaultValue: appointment.status,
                        })}
                      </span>
                    </td>
                    <td>
                      {appointment.pseudonym ?? (
                        <span className="muted">{t('appointments.erased')}</span>
                      )}
                    </td>
                    <td>{languageName(appointment.language)}</td>
                    <td>
                      <AppointmentInterpreterText
                        appointment={appointment}
                        none={t('appointments.no')}
                      />
                    </td>
                    <td>
                      <div className="row row-tight">
                        {appointment.status === 'confirmed' ? (
                          <>
                            <button
                              type="button"
                              className="btn btn-small"
                              aria-label={t('appointments.reassignOf', {
                                name: appointment.pseudonym ?? '',
                                time: format.dateTime(appointment.startsAt, zone),
                              })}
                              onClick={() => {
                                setDone(null);
                                setAction({ kind: 'reassign', appointment });
                              }}
                            >
                              {t('appointments.reassign')}
                            </button>
                            <button
                              type="button"
                              className="btn btn-danger btn-small"
                              aria-label={t('appointments.cancelOf', {
                                name: appointment.pseudonym ?? '',
                                time: format.dateTime(appointment.startsAt, zone),
                              })}
                              onClick={() => {
                                setDone(null);
                                setAction({ kind: 'cancel', appointment });
                              }}
                            >
                              {t('appointments.cancel')}
                            </button>
                          </>
                        ) : null}
                        <Link
                          to={`/admin/audit?appointmentId=${appointment.id}`}
                          className="btn btn-small"
                          aria-label={t('appointments.historyOf', {
                            name: appointment.pseudonym ?? '',
                            time: format.dateTime(appointment.startsAt, zone),
                          })}
                        >
                          {t('appointments.history')}
                        </Link>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
      <CancelDialog
        appointment={action?.kind === 'cancel' ? action.appointment : null}
        onClose={() => setAction(null)}
        onDone={setDone}
      />
      <ReassignDialog
        appointment={action?.kind === 'reassign' ? action.appointment : null}
        onClose={() => setAction(null)}
        onDone={setDone}
      />
    </section>
  );
}

interface ActionDialogProps {
  appointment: StaffAppointment | null;
  onClose: () => void;
  onDone: (message: string) => void;
}

function useSummary(): (appointment: StaffAppointment) => string {
  const officeZone = useOfficeZone();
  const format = useFormat();
  return (appointment) =>
    `${format.dateTime(appointment.startsAt, officeZone)} · ${appointment.consultationType.name} · ${appointment.counsellor.displayName}`;
}

function CancelDialog({ appointment, onClose, onDone }: ActionDialogProps) {
  const { t } = useTranslation('admin');
  const { call } = useSession();
  const queryClient = useQueryClient();
  const summary = useSummary();
  const [reason, setReason] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const cancel = useMutation({
    mutationFn: (input: { id: string; reason: string }) =>
      call<StaffAppointment>(`/api/admin/appointments/${input.id}/cancel`, {
        method: 'POST',
        body: { reason: input.reason },
      }),
    onSuccess: async (result) => {
      onDone(t('appointments.cancelled', { name: result.pseudonym ?? '' }));
      setReason('');
      close();
      await queryClient.invalidateQueries({ queryKey: keys.appointments });
      await queryClient.invalidateQueries({ queryKey: keys.audit });
    },
  });
  const errors = useFieldErrors(cancel.error);
  const close = () => {
    cancel.reset();
    setTooShort(false);
    onClose();
  };
  return (
    <Dialog title={t('appointments.cancelTitle')} open={appointment !== null} onClose={close}>
      {appointment ? (
        <form
          className="stack"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (reason.trim().length < 3) {
              setTooShort(true);
              return;
            }
            setTooShort(false);
            cancel.mutate({ id: appointment.id, reason: reason.trim() });
          }}
        >
          <p>{summary(appointment)}</p>
          <p className="muted">{t('appointments.cancelNote')}</p>
          <Field
            label={t('appointments.reason')}
            hint={t('appointments.reasonHint')}
            error={tooShort ? t('validation.reason') : errors.reason}
          >
            <textarea
              rows={3}
              required
              maxLength={500}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          </Field>
          <ErrorNotice
            error={cancel.error}
            overrides={{ 422: 'admin:appointments.cannotCancel' }}
          />
          <div className="row">
            <button type="submit" className="btn btn-danger" disabled={cancel.isPending}>
              {t('appointments.cancelConfirm')}
            </button>
            <button type="button" className="btn" onClick={close}>
              {t('common:actions.back')}
            </button>
          </div>
        </form>
      ) : null}
    </Dialog>
  );
}

function ReassignDialog({ appointment, onClose, onDone }: ActionDialogProps) {
  const { t } = useTranslation('admin');
  const { call } = useSession();
  const queryClient = useQueryClient();
  const counsellors = useCounsellors();
  const types = useConsultationTypes();
  const summary = useSummary();
  const [target, setTarget] = useState('');
  const reassign = useMutation({
    mutationFn: (input: { id: string; counsellorId: string }) =>
      call<StaffAppointment>(`/api/admin/appointments/${input.id}/reassign`, {
        method: 'POST',
        body: { counsellorId: input.counsellorId },
      }),
    onSuccess: async (result) => {
      onDone(t('appointments.reassigned', { name: result.counsellor.displayName }));
      setTarget('');
      close();
      await queryClient.invalidateQueries({ queryKey: keys.appointments });
      await queryClient.invalidateQueries({ queryKey: keys.audit });
    },
  });
  const close = () => {
    reassign.reset();
    onClose();
  };
  const serving = new Set(
    types.data?.find((type) => type.id === appointment?.consultationType.id)?.counsellorIds ?? [],
  );
  const candidates = (counsellors.data ?? [])
    .filter((c) => c.active && c.id !== appointment?.counsellor.id)
    .sort((a, b) => Number(serving.has(b.id)) - Number(serving.has(a.id)));

  return (
    <Dialog title={t('appointments.reassignTitle')} open={appointment !== null} onClose={close}>
      {appointment ? (
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            if (target) reassign.mutate({ id: appointment.id, counsellorId: target });
          }}
        >
          <p>{summary(appointment)}</p>
          <Field label={t('appointments.newCounsellor')} hint={t('appointments.newCounsellorHint')}>
            <select required value={target} onChange={(event) => setTarget(event.target.value)}>
              <option value="">{t('appointments.chooseCounsellor')}</option>
              {candidates.map((counsellor) => (
                <option key={counsellor.id} value={counsellor.id}>
                  {counsellor.displayName} ({counsellor.languages.join(', ')})
                  {serving.has(counsellor.id) ? '' : ` – ${t('appointments.notServing')}`}
                </option>
              ))}
            </select>
          </Field>
          <ErrorNotice
            error={reassign.error}
            overrides={{
              409: 'admin:appointments.notFree',
              422: 'admin:appointments.cannotReassign',
            }}
          />
          <div className="row">
            <button
              type="submit"
              className="btn btn-primary"
              disabled={reassign.isPending || !target}
            >
              {t('appointments.reassignConfirm')}
            </button>
            <button type="button" className="btn" onClick={close}>
              {t('common:actions.back')}
            </button>
          </div>
        </form>
      ) : null}
    </Dialog>
  );
}
