import { Logger, type INestApplication } from '@nestjs/common';
import escapeHtml from 'escape-html';
import type { NextFunction, Request, Response } from 'express';
import { readFile } from 'node:fs/promises';
import { AppConfig } from '@app/config';
import { parseSharedPage } from './share-links.js';
import { ShareService, type ShareCard } from './share.service.js';

/**
 * index.html with the card of the shared office, type or walk-in hour: title, Open Graph and
 * Twitter tags and <html lang dir> in the link's language, so that a link posted in a Telegram,
 * Viber or Facebook group shows a proper preview (their crawlers run no JavaScript). Every value is
 * escaped; the page is the same single-page app otherwise, under the same headers.
 */
export function withShareCard(html: string, card: ShareCard, config: AppConfig): string {
  const attribute = (value: string) => escapeHtml(value);
  const url = config.publicUrl(card.path);
  const image = config.publicUrl(card.imagePath);
  const meta = (key: 'property' | 'name', name: string, content: string) =>
    `<meta ${key}="${name}" content="${attribute(content)}" />`;
  const tags = [
    `<link rel="canonical" href="${attribute(url)}" />`,
    meta('property', 'og:type', 'website'),
    meta('property', 'og:site_name', 'Sprechstunde'),
    meta('property', 'og:title', card.title),
    meta('property', 'og:description', card.description),
    meta('property', 'og:url', url),
    meta('property', 'og:locale', OG_LOCALES[card.language] ?? card.language),
    meta('property', 'og:image', image),
    meta('property', 'og:image:type', 'image/png'),
    meta('property', 'og:image:width', '1200'),
    meta('property', 'og:image:height', '630'),
    meta('property', 'og:image:alt', card.title),
    meta('name', 'twitter:card', 'summary_large_image'),
    meta('name', 'twitter:title', card.title),
    meta('name', 'twitter:description', card.description),
    meta('name', 'twitter:image', image),
  ];
  return html
    .replace(/<html\b[^>]*>/i, `<html lang="${card.language}" dir="${card.direction}">`)
    .replace(/<title>[^<]*<\/title>/i, `<title>${escapeHtml(card.title)}</title>`)
    .replace(
      /<meta\s+name="description"\s+content="[^"]*"\s*\/?>/i,
      meta('name', 'description', card.description),
    )
    .replace(/<\/head>/i, `    ${tags.join('\n    ')}\n  </head>`);
}

const OG_LOCALES: Record<string, string> = {
  de: 'de_DE',
  en: 'en_GB',
  ar: 'ar_AR',
  fa: 'fa_IR',
  uk: 'uk_UA',
  ru: 'ru_RU',
  tr: 'tr_TR',
};

/**
 * Serves the share paths (/s/…) and the pages they lead to (/o/<slug>, /walk-in/<id>) with their
 * card, whatever the Accept header (crawlers send any). Unknown offices and every other path fall
 * through to the plain index.html, and a failure to read the card never blocks the page.
 */
export function serveSharePages(app: INestApplication, indexPath: string) {
  const shares = app.get(ShareService, { strict: false });
  const config = app.get(AppConfig, { strict: false });
  const logger = new Logger('SharePages');
  let template: Promise<string> | undefined;
  return (request: Request, response: Response, next: NextFunction): void => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    const page = parseSharedPage(
      request.path,
      new URLSearchParams(request.url.split('?')[1] ?? ''),
    );
    if (!page) return next();
    template ??= readFile(indexPath, 'utf8');
    const card =
      page.kind === 'office'
        ? shares.card(page.target)
        : shares.walkInPageCard(page.hourId, page.language);
    Promise.all([template, card])
      .then(([html, found]) => {
        response.setHeader('Content-Type', 'text/html; charset=utf-8');
        response.setHeader('Cache-Control', 'no-cache');
        response.send(withShareCard(html, found, config));
      })
      .catch((error: unknown) => {
        const status = (error as { status?: number }).status;
        if (status !== 404) logger.warn(`No share card for ${request.path}: ${String(error)}`);
        next();
      });
  };
}
