import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { StaffAppointment } from '../api/availability';
import type { Slot } from '../api/types';
import { useSession } from '../auth/session';
import { SlotPicker } from '../booking/SlotPicker';
import { AppointmentInterpreterText } from '../interpreter/AppointmentInterpreter';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { useFormat } from '../ui/format';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { useMe } from './staffApi';
import { useOfficeZone } from '../api/office';

/**
 * Moves or cancels an appointment on the client's behalf (they called): the client's own slot
 * picker over the counsellor's free times; the client is told by their channel either way.
 */
export function ChangeAppointmentPage() {
  const { t } = useTranslation('staff');
  usePageTitle(t('change.title'));
  const { appointmentId = '' } = useParams();
  const { call } = useSession();
  const format = useFormat();
  const queryClient = useQueryClient();
  const me = useMe();
  const officeZone = useOfficeZone();
  const zone = me.data?.timeZone ?? officeZone;
  const [pickerZone, setPickerZone] = useState(zone);
  const [slot, setSlot] = useState<Slot | null>(null);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const appointment = useQuery({
    queryKey: ['appointments', 'one', appointmentId],
    queryFn: () => call<StaffAppointment>(`/api/appointments/${appointmentId}`),
  });
  const done = async (text: string) => {
    setMessage(text);
    setSlot(null);
    await queryClient.invalidateQueries({ queryKey: ['appointments'] });
  };
  const move = useMutation({
    mutationFn: (start: string) =>
      call<StaffAppointment>(`/api/appointments/${appointmentId}/reschedule`, {
        method: 'POST',
        body: { start },
      }),
    onSuccess: (moved) =>
      done(t('change.moved', { when: format.dateTime(moved.startsAt, pickerZone) })),
  });
  const cancel = useMutation({
    mutationFn: () =>
      call<StaffAppointment>(`/api/appointments/${appointmentId}/cancel`, {
        method: 'POST',
        body: { reason: reason.trim() },
      }),
    onSuccess: () => done(t('change.cancelled')),
  });

  if (appointment.isPending || me.isPending) return <Loading />;
  const a = appointment.data;
  return (
    <section className="stack">
      <h1>{t('change.title')}</h1>
      <ErrorNotice error={appointment.error} />
      <p className="notice notice-success" role="status" hidden={!message}>
        {message}
      </p>
      {a ? (
        <>
          <p className="notice">
            {format.dateTime(a.startsAt, zone)} · {a.pseudonym ?? t('console.erased')} ·{' '}
            {a.consultationType.name}
            {a.interpreter ? (
              <>
                {' · '}
                {t('fields.interpreter')}: <AppointmentInterpreterText appointment={a} none="" />
              </>
            ) : null}
          </p>
          {a.status === 'confirmed' ? (
            <>
              <div className="card stack">
                <h2>{t('change.moveTitle')}</h2>
                <SlotPicker
                  consultationTypeId={a.consultationType.id}
                  counsellorId={a.counsellor.id}
                  // The move keeps the interpreter's language: times when one is free too.
                  interpreterLanguage={a.interpreter?.language}
                  zone={pickerZone}
                  onZoneChange={setPickerZone}
                  selected={slot?.start ?? null}
                  onSelect={setSlot}
                />
                <ErrorNotice error={move.error} />
                {slot ? (
                  <button
                    type="button"
                    className="btn btn-primary"
                    disabled={move.isPending}
                    onClick={() => move.mutate(slot.start)}
                  >
                    {t('change.moveTo', { when: format.dateTime(slot.start, pickerZone) })}
                  </button>
                ) : null}
              </div>
              <form
                className="card stack"
                onSubmit={(event) => {
                  event.preventDefault();
                  cancel.mutate();
                }}
              >
                <h2>{t('change.cancelTitle')}</h2>
                <Field label={t('change.reason')}>
                  <textarea
                    rows={2}
                    minLength={3}
                    maxLength={500}
                    required
                    value={reason}
                    onChange={(event) => setReason(event.target.value)}
                  />
                </Field>
                <ErrorNotice error={cancel.error} />
                <div className="row">
                  <button
                    type="submit"
                    className="btn btn-danger"
                    disabled={cancel.isPending || reason.trim().length < 3}
                  >
                    {t('change.cancel')}
                  </button>
                </div>
              </form>
            </>
          ) : (
            <p>{t('change.notLive')}</p>
          )}
        </>
      ) : null}
      <p>
        <Link to="/staff">{t('book.back')}</Link>
      </p>
    </section>
  );
}
