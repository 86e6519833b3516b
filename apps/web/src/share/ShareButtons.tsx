import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { shareTargets } from './links';
import './share.css';

interface ShareButtonsProps {
  /** The link to share (a short /s/… link). */
  url: string;
  /** What the message says before the link, in the page's language. */
  text: string;
  /** The group's heading ("Share this page"). */
  title?: string;
}

/**
 * Share by WhatsApp, Telegram, Viber, Facebook or by copying the link: plain links to the
 * platforms' share addresses (no script, no tracker of theirs on our pages), big enough to tap on
 * a small phone, in the reading direction of the page.
 */
export function ShareButtons({ url, text, title }: ShareButtonsProps) {
  const { t } = useTranslation('share');
  const heading = useId();
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copyLink = () => {
    navigator.clipboard
      .writeText(url)
      .then(() => setCopy('copied'))
      // No clipboard (an old browser, plain http): the link is shown to copy by hand.
      .catch(() => setCopy('failed'));
  };
  return (
    <section className="share" aria-labelledby={heading}>
      <h2 id={heading} className="share-title">
        {title ?? t('buttons.title')}
      </h2>
      <ul className="share-buttons">
        {shareTargets(url, text).map(({ platform, href }) => (
          <li key={platform}>
            <a
              className={`share-button share-${platform}`}
              href={href}
              target="_blank"
              rel="noopener noreferrer"
              data-platform={platform}
            >
              {t(`buttons.${platform}`)}
            </a>
          </li>
        ))}
        <li>
          <button type="button" className="share-button share-copy" onClick={copyLink}>
            {t('buttons.copy')}
          </button>
        </li>
      </ul>
      <p role="status" className={copy === 'copied' ? 'share-status' : 'visually-hidden'}>
        {copy === 'copied' ? t('buttons.copied') : ''}
      </p>
      {copy === 'failed' ? (
        <label className="share-manual">
          {t('buttons.copyManually')}
          <input readOnly value={url} dir="ltr" onFocus={(event) => event.target.select()} />
        </label>
      ) : null}
    </section>
  );
}
