import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Counsellor, StaffAppointment } from '../api/availability';
import { request } from '../api/client';
import type { PublicConsultationType, Slot } from '../api/types';
import { useSession } from '../auth/session';
import { DetailsForm } from '../booking/DetailsForm';
import { SlotPicker } from '../booking/SlotPicker';
import { LANGUAGES } from '../i18n/languages';
import { InterpreterChoice, InterpreterSummary } from '../interpreter/InterpreterChoice';
import { offeredInterpreterLanguage } from '../booking/logic';
import { ErrorNotice } from '../ui/ErrorNotice';
import { useFormat } from '../ui/format';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { useMe } from './staffApi';
import { useOfficeZone } from '../api/office';

/**
 * Staff book for a client who called or came to the office, with the client's own booking parts
 * (slot picker, details form) on the staff route: the client gets the same confirmation and manage
 * link by their channel. A counsellor books into their own calendar, an admin into anyone's.
 */
export function BookForClientPage({ backTo }: { backTo: string }) {
  const { t, i18n } = useTranslation('staff');
  usePageTitle(t('book.title'));
  const { staff, call } = useSession();
  const format = useFormat();
  const queryClient = useQueryClient();
  const isAdmin = staff?.role === 'admin';
  const me = useMe();
  const ids = { type: useId(), counsellor: useId(), language: useId() };
  const [typeId, setTypeId] = useState('');
  const [chosenCounsellor, setChosenCounsellor] = useState('');
  const [clientLanguage, setClientLanguage] = useState(i18n.language);
  const officeZone = useOfficeZone();
  const [zone, setZone] = useState(officeZone);
  const [slot, setSlot] = useState<Slot | null>(null);
  // '' = no interpreter; else the language an interpreter is booked for with the counsellor.
  const [interpreterChoice, setInterpreterChoice] = useState('');
  const [interpreterTaken, setInterpreterTaken] = useState(false);
  const [booked, setBooked] = useState<StaffAppointment | null>(null);
  const [round, setRound] = useState(0);
  const result = useRef<HTMLParagraphElement>(null);

  const types = useQuery({
    queryKey: ['consultation-types', i18n.language],
    queryFn: ({ signal }) =>
      request<PublicConsultationType[]>('/api/public/consultation-types', {
        query: { language: i18n.language },
        signal,
      }),
    staleTime: 5 * 60_000,
  });
  const counsellors = useQuery({
    queryKey: ['book', 'counsellors'],
    queryFn: () => call<Counsellor[]>('/api/admin/counsellors'),
    enabled: isAdmin,
  });
  const type = (types.data ?? []).find((candidate) => candidate.id === typeId) ?? null;
  const interpreterLanguages = type?.interpreterLanguages ?? [];
  const interpreterLanguage = offeredInterpreterLanguage(interpreterChoice, interpreterLanguages);
  // Counsellors book only into their own calendar; admins choose one or leave it to fair assignment.
  const counsellorId = isAdmin ? chosenCounsellor || undefined : me.data?.id;

  // The outcome is announced where the form was: focus moves to it.
  useEffect(() => {
    if (booked) result.current?.focus();
  }, [booked]);

  if (me.isPending || (isAdmin && counsellors.isPending)) return <Loading />;
  if (!isAdmin && !me.data) {
    return (
      <section className="stack">
        <h1>{t('book.title')}</h1>
        <ErrorNotice error={me.error} />
        <p className="notice notice-warning">{t('console.noProfile')}</p>
      </section>
    );
  }

  const startOver = () => {
    setBooked(null);
    setSlot(null);
    setInterpreterChoice('');
    setInterpreterTaken(false);
    setRound((n) => n + 1);
  };

  return (
    <section className="stack book-for-client">
      <h1>{t('book.title')}</h1>
      <p className="muted">{t('book.intro')}</p>
      {booked ? (
        <div className="card stack">
          <p className="notice notice-success" role="status" tabIndex={-1} ref={result}>
            {t('book.done', {
              name: booked.pseudonym ?? '',
              when: format.dateTime(booked.startsAt, zone),
              counsellor: booked.counsellor.displayName,
            })}
          </p>
          <div className="row">
            <button type="button" className="btn btn-primary" onClick={startOver}>
              {t('book.another')}
            </button>
            <Link className="btn" to={backTo}>
              {t('book.back')}
            </Link>
          </div>
        </div>
      ) : (
        <>
          <div className="card stack">
            <ErrorNotice error={types.error ?? counsellors.error} />
            <div className="form-grid">
              <div className="field">
                <label htmlFor={ids.type}>{t('book.type')}</label>
                <select
                  id={ids.type}
                  value={typeId}
                  onChange={(event) => {
                    setTypeId(event.target.value);
                    setSlot(null);
                  }}
                >
                  <option value="">{t('book.chooseType')}</option>
                  {(types.data ?? []).map((candidate) => (
                    <option key={candidate.id} value={candidate.id}>
                      {candidate.name} ({t(`common:channel.${candidate.channel}`)})
                    </option>
                  ))}
                </select>
              </div>
              {isAdmin ? (
                <div className="field">
                  <label htmlFor={ids.counsellor}>{t('book.counsellor')}</label>
                  <select
                    id={ids.counsellor}
                    value={chosenCounsellor}
                    onChange={(event) => {
                      setChosenCounsellor(event.target.value);
                      setSlot(null);
                    }}
                  >
                    <option value="">{t('book.anyCounsellor')}</option>
                    {(counsellors.data ?? [])
                      .filter((candidate) => candidate.active)
                      .map((candidate) => (
                        <option key={candidate.id} value={candidate.id}>
                          {candidate.displayName}
                        </option>
                      ))}
                  </select>
                </div>
              ) : null}
              <div className="field">
                <label htmlFor={ids.language}>{t('book.clientLanguage')}</label>
                <select
                  id={ids.language}
                  value={clientLanguage}
                  onChange={(event) => setClientLanguage(event.target.value)}
                >
                  {LANGUAGES.map((language) => (
                    <option key={language.code} value={language.code} lang={language.code}>
                      {language.name}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            {interpreterLanguages.length > 0 ? (
              <InterpreterChoice
                languages={interpreterLanguages}
                value={interpreterLanguage ?? ''}
                onChange={(next) => {
                  setInterpreterChoice(next);
                  setInterpreterTaken(false);
                  setSlot(null);
                }}
              />
            ) : null}
          </div>
          {type ? (
            <div className="card stack" key={round}>
              <h2>{t('book.time')}</h2>
              {interpreterLanguage ? <InterpreterSummary language={interpreterLanguage} /> : null}
              {interpreterTaken && !slot ? (
                <p className="notice notice-warning" role="status">
                  {t('booking:interpreter.taken')}
                </p>
              ) : null}
              <SlotPicker
                consultationTypeId={type.id}
                counsellorId={counsellorId}
                interpreterLanguage={interpreterLanguage}
                zone={zone}
                onZoneChange={(next) => {
                  setZone(next);
                  setSlot(null);
                }}
                selected={slot?.start ?? null}
                onSelect={setSlot}
              />
            </div>
          ) : null}
          {type && slot ? (
            <div className="card stack">
              <h2>{t('book.details')}</h2>
              <p className="notice">
                {format.dateTime(slot.start, zone)} ({format.zone(zone, slot.start)})
              </p>
              <DetailsForm
                type={type}
                slot={slot}
                zone={zone}
                counsellorId={counsellorId}
                clientLanguage={clientLanguage}
                interpreterLanguage={interpreterLanguage}
                offersInterpreters={interpreterLanguages.length > 0}
                onInterpreterTaken={() => {
                  // The times shown counted that interpreter as free: asked anew.
                  queryClient.removeQueries({ queryKey: ['slots'] });
                  setSlot(null);
                  setInterpreterTaken(true);
                }}
                onBack={() => setSlot(null)}
                onTaken={setSlot}
                onGone={() => setSlot(null)}
                onBook={async (body, idempotencyKey) => {
                  const appointment = await call<StaffAppointment>('/api/appointments', {
                    method: 'POST',
                    body,
                    headers: { 'Idempotency-Key': idempotencyKey },
                  });
                  await Promise.all([
                    queryClient.invalidateQueries({ queryKey: ['appointments'] }),
                    queryClient.invalidateQueries({ queryKey: ['admin', 'appointments'] }),
                  ]);
                  setBooked(appointment);
                }}
              />
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}
