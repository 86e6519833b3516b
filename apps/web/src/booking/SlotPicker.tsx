import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../api/client';
import type { Slot, SlotSearchResponse } from '../api/types';
import { ErrorNotice } from '../ui/ErrorNotice';
import { useFormat } from '../ui/format';
import { Loading } from '../ui/Loading';
import { groupSlotsByDay, pageRange, timeZones } from './logic';

interface SlotPickerProps {
  consultationTypeId: string;
  /** Only counsellors who speak this language. */
  counsellorLanguage?: string;
  /** Only this counsellor's times (staff booking into one calendar). */
  counsellorId?: string;
  /** Only times when an interpreter for this language is free too (BCP 47 tag). */
  interpreterLanguage?: string;
  zone: string;
  onZoneChange: (zone: string) => void;
  selected: string | null;
  onSelect: (slot: Slot) => void;
  /** Pages ahead the picker may go (the type's horizon, roughly). */
  maxPage?: number;
  /**
   * Times to move the appointment behind this manage link to: the server takes its type and
   * conversation language, and counts its own time as free (a move may overlap it).
   */
  manageToken?: string;
  /** Shown under "nothing free" for the days on screen (the booking flow offers the waitlist). */
  noneFree?: (range: { from: string; to: string }) => ReactNode;
  /** Shown below the free times: for a client none of them suits (the waitlist, for an earlier one). */
  noneSuits?: (range: { from: string; to: string }) => ReactNode;
}

/**
 * Free times, a week at a time, in the zone the client chose (their phone's by default): first the days
 * that have time, then the times of the chosen day, as large buttons.
 */
export function SlotPicker(props: SlotPickerProps) {
  const { consultationTypeId, counsellorLanguage, counsellorId, interpreterLanguage } = props;
  const { zone, onZoneChange } = props;
  const { selected, onSelect, manageToken } = props;
  const { t } = useTranslation('booking');
  const format = useFormat();
  const zoneId = useId();
  const [page, setPage] = useState(0);
  const [day, setDay] = useState<string | null>(null);
  const range = pageRange(page, zone);
  const maxPage = props.maxPage ?? 12;

  const slots = useQuery({
    queryKey: [
      'slots',
      consultationTypeId,
      counsellorLanguage ?? '',
      counsellorId ?? '',
      interpreterLanguage ?? '',
      manageToken ?? '',
      zone,
      range.from,
      range.to,
    ],
    queryFn: ({ signal }) =>
      manageToken
        ? request<SlotSearchResponse>('/api/public/manage/slots', {
            query: {
              from: range.from,
              to: range.to,
              timeZone: zone,
              counsellorId,
              interpreterLanguage,
            },
            manageToken,
            signal,
          })
        : request<SlotSearchResponse>('/api/public/slots', {
            query: {
              consultationTypeId,
              from: range.from,
              to: range.to,
              timeZone: zone,
              language: counsellorLanguage,
              counsellorId,
              interpreterLanguage,
            },
            signal,
          }),
    staleTime: 10_000,
  });

  const days = useMemo(() => groupSlotsByDay(slots.data?.slots ?? [], zone), [slots.data, zone]);
  // A new page or zone starts at its first day with time.
  const chosenDay = days.find((d) => d.date === day) ?? days[0] ?? null;

  const zones = useMemo(() => timeZones(zone), [zone]);

  return (
    <div className="slot-picker stack">
      <div className="field">
        <label htmlFor={zoneId}>{t('slots.zone')}</label>
        <p className="field-hint" id={`${zoneId}-hint`}>
          {t('slots.zoneHint')}
        </p>
        <select
          id={zoneId}
          aria-describedby={`${zoneId}-hint`}
          value={zone}
          onChange={(event) => onZoneChange(event.target.value)}
        >
          {zones.map((name) => (
            <option key={name} value={name}>
              {name.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
      </div>

      <div className="row slot-pager">
        <button
          type="button"
          className="btn"
          disabled={page === 0}
          onClick={() => setPage((p) => Math.max(0, p - 1))}
        >
          {t('slots.earlier')}
        </button>
        <p className="slot-range" aria-live="polite">
          {t('slots.range', {
            from: format.shortDate(`${range.from}T12:00`, zone),
            to: format.shortDate(`${range.to}T12:00`, zone),
          })}
        </p>
        <button
          type="button"
          className="btn"
          disabled={page >= maxPage}
          onClick={() => setPage((p) => p + 1)}
        >
          {t('slots.later')}
        </button>
      </div>

      {slots.isPending ? <Loading label={t('slots.loading')} /> : null}
      <ErrorNotice error={slots.error} />
      {slots.isSuccess && days.length === 0 ? (
        <>
          <p className="notice" role="status">
            {t('slots.none')}
          </p>
          {props.noneFree?.(range)}
        </>
      ) : null}

      {days.length > 0 ? (
        <fieldset>
          <legend>{t('slots.day')}</legend>
          <div className="day-list">
            {days.map((d) => (
              <button
                key={d.date}
                type="button"
                className={`btn day-button${chosenDay?.date === d.date ? ' is-selected' : ''}`}
                aria-pressed={chosenDay?.date === d.date}
                onClick={() => setDay(d.date)}
              >
                <span>{format.shortDate(d.slots[0].start, zone)}</span>
                <span className="day-count">{t('slots.count', { count: d.slots.length })}</span>
              </button>
            ))}
          </div>
        </fieldset>
      ) : null}
      {days.length > 0 ? props.noneSuits?.(range) : null}

      {chosenDay ? (
        <fieldset>
          <legend>{t('slots.time', { day: format.date(chosenDay.slots[0].start, zone) })}</legend>
          <div className="time-list">
            {chosenDay.slots.map((slot) => (
              <button
                key={slot.start}
                type="button"
                className={`btn time-button${selected === slot.start ? ' is-selected' : ''}`}
                aria-pressed={selected === slot.start}
                data-start={slot.start}
                onClick={() => onSelect(slot)}
              >
                {format.time(slot.start, zone)}
              </button>
            ))}
          </div>
        </fieldset>
      ) : null}
    </div>
  );
}
