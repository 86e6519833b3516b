import { Injectable } from '@nestjs/common';
import type {
  BusyAppointment,
  CounsellorRoster,
  ExtraHours,
  Interval,
  Weekday,
  WeeklyRule,
} from '@app/scheduling';
import type { ConsultationTypeEntity, CounsellorEntity } from './roster.entities.js';
import {
  RosterRepository,
  type CatalogEntry as BookableEntry,
  type RosterSnapshot,
} from './roster.repository.js';
import { DAY_MS } from '@app/scheduling';

/** Data are cached in blocks of seven UTC days, so neighbouring searches share them. */
const BLOCK_MS = 7 * DAY_MS;
/** Beyond this many cached blocks (of all counsellors) the cache starts afresh: bounded memory. */
const MAX_BLOCKS = 50_000;
/** Types (also unknown ids) remembered per catalog version. */
const MAX_TYPES = 1_000;
/** Own bookings remembered for their people's next use (one per person); beyond, none. */
const MAX_OWN_BOOKINGS = 10_000;
const CATALOG = 'catalog';
const HOLIDAYS = 'holidays';

/** What a search needs besides the rosters, as of the versions it was checked against. */
export interface SearchBasis {
  type: ConsultationTypeEntity;
  /** Every active counsellor who serves the type, by id. */
  counsellors: CounsellorEntity[];
  /** Every active interpreter the type's office may book (own and chosen pools'), by id. */
  interpreters: CounsellorEntity[];
  /** Public holidays an admin of the type's office opened. */
  openedHolidays: ReadonlySet<string>;
  /** Current versions of the counsellors' and interpreters' rosters. */
  versions: ReadonlyMap<string, number>;
  /** Clients may see and book the type: it is active and its office is not suspended. */
  bookable: boolean;
}

/** What a search across offices needs: every bookable type, as of the versions checked. */
export interface PublicBasis {
  /** Bookable types (active, of active offices) with their offices and who serves them. */
  entries: readonly BookableEntry[];
  /** Opened public holidays by office id. */
  openedHolidays: ReadonlyMap<string, ReadonlySet<string>>;
  /** Current versions of every serving counsellor's roster. */
  versions: ReadonlyMap<string, number>;
}

type CatalogEntry = BookableEntry | null;

/** An item that may span blocks is kept in each, and taken from the first block a search reads. */
interface Spanning {
  firstBlock: number;
}

interface Block {
  extras: ExtraHours[];
  absences: (Interval & Spanning)[];
  appointments: (BusyAppointment & Spanning)[];
}

interface Entry {
  version: number;
  rules: WeeklyRule[];
  blocks: Map<number, Block>;
}

/**
 * A booking this process committed for a person, and the version of their roster it was checked
 * against; `null` when two were checked against the same version (neither then tells the other's
 * change apart).
 */
type OwnBooking = { basedOn: number; appointment: BusyAppointment } | null;

const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const blockOf = (ms: number): number => Math.floor(ms / BLOCK_MS);
const NONE_OPENED: ReadonlySet<string> = new Set();
/** Whose roster versions a type's searches check: its counsellors and the office's interpreters. */
const peopleOf = (entry: BookableEntry): string[] =>
  [...entry.counsellors, ...entry.interpreters].map((person) => person.id);

/**
 * The slot engine's inputs per counsellor (and per interpreter: the same roster rows), kept in this
 * process and checked against the database on every use: triggers raise a counsellor's
 * `roster_version` in the same transaction as any change of their rules, extra hours, absences,
 * appointments (as counsellor or as interpreter) or record, and the catalog version with any change
 * of types, roster people, offices or an office's choice of interpreter pools (so the interpreters
 * an office may book are cached with the catalog); an entry is used only while its
 * version is the current one. Entries are loaded with their versions from one snapshot, so a cached
 * entry is always exactly the committed state of its version, whichever process made the change.
 * A search then costs one small query instead of reading and converting every appointment.
 */
@Injectable()
export class RosterCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ownBookings = new Map<string, OwnBooking>();
  private blockCount = 0;
  private catalog = { version: -1, types: new Map<string, CatalogEntry>() };
  private holidays = {
    version: -1,
    opened: new Map<string, Set<string>>() as ReadonlyMap<string, ReadonlySet<string>>,
  };
  /** Every bookable type, for directory and cross-office searches (kept per catalog version). */
  private bookable: { version: number; entries: readonly BookableEntry[]; ids: string[] } = {
    version: -1,
    entries: [],
    ids: [],
  };

  constructor(private readonly roster: RosterRepository) {}

  /**
   * The type, who serves it, the opened holidays and the counsellors' roster versions: one query of
   * version numbers when nothing changed, null for an unknown type. `people` narrows whose versions
   * are read (a booking for one counsellor needs theirs, not those of everyone serving the type);
   * the basis then holds the versions of those only.
   */
  async basis(
    typeId: string,
    people: (entry: BookableEntry) => string[] = peopleOf,
  ): Promise<SearchBasis | null> {
    let entry = this.catalog.types.get(typeId);
    const known = entry ? people(entry) : [];
    let versions = await this.roster.rosterVersions([CATALOG, HOLIDAYS, ...known]);
    if (entry === undefined || (versions.get(CATALOG) ?? 0) !== this.catalog.version) {
      const snapshot = await this.roster.catalogSnapshot(typeId);
      if (snapshot.version > this.catalog.version || this.catalog.types.size >= MAX_TYPES) {
        this.catalog = { version: snapshot.version, types: new Map() };
      }
      if (snapshot.version === this.catalog.version) this.catalog.types.set(typeId, snapshot.entry);
      entry = snapshot.entry;
      versions = await this.roster.rosterVersions([HOLIDAYS, ...(entry ? people(entry) : [])]);
    }
    if (!entry) return null;
    const holidays = await this.openedHolidays(versions);
    return {
      type: entry.type,
      counsellors: entry.counsellors,
      interpreters: entry.interpreters,
      openedHolidays: holidays.get(entry.type.officeId) ?? NONE_OPENED,
      versions,
      bookable: entry.bookable,
    };
  }

  /** Every bookable type with its office and who serves it: one query of the catalog version when nothing changed. */
  async bookableTypes(): Promise<readonly BookableEntry[]> {
    const versions = await this.roster.rosterVersions([CATALOG]);
    return (await this.bookableAt(versions.get(CATALOG) ?? 0)).entries;
  }

  /**
   * Everything a search across all offices needs: every bookable type, the opened holidays and the
   * versions of every serving counsellor's roster, in one query of version numbers when nothing
   * changed (and two more queries when the catalog did).
   */
  async publicBasis(): Promise<PublicBasis> {
    let catalog = this.bookable;
    let versions = await this.roster.rosterVersions([CATALOG, HOLIDAYS, ...catalog.ids]);
    if ((versions.get(CATALOG) ?? 0) !== catalog.version) {
      catalog = await this.bookableAt(versions.get(CATALOG) ?? 0);
      versions = await this.roster.rosterVersions([HOLIDAYS, ...catalog.ids]);
    }
    return {
      entries: catalog.entries,
      openedHolidays: await this.openedHolidays(versions),
      versions,
    };
  }

  /** The bookable types as of catalog version `version` (or a later one), loaded when older. */
  private async bookableAt(version: number): Promise<typeof this.bookable> {
    if (this.bookable.version === version) return this.bookable;
    const snapshot = await this.roster.publicCatalogSnapshot();
    const ids = [
      ...new Set(snapshot.entries.flatMap((entry) => entry.counsellors.map((c) => c.id))),
    ];
    const loaded = { version: snapshot.version, entries: snapshot.entries, ids };
    // Versions only grow: a slower load of an older snapshot never replaces a newer one.
    if (loaded.version >= this.bookable.version) this.bookable = loaded;
    return loaded;
  }

  /** Opened holidays by office, reloaded when their version is not the one checked. */
  private async openedHolidays(
    versions: ReadonlyMap<string, number>,
  ): Promise<ReadonlyMap<string, ReadonlySet<string>>> {
    let holidays = this.holidays;
    if ((versions.get(HOLIDAYS) ?? 0) !== holidays.version) {
      holidays = await this.roster.openedHolidaysSnapshot();
      if (holidays.version >= this.holidays.version) this.holidays = holidays;
    }
    return holidays.opened;
  }

  /**
   * Rosters of these counsellors with everything overlapping [from, to) (at least; more is harmless
   * to the engine, which only reads what matters to the range), given their current versions.
   */
  async rosters(
    counsellors: readonly { id: string; timeZone: string }[],
    from: number,
    to: number,
    versions: ReadonlyMap<string, number>,
  ): Promise<CounsellorRoster[]> {
    if (counsellors.length === 0) return [];
    const first = blockOf(from);
    const last = blockOf(to - 1);
    const ids = counsellors.map((counsellor) => counsellor.id);
    // The entries to use are taken now: a concurrent search may replace or drop them meanwhile.
    const use = new Map<string, Entry>();
    const stale = ids.filter((id) => {
      const entry = this.current(id, versions.get(id) ?? 0);
      if (!entry) return true;
      for (let block = first; block <= last; block++) if (!entry.blocks.has(block)) return true;
      use.set(id, entry);
      return false;
    });
    if (stale.length > 0) {
      const snapshot = await this.roster.rosterSnapshot(
        stale,
        new Date(first * BLOCK_MS),
        new Date((last + 1) * BLOCK_MS),
        isoDate(first * BLOCK_MS),
        isoDate((last + 1) * BLOCK_MS - DAY_MS),
      );
      for (const [id, entry] of this.store(stale, snapshot, first, last)) use.set(id, entry);
    }
    return counsellors.map((counsellor) => {
      const entry = use.get(counsellor.id) as Entry;
      const roster = {
        id: counsellor.id,
        timeZone: counsellor.timeZone,
        rules: entry.rules,
        extraHours: [] as ExtraHours[],
        absences: [] as Interval[],
        appointments: [] as BusyAppointment[],
      };
      for (let block = first; block <= last; block++) {
        const data = entry.blocks.get(block) as Block;
        roster.extraHours.push(...data.extras);
        for (const absence of data.absences) {
          if (Math.max(first, absence.firstBlock) === block) roster.absences.push(absence);
        }
        for (const appointment of data.appointments) {
          if (Math.max(first, appointment.firstBlock) === block)
            roster.appointments.push(appointment);
        }
      }
      return roster;
    });
  }

  /**
   * Notes a booking this process committed for these people (its counsellor, and interpreter if
   * any), checked against `versions`. Every change of a roster raises its version, and the booking
   * raised it by one: when a person's version is later exactly one above the one checked, the
   * booking was the only change since, and the cached roster of that version with the appointment
   * added is the committed state. So this process's own bookings keep its cache current instead of
   * costing the next search or booking a snapshot; any other change (another process, a roster
   * edit) makes the difference larger, and the snapshot is read as before.
   */
  noteBooked(
    people: string[],
    versions: ReadonlyMap<string, number>,
    appointment: BusyAppointment,
  ): void {
    if (this.ownBookings.size >= MAX_OWN_BOOKINGS) this.ownBookings.clear();
    for (const id of people) {
      const basedOn = versions.get(id) ?? 0;
      const earlier = this.ownBookings.get(id);
      this.ownBookings.set(
        id,
        earlier === undefined || (earlier !== null && earlier.basedOn < basedOn)
          ? { basedOn, appointment }
          : null,
      );
    }
  }

  /**
   * The cached entry of a person at `version`: the one cached, or the one cached at the version
   * before plus this process's booking that made the difference (see noteBooked); else none.
   */
  private current(id: string, version: number): Entry | undefined {
    const entry = this.entries.get(id);
    if (entry?.version === version) return entry;
    const own = this.ownBookings.get(id);
    if (own === undefined) return undefined;
    if (own === null || own.basedOn < version - 1) {
      this.ownBookings.delete(id);
      return undefined;
    }
    if (!entry || own.basedOn !== entry.version || version !== entry.version + 1) return undefined;
    this.ownBookings.delete(id);
    // A new entry, not a changed one: searches under way keep the blocks they took.
    const { start, end } = own.appointment;
    const blocks = new Map(entry.blocks);
    for (const [block, data] of entry.blocks) {
      if (start < (block + 1) * BLOCK_MS && end > block * BLOCK_MS) {
        blocks.set(block, {
          ...data,
          appointments: [...data.appointments, { ...own.appointment, firstBlock: blockOf(start) }],
        });
      }
    }
    const next: Entry = { version, rules: entry.rules, blocks };
    this.entries.set(id, next);
    return next;
  }

  /** Files a snapshot into blocks; returns the entries to use now (also when newer ones exist). */
  private store(
    ids: string[],
    snapshot: RosterSnapshot,
    first: number,
    last: number,
  ): Map<string, Entry> {
    const fresh = new Map<string, Entry>();
    for (const id of ids) {
      const blocks = new Map<number, Block>();
      for (let block = first; block <= last; block++) {
        blocks.set(block, { extras: [], absences: [], appointments: [] });
      }
      fresh.set(id, { version: snapshot.versions.get(id) ?? 0, rules: [], blocks });
    }
    for (const rule of snapshot.rules) {
      fresh.get(rule.counsellorId)?.rules.push({
        weekday: rule.weekday as Weekday,
        startMinute: rule.startMinute,
        endMinute: rule.endMinute,
        validFrom: rule.validFrom ?? undefined,
        validUntil: rule.validUntil ?? undefined,
      });
    }
    for (const extra of snapshot.extras) {
      const block = blockOf(Date.parse(`${extra.date}T00:00:00Z`));
      fresh.get(extra.counsellorId)?.blocks.get(block)?.extras.push({
        date: extra.date,
        startMinute: extra.startMinute,
        endMinute: extra.endMinute,
      });
    }
    const spread = <T extends Spanning>(
      entry: Entry | undefined,
      start: number,
      end: number,
      item: T,
      list: (block: Block) => T[],
    ) => {
      if (!entry) return;
      for (
        let block = Math.max(first, blockOf(start));
        block <= Math.min(last, blockOf(end - 1));
        block++
      ) {
        list(entry.blocks.get(block) as Block).push(item);
      }
    };
    for (const { start, end, ...absence } of snapshot.absences) {
      spread(
        fresh.get(absence.counsellorId),
        start,
        end,
        { start, end, firstBlock: blockOf(start) },
        (block) => block.absences,
      );
    }
    for (const { start, end, ...appointment } of snapshot.appointments) {
      spread(
        fresh.get(appointment.counsellorId),
        start,
        end,
        {
          start,
          end,
          bufferBeforeMinutes: appointment.bufferBeforeMinutes,
          bufferAfterMinutes: appointment.bufferAfterMinutes,
          firstBlock: blockOf(start),
        },
        (block) => block.appointments,
      );
    }
    if (this.blockCount > MAX_BLOCKS) {
      this.entries.clear();
      this.blockCount = 0;
    }
    for (const [id, entry] of fresh) {
      const cached = this.entries.get(id);
      // Versions only grow: never replace a newer entry with an older snapshot.
      if (cached && cached.version > entry.version) continue;
      if (cached && cached.version === entry.version) {
        for (const [block, data] of entry.blocks) {
          if (!cached.blocks.has(block)) this.blockCount++;
          cached.blocks.set(block, data);
        }
        cached.rules = entry.rules;
      } else {
        if (cached) this.blockCount -= cached.blocks.size;
        this.entries.set(id, entry);
        this.blockCount += entry.blocks.size;
      }
    }
    return fresh;
  }
}
