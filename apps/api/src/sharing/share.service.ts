import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DateTime, Info } from 'luxon';
import { Clock } from '@app/common';
import { AppConfig } from '@app/config';
import { OfficeService, type OfficeEntity } from '@app/offices';
import {
  consultationTypeNotFound,
  localize,
  SlotService,
  type ConsultationTypeEntity,
} from '@app/roster';
import { WalkInHoursService, walkInHourNotFound, type WalkInHourEntity } from '@app/walk-in';
import {
  directionOf,
  keyMatches,
  shareKey,
  sharePath,
  type ShareLanguage,
  type ShareTarget,
} from './share-links.js';
import { renderPoster } from './share-poster.js';
import { isolateLtr } from './share-text-layout.js';
import { renderPreview } from './share-preview-image.js';
import { endonym, SHARE_TEXTS } from './share-texts.js';
import { ShareRepository } from './share.repository.js';

/** What a shared link shows in a preview card, in the link's language. */
export interface ShareCard {
  language: ShareLanguage;
  direction: 'ltr' | 'rtl';
  officeSlug: string;
  officeName: string;
  /** og:title */
  title: string;
  /** og:description */
  description: string;
  /** The big text of the preview image. */
  heading: string;
  /** The canonical share path (og:url). */
  path: string;
  /** The preview image's path (og:image). */
  imagePath: string;
}

export interface ShareLink {
  id: string;
  key: string;
  name: string;
  url: string;
}

export interface ShareLinks {
  language: ShareLanguage;
  office: { slug: string; name: string; url: string };
  types: ShareLink[];
  walkInHours: ShareLink[];
  previewUrl: string;
  posterUrl: string;
}

/** A rendered file with the validator crawlers and browsers revalidate with. */
export interface RenderedFile {
  body: Buffer;
  etag: string;
}

/** Rendered images and posters kept in memory, the least recently used dropped first. */
class RenderCache {
  private readonly entries = new Map<string, RenderedFile>();

  constructor(private readonly capacity: number) {}

  async get(key: string, render: () => Promise<Buffer> | Buffer): Promise<RenderedFile> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const body = await render();
    const file = {
      body,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    };
    this.entries.set(key, file);
    if (this.entries.size > this.capacity) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    return file;
  }
}

/**
 * Shareable links, their preview cards, preview images and posters. Everything shown is what the
 * office's public pages show already (names, types, walk-in hours, languages): no personal data.
 * A renamed office or type gets new images at once, as the cache key is the rendered content.
 */
@Injectable()
export class ShareService {
  private readonly images = new RenderCache(256);
  private readonly posters = new RenderCache(64);

  constructor(
    private readonly offices: OfficeService,
    private readonly slots: SlotService,
    private readonly walkInHours: WalkInHoursService,
    private readonly repository: ShareRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The card of a share link; an unknown office, type or walk-in hour answers 404. */
  async card(target: ShareTarget): Promise<ShareCard> {
    const office = await this.offices.getActiveBySlugOrThrow(target.office);
    const { language } = target;
    const texts = SHARE_TEXTS[language];
    const officeName = localize(office.name, language);
    if (target.hour !== undefined) {
      const hour = await this.hourOf(office, target.hour);
      return this.hourCard(office, hour, language);
    }
    if (target.type !== undefined) {
      const type = await this.typeOf(office, target.type);
      const name = localize(type.name, language);
      const key = shareKey(type.name, type.id);
      return this.makeCard(office, language, {
        title: `${name} – ${officeName}`,
        description: texts.type(name, officeName),
        heading: name,
        target: { type: key },
      });
    }
    return this.makeCard(office, language, {
      title: officeName,
      description: texts.office(officeName),
      heading: texts.headline,
      target: {},
    });
  }

  /** The card of a walk-in hour's own page (/walk-in/<id>), whose office the hour names. */
  async walkInPageCard(hourId: string, language: ShareLanguage): Promise<ShareCard> {
    const hour = await this.walkInHours.getPublic(hourId);
    const office = hour.office ?? (await this.offices.getOrThrow(hour.officeId));
    return this.hourCard(office, hour, language);
  }

  /** Every link of an office in a language: the office, each bookable type, each walk-in hour. */
  async links(officeSlug: string, language: ShareLanguage): Promise<ShareLinks> {
    const office = await this.offices.getActiveBySlugOrThrow(officeSlug);
    const [types, hours] = await Promise.all([
      this.slots.bookableTypes(office.slug),
      this.publicHours(office),
    ]);
    const link = (record: { id: string; name: Record<string, string> }, kind: 'type' | 'hour') => {
      const key = shareKey(record.name, record.id);
      return {
        id: record.id,
        key,
        name: localize(record.name, language),
        url: this.config.publicUrl(sharePath({ office: office.slug, language, [kind]: key })),
      };
    };
    const query = `office=${encodeURIComponent(office.slug)}&language=${language}`;
    return {
      language,
      office: {
        slug: office.slug,
        name: localize(office.name, language),
        url: this.config.publicUrl(sharePath({ office: office.slug, language })),
      },
      types: types.map((type) => link(type, 'type')),
      walkInHours: hours.map((hour) => link(hour, 'hour')),
      previewUrl: this.config.publicUrl(`/api/public/share/preview.png?${query}`),
      posterUrl: this.config.publicUrl(`/api/public/share/poster.pdf?${query}`),
    };
  }

  /** The preview image of a share link (PNG, 1200 × 630). */
  async previewImage(target: ShareTarget): Promise<RenderedFile> {
    const card = await this.card(target);
    const content = {
      direction: card.direction,
      office: card.officeName,
      heading: card.heading,
      host: new URL(this.config.PUBLIC_BASE_URL).host,
    };
    return this.images.get(JSON.stringify(content), () => renderPreview(content));
  }

  /** The office's poster in a language (PDF, one A4 page). */
  async poster(officeSlug: string, language: ShareLanguage): Promise<RenderedFile> {
    const office = await this.offices.getActiveBySlugOrThrow(officeSlug);
    const texts = SHARE_TEXTS[language];
    const [spoken, hours] = await Promise.all([
      this.repository.counsellorLanguages(office.id),
      this.publicHours(office),
    ]);
    // The counsellors' languages, else what the office says it counsels in; German first.
    const languages = [...new Set(spoken.length > 0 ? spoken : office.languages)].sort(
      (a, b) => Number(b === 'de') - Number(a === 'de') || a.localeCompare(b),
    );
    const walkIn = await Promise.all(
      hours.map(async (hour) => ({
        name: localize(hour.name, language),
        times: await this.weeklyTimes(hour, office, language),
      })),
    );
    const content = {
      language,
      direction: directionOf(language),
      office: localize(office.name, language),
      headline: texts.headline,
      url: this.config.publicUrl(sharePath({ office: office.slug, language })),
      scan: texts.scan,
      orVisit: texts.orVisit,
      languagesLabel: texts.languages,
      languages: languages.map(endonym),
      walkInLabel: texts.walkInHours,
      walkIn: walkIn.filter((hour) => hour.times.length > 0),
    };
    return this.posters.get(JSON.stringify(content), () => renderPoster(content));
  }

  private hourCard(office: OfficeEntity, hour: WalkInHourEntity, language: ShareLanguage) {
    const officeName = localize(office.name, language);
    const name = localize(hour.name, language);
    return this.makeCard(office, language, {
      title: `${name} – ${officeName}`,
      description: SHARE_TEXTS[language].walkIn(officeName),
      heading: name,
      target: { hour: shareKey(hour.name, hour.id) },
    });
  }

  private makeCard(
    office: OfficeEntity,
    language: ShareLanguage,
    card: { title: string; description: string; heading: string; target: Partial<ShareTarget> },
  ): ShareCard {
    const target = { office: office.slug, language, ...card.target };
    const query = new URLSearchParams({ office: office.slug, language });
    if (target.type !== undefined) query.set('type', target.type);
    if (target.hour !== undefined) query.set('hour', target.hour);
    return {
      language,
      direction: directionOf(language),
      officeSlug: office.slug,
      officeName: localize(office.name, language),
      title: card.title,
      description: card.description,
      heading: card.heading,
      path: sharePath(target),
      imagePath: `/api/public/share/preview.png?${query.toString()}`,
    };
  }

  private async typeOf(office: OfficeEntity, key: string): Promise<ConsultationTypeEntity> {
    const type = (await this.slots.bookableTypes(office.slug)).find((candidate) =>
      keyMatches(key, candidate.id),
    );
    if (!type) throw consultationTypeNotFound();
    return type;
  }

  private async hourOf(office: OfficeEntity, key: string): Promise<WalkInHourEntity> {
    const hour = (await this.publicHours(office)).find((candidate) =>
      keyMatches(key, candidate.id),
    );
    if (!hour) throw walkInHourNotFound();
    return hour;
  }

  private async publicHours(office: OfficeEntity): Promise<WalkInHourEntity[]> {
    return (await this.walkInHours.listPublic()).filter((hour) => hour.officeId === office.id);
  }

  /**
   * "Monday 10:00–12:00" per weekly rule still in force, in the office's zone (the rules are local
   * times of it), weekdays named in the poster's language.
   */
  private async weeklyTimes(
    hour: WalkInHourEntity,
    office: OfficeEntity,
    language: ShareLanguage,
  ): Promise<string[]> {
    const today = DateTime.fromJSDate(this.clock.now(), { zone: office.timeZone }).toISODate();
    const weekdays = Info.weekdays('long', { locale: language });
    const clock = (minute: number) =>
      `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
    return (await this.walkInHours.rules(hour.id))
      .filter((rule) => !rule.validUntil || !today || rule.validUntil >= today)
      .sort((a, b) => a.weekday - b.weekday || a.startMinute - b.startMinute)
      .map(
        (rule) =>
          `${weekdays[rule.weekday - 1]} ${isolateLtr(`${clock(rule.startMinute)}–${clock(rule.endMinute)}`)}`,
      );
  }
}
