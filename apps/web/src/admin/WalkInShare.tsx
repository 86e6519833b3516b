import { useQuery } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useTranslation } from 'react-i18next';

/**
 * The walk-in hour's direct link, to share in social media, and as a QR code for posters and
 * flyers (an SVG, drawn in the browser: the link never goes to a third-party service).
 */
export function WalkInShare({ hourId }: { hourId: string }) {
  const { t } = useTranslation('walkin');
  const link = `${window.location.origin}/walk-in/${hourId}`;
  const svg = useQuery({
    queryKey: ['walk-in-qr', link],
    queryFn: () => QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
    staleTime: Infinity,
  });
  const download = svg.data
    ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg.data)}`
    : null;
  return (
    <section className="card stack" aria-labelledby="walk-in-share">
      <h2 id="walk-in-share">{t('admin.share.title')}</h2>
      <p className="field-hint">{t('admin.share.hint')}</p>
      <p>
        <a href={link} dir="ltr">
          {link}
        </a>
      </p>
      {download ? (
        <>
          <img src={download} width={192} height={192} alt={t('admin.share.qrAlt', { link })} />
          <p>
            <a href={download} download={`walk-in-${hourId}.svg`}>
              {t('admin.share.download')}
            </a>
          </p>
        </>
      ) : null}
    </section>
  );
}
