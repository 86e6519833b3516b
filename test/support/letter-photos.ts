import type { Browser } from 'playwright-core';

/** Draws one photo in the page and answers its JPEG bytes as base64. */
const DRAW_PHOTO = `async ({ seed, width, height }) => {
  // mulberry32: a small seeded generator, so that runs compare.
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d');
  if (!g) throw new Error('no canvas');
  const light = g.createLinearGradient(0, 0, width, height);
  light.addColorStop(0, '#f2efe6');
  light.addColorStop(1, '#b9b4a8');
  g.fillStyle = light;
  g.fillRect(0, 0, width, height);
  g.fillStyle = '#1d1d22';
  const words = [
    'Bescheid', 'Aufenthaltserlaubnis', 'gemäß', 'Antrag', 'vom', 'Frist', 'bitte',
    'Unterlagen', 'Ausländerbehörde', 'Sehr', 'geehrte', 'Damen', 'und', 'Herren',
    'Nachweis', 'Einkommen', 'Mietvertrag', 'innerhalb', 'von', 'vier', 'Wochen',
  ];
  const margin = Math.round(width * 0.1);
  const size = Math.round(width / 68);
  g.font = \`\${size}px serif\`;
  g.fillText(\`Seite \${seed % 100}\`, margin, margin);
  for (let y = margin * 2; y < height - margin; y += Math.round(size * 1.6)) {
    let x = margin;
    let line = '';
    while (x < width - margin * 1.5) {
      const word = words[Math.floor(random() * words.length)];
      line += \`\${word} \`;
      x += g.measureText(\`\${word} \`).width;
    }
    g.fillText(line, margin, y);
  }
  const image = g.getImageData(0, 0, width, height);
  const data = image.data;
  for (let i = 0; i < data.length; i += 4) {
    const noise = (random() - 0.5) * 14;
    data[i] += noise;
    data[i + 1] += noise * 0.8;
    data[i + 2] += noise * 1.2;
  }
  g.putImageData(image, 0, 0);
  const blob = await new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no JPEG'))), 'image/jpeg', 0.92),
  );
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}`;

/**
 * Photos of a letter as a phone camera takes them, made by Chromium's own JPEG encoder: a
 * 12-megapixel frame (3000 × 4000, portrait) of a page of printed text lines (serif, about 10-point
 * print at that resolution), lit unevenly (a grey gradient over the paper) and with sensor noise
 * (±7 per pixel, seeded), encoded at quality 0.92 as a phone does. The noise is what makes the
 * files as large as real photos (about 2–4 MB) and what a downscaling has to cope with. Seeded: the
 * same pages, byte for byte, on every run.
 */
export async function letterPhotos(
  browser: Browser,
  count: number,
  options: { width?: number; height?: number } = {},
): Promise<Buffer[]> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const photos: Buffer[] = [];
    for (let index = 0; index < count; index += 1) {
      const args = {
        seed: 1000 + index,
        width: options.width ?? 3000,
        height: options.height ?? 4000,
      };
      // Sent as source text: a bundler's helpers (tsx adds __name) do not exist in the page.
      const base64 = await page.evaluate<string>(`(${DRAW_PHOTO})(${JSON.stringify(args)})`);
      photos.push(Buffer.from(base64, 'base64'));
    }
    return photos;
  } finally {
    await context.close();
  }
}
