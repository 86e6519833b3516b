import { PHOTO_COMPRESSION, pdfPageSize } from './logic';

/** A photographed page, made smaller for sending. */
export interface PreparedImage {
  blob: Blob;
  width: number;
  height: number;
}

/**
 * Downscales and re-encodes a photo (or a chosen JPEG/PNG) as JPEG with browser-image-compression.
 * The library is loaded only when the client adds a photo: the booking pages never download it.
 */
export async function prepareImage(file: File, signal?: AbortSignal): Promise<PreparedImage> {
  const { default: imageCompression } = await import('browser-image-compression');
  const blob = await imageCompression(file, { ...PHOTO_COMPRESSION, signal });
  const bitmap = await createImageBitmap(blob);
  const prepared = { blob, width: bitmap.width, height: bitmap.height };
  bitmap.close();
  return prepared;
}

/**
 * Puts the pages into one PDF, one page per photo in the order taken. jsPDF embeds the JPEG bytes
 * as they are (no second re-encoding), so the PDF is about the size of its photos. Loaded only
 * when a combined document is sent.
 */
export async function imagesToPdf(pages: readonly PreparedImage[]): Promise<Blob> {
  if (pages.length === 0) throw new Error('no pages');
  const { jsPDF } = await import('jspdf');
  const sizeOf = (page: PreparedImage) => {
    const { width, height } = pdfPageSize(page.width, page.height);
    return { width, height, orientation: width > height ? ('l' as const) : ('p' as const) };
  };
  const first = sizeOf(pages[0]);
  const pdf = new jsPDF({
    unit: 'pt',
    format: [first.width, first.height],
    orientation: first.orientation,
    compress: true,
  });
  for (const [index, page] of pages.entries()) {
    const size = sizeOf(page);
    if (index > 0) pdf.addPage([size.width, size.height], size.orientation);
    const bytes = new Uint8Array(await page.blob.arrayBuffer());
    pdf.addImage(bytes, 'JPEG', 0, 0, size.width, size.height, undefined, 'NONE');
  }
  return pdf.output('blob');
}
