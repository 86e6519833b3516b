import { Injectable } from '@nestjs/common';
import { Clock } from '@app/common';
import { OfficeService, type OfficeEntity } from '@app/offices';
import {
  findSlots,
  findSlotsWithInterpreters,
  firstSlots,
  type SlotOffer,
  type BusyAppointment,
  type CounsellorRoster,
  type ExtraHours,
  type Interval,
  type Slot,
  type Weekday,
  type WeeklyRule,
  DAY_MS,
  MINUTE_MS,
} from '@app/scheduling';
import { HolidayService } from './holiday.service.js';
import { RosterCache, type SearchBasis } from './roster-cache.js';
import type { CatalogEntry } from './roster.repository.js';
import { consultationTypeNotFound, fieldError } from './roster-errors.js';
import type { Channel, ConsultationTypeEntity, CounsellorEntity } from './roster.entities.js';
import { RosterRepository } from './roster.repository.js';

export const MAX_SEARCH_DAYS = 31;
/** A search across all offices looks at most this far ahead (it answers the next time per type). */
export const MAX_CROSS_OFFICE_DAYS = 14;

export interface CounsellorFilter {
  language?: string;
  topic?: string;
  counsellorId?: string;
}

export interface SlotSearch extends CounsellorFilter {
  consultationTypeId: string;
  /** Only times when an interpreter for this language (BCP 47 tag) is free too. */
  interpreterLanguage?: string;
  from: Date;
  to: Date;
  /** Only if the type is this office's (slug); else the type is unknown. */
  office?: string;
}

/** "Who counsels in my language on this topic, any office": every filter optional. */
export interface CrossOfficeSearch {
  language?: string;
  topic?: string;
  channel?: Channel;
  district?: string;
  /** Default: now. */
  from?: Date;
  days: number;
}

/** One matching type of an office and its next free slot in the range (null: none). */
export interface TypeOffer {
  type: ConsultationTypeEntity;
  slot: Slot | null;
}

export interface CrossOfficeResult {
  /** Offices with matching types, the one with the soonest slot first (none free: last). */
  offices: { office: OfficeEntity; offers: TypeOffer[] }[];
  /** The earliest slot of all, with its office and type. */
  earliest: (TypeOffer & { office: OfficeEntity; slot: Slot }) | null;
}

export interface SlotSearchResult {
  type: ConsultationTypeEntity;
  counsellors: CounsellorEntity[];
  /** The interpreters for the language asked for (none asked: empty); slots name who is free. */
  interpreters: CounsellorEntity[];
  slots: Slot[];
}

/** A bookable type and the languages an interpreter can be booked for with it (sorted tags). */
export interface BookableType {
  type: ConsultationTypeEntity;
  interpreterLanguages: string[];
}

/** Why a start time cannot be booked at all (as opposed to: it is taken). */
export type UnbookableReason = 'notice' | 'horizon' | 'roster';

export type StartAvailability =
  | {
      kind: 'free';
      counsellors: CounsellorEntity[];
      /** Interpreters free then for the language asked for (none asked: empty). */
      interpreters: CounsellorEntity[];
    }
  | {
      kind: 'taken';
      /** 'interpreter': a counsellor is free then, but no interpreter for the language is. */
      by?: 'interpreter';
    }
  | { kind: 'unbookable'; reason: UnbookableReason };

const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

const ROSTER_UNBOOKABLE: StartAvailability = { kind: 'unbookable', reason: 'roster' };

interface Roster {
  id: string;
  timeZone: string;
  rules: WeeklyRule[];
  extraHours: ExtraHours[];
  absences: Interval[];
  appointments: BusyAppointment[];
}

/** A search's range in epoch ms: `to` after `from`, at most MAX_SEARCH_DAYS apart. */
function searchRange(fromDate: Date, toDate: Date): { from: number; to: number } {
  const from = fromDate.getTime();
  const to = toDate.getTime();
  if (to <= from) throw fieldError('to', 'to must be after from', 'search_range_invalid');
  if (to - from > MAX_SEARCH_DAYS * DAY_MS) {
    throw fieldError(
      'to',
      `The search range may span at most ${MAX_SEARCH_DAYS} days`,
      'search_range_too_long',
    );
  }
  return { from, to };
}

/** Offers grouped by office (in catalog order), the office with the soonest slot first. */
function crossOfficeResult(offers: TypeOffer[]): CrossOfficeResult {
  const byOffice = new Map<string, { office: OfficeEntity; offers: TypeOffer[] }>();
  let earliest: CrossOfficeResult['earliest'] = null;
  for (const offer of offers) {
    const office = offer.type.office as OfficeEntity;
    const group = byOffice.get(office.id) ?? { office, offers: [] };
    group.offers.push(offer);
    byOffice.set(office.id, group);
    if (offer.slot && (!earliest || offer.slot.start < earliest.slot.start)) {
      earliest = { ...offer, office, slot: offer.slot };
    }
  }
  const soonest = (group: { offers: TypeOffer[] }) =>
    Math.min(...group.offers.map((offer) => offer.slot?.start ?? Infinity));
  // Infinity - Infinity is NaN: compare, so offices with nothing free keep their order.
  const offices = [...byOffice.values()]
    .map((group) => ({ group, soonest: soonest(group) }))
    .sort((a, b) => (a.soonest === b.soonest ? 0 : a.soonest < b.soonest ? -1 : 1))
    .map(({ group }) => group);
  return { offices, earliest };
}

/** Interpreters (of the cached list) for the language; none when no language is asked for. */
function interpretersFor(interpreters: CounsellorEntity[], language?: string): CounsellorEntity[] {
  return language ? interpreters.filter((i) => i.languages.includes(language)) : [];
}

/** Sorted tags of the languages these interpreters cover. */
export function languagesOf(interpreters: readonly CounsellorEntity[]): string[] {
  return [...new Set(interpreters.flatMap((interpreter) => interpreter.languages))].sort();
}

/** The same narrowing as RosterRepository.servingCounsellors, on the cached list. */
function narrow(counsellors: CounsellorEntity[], filter: CounsellorFilter): CounsellorEntity[] {
  return counsellors.filter(
    (counsellor) =>
      (!filter.language || counsellor.languages.includes(filter.language)) &&
      (!filter.topic || counsellor.topics.includes(filter.topic)) &&
      (!filter.counsellorId || counsellor.id === filter.counsellorId),
  );
}

/** The people a start is checked for (see availabilityFromCache): only their versions are read. */
const checkedPeople =
  (filter: CounsellorFilter, interpreterLanguage?: string) =>
  (entry: { counsellors: CounsellorEntity[]; interpreters: CounsellorEntity[] }): string[] =>
    [
      ...narrow(entry.counsellors, filter),
      ...interpretersFor(entry.interpreters, interpreterLanguage),
    ].map((person) => person.id);

/**
 * Loads what the slot engine needs and runs it. Searches read the rosters through the RosterCache
 * (one small query when nothing changed), and so does checking a start for a new booking (the
 * exclusion constraint decides in the end); a reschedule and the search for its new time, which
 * must ignore the appointment being moved, read the database.
 */
@Injectable()
export class SlotService {
  constructor(
    private readonly roster: RosterRepository,
    private readonly holidays: HolidayService,
    private readonly clock: Clock,
    private readonly cache: RosterCache,
    private readonly offices: OfficeService,
  ) {}

  /** The holiday region of the type's office (loaded with the type where the cache read it). */
  private async regionOf(type: ConsultationTypeEntity): Promise<string> {
    return (type.office ?? (await this.offices.getOrThrow(type.officeId))).holidayRegion;
  }

  /**
   * The time zone of a bookable type's office (from the cache), for a client who sends none;
   * undefined for a type nobody can book (the search then answers 404).
   */
  async officeZoneOf(consultationTypeId: string): Promise<string | undefined> {
    const basis = await this.cache.basis(consultationTypeId);
    if (!basis?.bookable) return undefined;
    return (basis.type.office ?? (await this.offices.getOrThrow(basis.type.officeId))).timeZone;
  }

  async search(search: SlotSearch): Promise<SlotSearchResult> {
    const { from, to } = searchRange(search.from, search.to);
    const basis = await this.cache.basis(search.consultationTypeId);
    if (!basis || !basis.bookable) throw consultationTypeNotFound();
    if (search.office !== undefined && basis.type.office?.slug !== search.office) {
      throw consultationTypeNotFound();
    }
    const counsellors = narrow(basis.counsellors, search);
    const interpreters = interpretersFor(basis.interpreters, search.interpreterLanguage);
    const slots =
      search.interpreterLanguage && interpreters.length === 0
        ? []
        : await this.runCached(
            basis.type,
            counsellors,
            from,
            to,
            basis,
            search.interpreterLanguage ? interpreters : undefined,
          );
    return { type: basis.type, counsellors, interpreters, slots };
  }

  /**
   * Free slots to move an existing appointment to. Read as availabilityAt judges the move (from the
   * database, the appointment itself not busy: a move onto part of its own time updates the same
   * row), so every slot offered is one the reschedule accepts.
   */
  async searchForMove(
    type: ConsultationTypeEntity,
    filter: CounsellorFilter,
    range: { from: Date; to: Date },
    appointmentId: string,
    interpreterLanguage?: string,
  ): Promise<SlotSearchResult> {
    const { from, to } = searchRange(range.from, range.to);
    const counsellors = await this.roster.servingCounsellors(type.id, filter);
    const interpreters = interpreterLanguage
      ? await this.roster.availableInterpreters(type.officeId, interpreterLanguage)
      : [];
    const slots =
      interpreterLanguage && interpreters.length === 0
        ? []
        : await this.run(type, counsellors, from, to, appointmentId, true, interpreters);
    return { type, counsellors, interpreters, slots };
  }

  /**
   * Who could take an appointment of `type` starting exactly at `start`. Distinguishes a start
   * that is taken (409 for the client) from one that was never bookable (422).
   */
  async availabilityAt(
    type: ConsultationTypeEntity,
    start: Date,
    filter: CounsellorFilter,
    ignoreAppointmentId?: string,
    interpreterLanguage?: string,
  ): Promise<StartAvailability> {
    const at = start.getTime();
    const outside = this.outsideWindow(type, at);
    if (outside) return outside;
    if (ignoreAppointmentId === undefined) {
      const basis = await this.cache.basis(type.id, checkedPeople(filter, interpreterLanguage));
      return basis
        ? this.availabilityFromCache(basis, at, filter, interpreterLanguage)
        : ROSTER_UNBOOKABLE;
    }
    const counsellors = await this.roster.servingCounsellors(type.id, filter);
    const interpreters = interpreterLanguage
      ? await this.roster.availableInterpreters(type.officeId, interpreterLanguage)
      : [];
    if (interpreterLanguage && interpreters.length === 0) return ROSTER_UNBOOKABLE;
    const [slot] = await this.run(
      type,
      counsellors,
      at,
      at + 1,
      ignoreAppointmentId,
      true,
      interpreters,
    );
    if (slot?.start === at) return freeAt(slot, counsellors, interpreters);
    const [ignoringBookings] = await this.run(
      type,
      counsellors,
      at,
      at + 1,
      ignoreAppointmentId,
      false,
      interpreters,
    );
    if (ignoringBookings?.start !== at) return { kind: 'unbookable', reason: 'roster' };
    if (interpreterLanguage) {
      const [counsellorFree] = await this.run(type, counsellors, at, at + 1, ignoreAppointmentId);
      if (counsellorFree?.start === at) return { kind: 'taken', by: 'interpreter' };
    }
    return { kind: 'taken' };
  }

  /**
   * A new booking's type (it must be active) and whether it can start at `start`, and with whom:
   * availabilityAt on the cached rosters, with one version check for both.
   */
  async newBookingAt(
    typeId: string,
    start: Date,
    filter: CounsellorFilter,
    interpreterLanguage?: string,
  ): Promise<{
    type: ConsultationTypeEntity;
    availability: StartAvailability;
    /** The roster versions the availability was checked against (for noteBooked). */
    versions: ReadonlyMap<string, number>;
  }> {
    const basis = await this.cache.basis(typeId, checkedPeople(filter, interpreterLanguage));
    if (!basis || !basis.bookable) throw consultationTypeNotFound();
    const at = start.getTime();
    const availability =
      this.outsideWindow(basis.type, at) ??
      (await this.availabilityFromCache(basis, at, filter, interpreterLanguage));
    return { type: basis.type, availability, versions: basis.versions };
  }

  /**
   * A booking this process committed after newBookingAt said it was free, for its counsellor and
   * interpreter: keeps their cached rosters current (see RosterCache.noteBooked).
   */
  noteBooked(
    people: string[],
    versions: ReadonlyMap<string, number>,
    appointment: BusyAppointment,
  ): void {
    this.cache.noteBooked(people, versions, appointment);
  }

  /**
   * The languages an interpreter can be booked for with the type (some active interpreter of its
   * office or of an active pool the office chose interprets them), sorted tags, from the cache.
   */
  async interpreterLanguagesOf(typeId: string): Promise<string[]> {
    const basis = await this.cache.basis(typeId);
    return basis ? languagesOf(basis.interpreters) : [];
  }

  /**
   * The types clients can see and book (active, of an active office), oldest first; with `office`
   * (a slug) that office's only, and an unknown or suspended office is not found.
   */
  async bookableTypes(office?: string): Promise<ConsultationTypeEntity[]> {
    return (await this.bookableTypesWithInterpreters(office)).map((entry) => entry.type);
  }

  /** bookableTypes, each with the languages an interpreter can be booked for (sorted tags). */
  async bookableTypesWithInterpreters(office?: string): Promise<BookableType[]> {
    const officeId =
      office === undefined ? undefined : (await this.offices.getActiveBySlugOrThrow(office)).id;
    return (await this.cache.bookableTypes())
      .filter((entry) => officeId === undefined || entry.type.officeId === officeId)
      .map((entry) => ({
        type: entry.type,
        interpreterLanguages: languagesOf(entry.interpreters),
      }));
  }

  /**
   * The next free slot of every matching bookable type of every active office, and the earliest of
   * all. Reads the catalog and every roster through the cache (one query of versions when nothing
   * changed), whatever the number of offices, then runs the engine per type on a day first.
   */
  async searchAcrossOffices(search: CrossOfficeSearch): Promise<CrossOfficeResult> {
    if (!(search.days >= 1 && search.days <= MAX_CROSS_OFFICE_DAYS)) {
      throw fieldError(
        'days',
        `A search across offices may span 1 to ${MAX_CROSS_OFFICE_DAYS} days`,
        'search_range_too_long',
      );
    }
    const from = (search.from ?? this.clock.now()).getTime();
    const to = from + search.days * DAY_MS;
    const basis = await this.cache.publicBasis();
    const matching = basis.entries
      .filter((entry) => this.matches(entry, search))
      .map((entry) => ({
        entry,
        counsellors: narrow(entry.counsellors, { language: search.language }),
      }))
      .filter(({ counsellors }) => !search.language || counsellors.length > 0);
    const serving = new Map<string, CounsellorEntity>();
    for (const { counsellors } of matching) {
      for (const counsellor of counsellors) serving.set(counsellor.id, counsellor);
    }
    // Local dates in any zone lie within a day of the UTC dates; the engine looks one more day around.
    const rosters = new Map(
      (
        await this.cache.rosters(
          [...serving.values()],
          from - 2 * DAY_MS,
          to + 2 * DAY_MS,
          basis.versions,
        )
      ).map((roster) => [roster.id, roster]),
    );
    const closed = new Map<string, ReadonlySet<string>>();
    const closedDatesOf = (office: OfficeEntity) => {
      let dates = closed.get(office.id);
      if (!dates) {
        dates = this.holidays.closedDatesGiven(
          office.holidayRegion,
          basis.openedHolidays.get(office.id) ?? new Set(),
          isoDate(from - 2 * DAY_MS),
          isoDate(to + 2 * DAY_MS),
        );
        closed.set(office.id, dates);
      }
      return dates;
    };
    const offers: SlotOffer[] = matching.map(({ entry, counsellors }) => ({
      key: entry.type.id,
      rosters: counsellors.map((counsellor) => rosters.get(counsellor.id) as Roster),
      requirements: entry.type,
      closedDates: closedDatesOf(entry.type.office as OfficeEntity),
    }));
    const found = firstSlots(offers, { from, to, now: this.clock.now().getTime() });
    return crossOfficeResult(
      matching.map(({ entry }) => ({ type: entry.type, slot: found.get(entry.type.id) ?? null })),
    );
  }

  private matches(entry: CatalogEntry, search: CrossOfficeSearch): boolean {
    const { type } = entry;
    return (
      (!search.topic || type.topic === search.topic) &&
      (!search.channel || type.channel === search.channel) &&
      (!search.district || type.office?.district === search.district)
    );
  }

  /** Too soon (minimum notice) or too far ahead (horizon) for the type, else null. */
  private outsideWindow(type: ConsultationTypeEntity, at: number): StartAvailability | null {
    const now = this.clock.now().getTime();
    if (at < now + type.minNoticeMinutes * MINUTE_MS)
      return { kind: 'unbookable', reason: 'notice' };
    if (at > now + type.horizonDays * DAY_MS) return { kind: 'unbookable', reason: 'horizon' };
    return null;
  }

  /** availabilityAt for a new booking, on the cached rosters (current as of the basis's check). */
  private async availabilityFromCache(
    basis: SearchBasis,
    at: number,
    filter: CounsellorFilter,
    interpreterLanguage?: string,
  ): Promise<StartAvailability> {
    const type = basis.type;
    const counsellors = narrow(basis.counsellors, filter);
    const interpreters = interpretersFor(basis.interpreters, interpreterLanguage);
    if (interpreterLanguage && interpreters.length === 0) return ROSTER_UNBOOKABLE;
    const from = at - 2 * DAY_MS;
    const to = at + 1 + 2 * DAY_MS;
    const [rosters, interpreterRosters] = await Promise.all([
      this.cache.rosters(counsellors, from, to, basis.versions),
      this.cache.rosters(interpreters, from, to, basis.versions),
    ]);
    const query = {
      from: at,
      to: at + 1,
      now: this.clock.now().getTime(),
      closedDates: this.holidays.closedDatesGiven(
        await this.regionOf(type),
        basis.openedHolidays,
        isoDate(from),
        isoDate(to),
      ),
      requirements: type,
    };
    const engine = (people: CounsellorRoster[], interpreting: CounsellorRoster[]) =>
      interpreterLanguage
        ? findSlotsWithInterpreters(people, interpreting, query)
        : findSlots(people, query);
    const [slot] = engine(rosters, interpreterRosters);
    if (slot?.start === at) return freeAt(slot, counsellors, interpreters);
    const idle = (list: CounsellorRoster[]) =>
      list.map((roster) => ({ ...roster, appointments: [] }));
    const [ignoringBookings] = engine(idle(rosters), idle(interpreterRosters));
    if (ignoringBookings?.start !== at) return ROSTER_UNBOOKABLE;
    // A counsellor free then: the interpreters are what is taken.
    if (interpreterLanguage && findSlots(rosters, query)[0]?.start === at) {
      return { kind: 'taken', by: 'interpreter' };
    }
    return { kind: 'taken' };
  }

  /** The next free slots after `after`, within two weeks. */
  async nextFree(
    type: ConsultationTypeEntity,
    after: Date,
    filter: CounsellorFilter,
    limit = 5,
    interpreterLanguage?: string,
  ): Promise<Slot[]> {
    const [counsellors, interpreters] = await Promise.all([
      this.roster.servingCounsellors(type.id, filter),
      interpreterLanguage
        ? this.roster.availableInterpreters(type.officeId, interpreterLanguage)
        : Promise.resolve([]),
    ]);
    if (interpreterLanguage && interpreters.length === 0) return [];
    const from = after.getTime() + 1;
    const [versions, openedHolidays] = await Promise.all([
      this.roster.rosterVersions([...counsellors, ...interpreters].map((person) => person.id)),
      this.roster.openedHolidays(
        type.officeId,
        isoDate(from - 2 * DAY_MS),
        isoDate(from + 16 * DAY_MS),
      ),
    ]);
    const slots = await this.runCached(
      type,
      counsellors,
      from,
      from + 14 * DAY_MS,
      { versions, openedHolidays },
      interpreterLanguage ? interpreters : undefined,
    );
    return slots.slice(0, limit);
  }

  private async runCached(
    type: ConsultationTypeEntity,
    counsellors: CounsellorEntity[],
    from: number,
    to: number,
    current: Pick<SearchBasis, 'versions' | 'openedHolidays'>,
    /** Given: only slots an interpreter of these can take too. */
    interpreters?: CounsellorEntity[],
  ): Promise<Slot[]> {
    // Local dates in any zone lie within a day of the UTC dates; the engine looks one more day around.
    const [rosters, interpreterRosters] = await Promise.all([
      this.cache.rosters(counsellors, from - 2 * DAY_MS, to + 2 * DAY_MS, current.versions),
      interpreters
        ? this.cache.rosters(interpreters, from - 2 * DAY_MS, to + 2 * DAY_MS, current.versions)
        : Promise.resolve([]),
    ]);
    const closedDates = this.holidays.closedDatesGiven(
      await this.regionOf(type),
      current.openedHolidays,
      isoDate(from - 2 * DAY_MS),
      isoDate(to + 2 * DAY_MS),
    );
    const query = {
      from,
      to,
      now: this.clock.now().getTime(),
      closedDates,
      requirements: type,
    };
    return interpreters
      ? findSlotsWithInterpreters(rosters, interpreterRosters, query)
      : findSlots(rosters, query);
  }

  private async run(
    type: ConsultationTypeEntity,
    counsellors: CounsellorEntity[],
    from: number,
    to: number,
    ignoreAppointmentId?: string,
    withBookings = true,
    /** Non-empty: only slots one of these interpreters can take too. */
    interpreters: CounsellorEntity[] = [],
  ): Promise<Slot[]> {
    // Local dates in any zone lie within a day of the UTC dates; the engine looks one more day around.
    const fromDate = isoDate(from - 2 * DAY_MS);
    const toDate = isoDate(to + 2 * DAY_MS);
    const [data, closedDates] = await Promise.all([
      this.roster.rosterData(
        [...counsellors, ...interpreters].map((person) => person.id),
        new Date(from - 2 * DAY_MS),
        new Date(to + 2 * DAY_MS),
        fromDate,
        toDate,
        ignoreAppointmentId,
      ),
      this.holidays.closedDates(type.officeId, fromDate, toDate),
    ]);
    const rosters = new Map<string, Roster>();
    for (const counsellor of [...counsellors, ...interpreters]) {
      rosters.set(counsellor.id, {
        id: counsellor.id,
        timeZone: counsellor.timeZone,
        rules: [],
        extraHours: [],
        absences: [],
        appointments: [],
      });
    }
    for (const rule of data.rules) {
      rosters.get(rule.counsellorId)?.rules.push({
        weekday: rule.weekday as Weekday,
        startMinute: rule.startMinute,
        endMinute: rule.endMinute,
        validFrom: rule.validFrom ?? undefined,
        validUntil: rule.validUntil ?? undefined,
      });
    }
    for (const extra of data.extras) rosters.get(extra.counsellorId)?.extraHours.push(extra);
    for (const absence of data.absences) {
      rosters
        .get(absence.counsellorId)
        ?.absences.push({ start: absence.startsAt.getTime(), end: absence.endsAt.getTime() });
    }
    if (withBookings) {
      for (const appointment of data.appointments) {
        rosters.get(appointment.counsellorId)?.appointments.push({
          start: appointment.startsAt.getTime(),
          end: appointment.endsAt.getTime(),
          bufferBeforeMinutes: appointment.bufferBeforeMinutes,
          bufferAfterMinutes: appointment.bufferAfterMinutes,
        });
      }
    }
    const query = {
      from,
      to,
      now: this.clock.now().getTime(),
      closedDates,
      requirements: type,
    };
    const rosterOf = (person: CounsellorEntity) => rosters.get(person.id) as Roster;
    return interpreters.length > 0
      ? findSlotsWithInterpreters(counsellors.map(rosterOf), interpreters.map(rosterOf), query)
      : findSlots(counsellors.map(rosterOf), query);
  }
}

/** A free start: who of the counsellors and interpreters given can take it. */
function freeAt(
  slot: Slot,
  counsellors: CounsellorEntity[],
  interpreters: CounsellorEntity[],
): StartAvailability {
  const free = new Set(slot.counsellorIds);
  const interpreting = new Set(slot.interpreterIds ?? []);
  return {
    kind: 'free',
    counsellors: counsellors.filter((c) => free.has(c.id)),
    interpreters: interpreters.filter((i) => interpreting.has(i.id)),
  };
}
