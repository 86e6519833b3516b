import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { useFormat } from '../ui/format';
import type { CalendarFeedCreated, CalendarFeedInfo } from './staffApi';

/**
 * The counsellor's private calendar subscription: create, copy, replace, revoke. The URL is shown
 * once, right after it is made (the server keeps only its hash).
 */
export function CalendarFeedPanel({ zone }: { zone: string }) {
  const { t } = useTranslation('staff');
  const { call } = useSession();
  const format = useFormat();
  const queryClient = useQueryClient();
  const urlId = useId();
  const [url, setUrl] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const info = useQuery({
    queryKey: ['calendar-feed'],
    queryFn: () => call<CalendarFeedInfo>('/api/calendar-feed'),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['calendar-feed'] });
  const create = useMutation({
    mutationFn: () => call<CalendarFeedCreated>('/api/calendar-feed', { method: 'POST' }),
    onSuccess: async (created) => {
      setUrl(created.url);
      setMessage(null);
      await refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: () => call<void>('/api/calendar-feed', { method: 'DELETE' }),
    onSuccess: async () => {
      setUrl(null);
      setMessage(t('feed.revoked'));
      await refresh();
    },
  });
  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setMessage(t('feed.copied'));
    } catch {
      // No clipboard permission: the field is selected for copying by hand.
      document.getElementById(urlId)?.focus();
    }
  };
  const busy = create.isPending || revoke.isPending;

  return (
    <section className="card stack" aria-labelledby="feed-heading">
      <h2 id="feed-heading">{t('feed.title')}</h2>
      <p className="muted">{t('feed.intro')}</p>
      <ErrorNotice error={info.error ?? create.error ?? revoke.error} />
      {url ? (
        <div className="field">
          <label htmlFor={urlId}>{t('feed.shownOnce')}</label>
          <input
            id={urlId}
            type="text"
            readOnly
            dir="ltr"
            value={url}
            onFocus={(event) => event.target.select()}
          />
        </div>
      ) : info.data?.exists && info.data.createdAt ? (
        <p>{t('feed.active', { date: format.date(info.data.createdAt, zone) })}</p>
      ) : info.isSuccess ? (
        <p>{t('feed.none')}</p>
      ) : null}
      <div className="row">
        {url ? (
          <button type="button" className="btn btn-primary" onClick={() => void copy()}>
            {t('feed.copy')}
          </button>
        ) : null}
        <button
          type="button"
          className="btn"
          disabled={busy || !info.isSuccess}
          onClick={() => create.mutate()}
        >
          {info.data?.exists ? t('feed.regenerate') : t('feed.create')}
        </button>
        {info.data?.exists ? (
          <button
            type="button"
            className="btn btn-danger"
            disabled={busy}
            onClick={() => revoke.mutate()}
          >
            {t('feed.revoke')}
          </button>
        ) : null}
      </div>
      <p className="notice notice-success" role="status" hidden={!message}>
        {message}
      </p>
    </section>
  );
}
