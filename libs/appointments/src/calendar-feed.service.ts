import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import ical, { ICalEventStatus } from 'ical-generator';
import { Clock, generateToken, hashToken } from '@app/common';
import { CounsellorService, localize, type CounsellorEntity } from '@app/roster';
import type { StaffPrincipal } from '@app/staff';
import type { AppointmentEntity } from './appointment.entity.js';
import { AppointmentRepository } from './appointment.repository.js';
import { CalendarFeedRepository } from './calendar-feed.repository.js';
import { DAY_MS } from '@app/scheduling';

/** What the feed lists: the recent past (to look back at) and the bookable future. */
const FEED_PAST_DAYS = 30;
const FEED_FUTURE_DAYS = 366;
/** 32 random bytes in base64url: anything else is no token of ours. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

const CHANNEL_LABEL: Record<string, string> = {
  video: 'Video',
  audio: 'Audio',
  phone: 'Telefon',
};
const STATUS_LABEL: Record<AppointmentEntity['status'], string> = {
  confirmed: 'bestätigt',
  cancelled: 'abgesagt',
  completed: 'stattgefunden',
  no_show: 'nicht erschienen',
  // Never listed (held times are no appointments yet); named for completeness.
  held: 'vorgemerkt',
};

/** 403: calendar links belong to counsellors; an account without a counsellor profile has none. */
const noCounsellorProfile = (): ForbiddenException =>
  new ForbiddenException({
    code: 'no_counsellor_profile',
    message:
      'Only counsellors have a calendar link; no counsellor profile is linked to this account',
  });

/** The same answer for a malformed, unknown and revoked token. */
const feedNotFound = (): NotFoundException =>
  new NotFoundException({ code: 'calendar_feed_not_found', message: 'Calendar feed not found' });

export interface CalendarFeedInfo {
  createdAt: Date;
}

/**
 * A counsellor's private iCal subscription. Calendars are synced to other services and the URL is
 * the only key, so the feed carries times, type, channel and status only: never the client's
 * pseudonym, contact or note.
 */
@Injectable()
export class CalendarFeedService {
  constructor(
    private readonly feeds: CalendarFeedRepository,
    private readonly appointments: AppointmentRepository,
    private readonly counsellors: CounsellorService,
    private readonly clock: Clock,
  ) {}

  async info(principal: StaffPrincipal): Promise<CalendarFeedInfo | null> {
    const own = await this.ownCounsellor(principal);
    const feed = await this.feeds.findByCounsellor(own.id);
    return feed ? { createdAt: feed.createdAt } : null;
  }

  /** A new token for the counsellor's feed; an earlier one stops working. Shown once. */
  async create(principal: StaffPrincipal): Promise<{ token: string; createdAt: Date }> {
    const own = await this.ownCounsellor(principal);
    const token = generateToken();
    const feed = await this.feeds.replace(own.id, hashToken(token));
    return { token, createdAt: feed.createdAt };
  }

  async revoke(principal: StaffPrincipal): Promise<void> {
    const own = await this.ownCounsellor(principal);
    await this.feeds.delete(own.id);
  }

  /** The iCalendar text of the feed behind a token, or 404. */
  async render(token: string, consoleUrl: string): Promise<string> {
    if (!TOKEN_SHAPE.test(token)) throw feedNotFound();
    const feed = await this.feeds.findByTokenHash(hashToken(token));
    if (!feed) throw feedNotFound();
    const now = this.clock.now().getTime();
    const list = await this.appointments.list({
      from: new Date(now - FEED_PAST_DAYS * DAY_MS),
      to: new Date(now + FEED_FUTURE_DAYS * DAY_MS),
      counsellorId: feed.counsellorId,
    });
    return renderFeed(list, consoleUrl);
  }

  private async ownCounsellor(principal: StaffPrincipal): Promise<CounsellorEntity> {
    const own = await this.counsellors.forStaff(principal.staffId);
    if (!own) throw noCounsellorProfile();
    return own;
  }
}

/** Only what the counsellor's calendar needs; built field by field so nothing else can slip in. */
function renderFeed(list: AppointmentEntity[], consoleUrl: string): string {
  const calendar = ical({
    prodId: { company: 'Sprechstunde', product: 'Sprechstunde', language: 'DE' },
    name: 'Sprechstunde',
    ttl: 15 * 60,
  });
  for (const a of list) {
    const type = a.consultationType ? localize(a.consultationType.name, 'de') : '';
    const channel = CHANNEL_LABEL[a.consultationType?.channel ?? 'video'] ?? '';
    const cancelled = a.status === 'cancelled';
    calendar.createEvent({
      id: `${a.id}.counsellor@sprechstunde`,
      sequence: a.version,
      start: a.startsAt,
      end: a.endsAt,
      summary: `${cancelled ? 'Abgesagt: ' : ''}${type} (${channel})`,
      description: `Status: ${STATUS_LABEL[a.status]}\n${consoleUrl}`,
      url: consoleUrl,
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  // ical-generator ends the last line without CRLF; RFC 5545 §3.1 ends every content line with one.
  return `${calendar.toString()}\r\n`;
}
