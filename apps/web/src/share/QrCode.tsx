import { useQuery } from '@tanstack/react-query';
import QRCode from 'qrcode';

/**
 * The QR code of a link as an SVG drawn in the browser (the link never goes to a third-party
 * service), with a download for flyers.
 */
export function QrCode({
  link,
  fileName,
  alt,
  downloadLabel,
}: {
  link: string;
  fileName: string;
  alt: string;
  downloadLabel: string;
}) {
  const svg = useQuery({
    queryKey: ['qr-code', link],
    queryFn: () => QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
    staleTime: Infinity,
  });
  if (!svg.data) return null;
  const download = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg.data)}`;
  return (
    <div className="stack">
      <img src={download} width={192} height={192} alt={alt} />
      <p>
        <a href={download} download={fileName}>
          {downloadLabel}
        </a>
      </p>
    </div>
  );
}
