import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QrCode } from '../share/QrCode';

/**
 * The walk-in hour's direct link, to share in social media, and as a QR code for posters and
 * flyers; the share panel has the short links in each language, the buttons and the poster.
 */
export function WalkInShare({ hourId }: { hourId: string }) {
  const { t } = useTranslation(['walkin', 'share']);
  const link = `${window.location.origin}/walk-in/${hourId}`;
  return (
    <section className="card stack" aria-labelledby="walk-in-share">
      <h2 id="walk-in-share">{t('admin.share.title')}</h2>
      <p className="field-hint">{t('admin.share.hint')}</p>
      <p>
        <a href={link} dir="ltr">
          {link}
        </a>
      </p>
      <QrCode
        link={link}
        fileName={`walk-in-${hourId}.svg`}
        alt={t('admin.share.qrAlt', { link })}
        downloadLabel={t('admin.share.download')}
      />
      <p>
        <Link to={`/admin/share?hour=${hourId}`}>{t('share:panel.title')}</Link>
      </p>
    </section>
  );
}
