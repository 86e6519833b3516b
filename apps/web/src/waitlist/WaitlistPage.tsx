import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorCode, request } from '../api/client';
import { Countdown } from '../manage/Countdown';
import { useManageToken } from '../manage/useManageToken';
import { ConfirmButton } from '../ui/ConfirmButton';
import { ErrorNotice } from '../ui/ErrorNotice';
import { browserZone, useFormat } from '../ui/format';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { useLanguageName } from '../walkin/useLanguageName';
import { localized, type AcceptedOffer, type WaitlistEntry } from './logic';

const TOKEN_HEADER = 'X-Waitlist-Token';
/** A waiting entry looks again now and then: an offer may have come meanwhile. */
const REFRESH_MS = 60_000;

/**
 * The page behind the entry link and the offer messages: the entry's state, the time held for the
 * client (accept or decline), and leaving the waitlist.
 */
export default function WaitlistPage() {
  const { t } = useTranslation('waitlist');
  usePageTitle(t('entry.title'));
  // The same fragment as the manage link's ("#token=…"): never sent to a server or in a Referer.
  const { token } = useManageToken();
  const queryClient = useQueryClient();
  const key = ['waitlist-entry', token];
  const entry = useQuery({
    queryKey: key,
    queryFn: ({ signal }) =>
      request<WaitlistEntry>('/api/public/waitlist/entry', {
        headers: { [TOKEN_HEADER]: token ?? '' },
        signal,
      }),
    enabled: token !== null,
    refetchInterval: (query) =>
      query.state.data?.status === 'waiting' || query.state.data?.status === 'offered'
        ? REFRESH_MS
        : false,
  });
  // The offer taken through this link (another link opened in the same tab shows its own entry).
  const [accepted, setAccepted] = useState<{ token: string; answer: AcceptedOffer } | null>(null);

  if (token === null || entry.isError) {
    return (
      <section className="card narrow">
        <h1>{t('entry.title')}</h1>
        {token === null ? (
          <p>{t('invalid')}</p>
        ) : (
          <ErrorNotice error={entry.error} overrides={{ 404: 'waitlist:invalid' }} />
        )}
        <Link to="/" className="btn btn-primary">
          {t('findTime')}
        </Link>
      </section>
    );
  }
  if (accepted?.token === token) return <Booked accepted={accepted.answer} />;
  if (entry.isPending) return <Loading />;
  return (
    <EntryView
      entry={entry.data}
      token={token}
      onChanged={(next) => queryClient.setQueryData(key, next)}
      onAccepted={(answer) => {
        queryClient.setQueryData(key, answer.entry);
        setAccepted({ token, answer });
      }}
    />
  );
}

interface EntryViewProps {
  entry: WaitlistEntry;
  token: string;
  onChanged: (next: WaitlistEntry) => void;
  onAccepted: (answer: AcceptedOffer) => void;
}

function EntryView({ entry, token, onChanged, onAccepted }: EntryViewProps) {
  const { t, i18n } = useTranslation('waitlist');
  const format = useFormat();
  const languageName = useLanguageName();
  const zone = browserZone();
  const headers = { [TOKEN_HEADER]: token };
  const officePage = `/o/${encodeURIComponent(entry.officeSlug)}`;

  const answer = (action: 'cancel' | 'decline') =>
    request<WaitlistEntry>(`/api/public/waitlist/entry/${action}`, { headers, body: {} });
  const accept = useMutation({
    mutationFn: () =>
      request<AcceptedOffer>('/api/public/waitlist/entry/accept', { headers, body: {} }),
    onSuccess: onAccepted,
  });
  const decline = useMutation({ mutationFn: () => answer('decline'), onSuccess: onChanged });
  const cancel = useMutation({ mutationFn: () => answer('cancel'), onSuccess: onChanged });
  const failed = accept.error ?? decline.error ?? cancel.error;
  const code = errorCode(failed);

  // A changed state is announced where the focus lands (an offer taken back, the entry left).
  const status = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    status.current?.focus();
  }, [entry.status]);

  const open = entry.status === 'waiting' || entry.status === 'offered';
  const busy = accept.isPending || decline.isPending || cancel.isPending;

  return (
    <div className="stack waitlist">
      <section className="card stack" aria-labelledby="waitlist-status">
        <h1 id="waitlist-status" ref={status} tabIndex={-1}>
          {t(`status.${entry.status}.title`)}
        </h1>
        <dl className="facts">
          <dt>{t('entry.what')}</dt>
          <dd>{localized(entry.consultationTypeName, i18n.language)}</dd>
          <dt>{t('entry.days')}</dt>
          <dd>{t('entry.range', { from: format.day(entry.from), to: format.day(entry.to) })}</dd>
          <dt>{t('entry.language')}</dt>
          <dd>{entry.language ? languageName(entry.language) : t('entry.anyLanguage')}</dd>
        </dl>
        {entry.status === 'offered' && entry.offer ? (
          <div className="notice notice-success stack" role="status">
            <p>
              <strong>{t('status.offered.time')}</strong>
              <br />
              {format.dateTime(entry.offer.startsAt, zone)} –{' '}
              {format.time(entry.offer.endsAt, zone)}
              <br />
              <span className="muted">{format.zone(zone, entry.offer.startsAt)}</span>
            </p>
            <p>
              {t('status.offered.held', { until: format.time(entry.offer.expiresAt, zone) })} (
              <Countdown to={entry.offer.expiresAt} />)
            </p>
          </div>
        ) : (
          <p>{t(`status.${entry.status}.text`)}</p>
        )}
        <ErrorNotice
          error={failed}
          overrides={{
            409:
              code === 'waitlist_offer_lapsed'
                ? 'waitlist:errors.lapsed'
                : code === 'waitlist_no_offer'
                  ? 'waitlist:errors.noOffer'
                  : code === 'waitlist_entry_ended'
                    ? 'waitlist:errors.ended'
                    : 'waitlist:errors.tooManyAppointments',
          }}
        />
        {entry.status === 'offered' ? (
          <div className="row">
            <button
              type="button"
              className="btn btn-primary btn-large"
              disabled={busy}
              onClick={() => accept.mutate()}
            >
              {t('actions.accept')}
            </button>
            <ConfirmButton
              label={t('actions.decline')}
              question={t('actions.declineQuestion')}
              className="btn btn-large"
              danger={false}
              disabled={busy}
              onConfirm={() => decline.mutate()}
            />
          </div>
        ) : null}
        {open ? null : (
          <div className="row">
            <Link to={officePage} className="btn btn-primary">
              {t('findTime')}
            </Link>
          </div>
        )}
      </section>

      {open ? (
        <section className="card stack" aria-labelledby="waitlist-leave">
          <h2 id="waitlist-leave">{t('leave.title')}</h2>
          <p>{t('leave.text')}</p>
          <div className="row">
            <ConfirmButton
              label={t('leave.button')}
              question={t('leave.question')}
              confirmLabel={t('leave.confirm')}
              className="btn btn-danger"
              disabled={busy}
              onConfirm={() => cancel.mutate()}
            />
          </div>
        </section>
      ) : null}
    </div>
  );
}

/** The offer taken: the appointment, and its manage link (the confirmation message has it too). */
function Booked({ accepted }: { accepted: AcceptedOffer }) {
  const { t } = useTranslation('waitlist');
  const format = useFormat();
  const a = accepted.appointment;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="card stack" aria-labelledby="waitlist-booked">
      <p className="notice notice-success" role="status">
        {t('booked.lead')}
      </p>
      <h1 id="waitlist-booked" ref={heading} tabIndex={-1}>
        {t('booked.title')}
      </h1>
      <dl className="facts">
        <dt>{t('booked.when')}</dt>
        <dd>
          {format.dateTime(a.start, a.timeZone)} – {format.time(a.end, a.timeZone)}
          <br />
          <span className="muted">{format.zone(a.timeZone, a.start)}</span>
        </dd>
        <dt>{t('entry.what')}</dt>
        <dd>{a.consultationType.name}</dd>
        <dt>{t('booked.counsellor')}</dt>
        <dd>{a.counsellor.displayName}</dd>
        <dt>{t('booked.office')}</dt>
        <dd>{a.office.name}</dd>
      </dl>
      <p>{t('booked.next')}</p>
      <div className="row">
        <Link
          to={`/manage#token=${encodeURIComponent(accepted.manageToken)}&booked=1`}
          className="btn btn-primary btn-large"
        >
          {t('booked.manage')}
        </Link>
      </div>
    </section>
  );
}
