import { Injectable } from '@nestjs/common';
import Holidays from 'date-holidays';
import { OfficeService } from '@app/offices';
import { fieldError } from './roster-errors.js';
import { RosterRepository } from './roster.repository.js';

export interface Holiday {
  date: string;
  name: string;
  /** Opened explicitly by an admin: the office works that day. */
  open: boolean;
}

/** A region's public holidays of a year: the dates and their names. */
type YearList = { date: string; name: string }[];

/**
 * Each office's public holidays (date-holidays, for the office's region), closed unless an admin of
 * the office opens one.
 */
@Injectable()
export class HolidayService {
  constructor(
    private readonly roster: RosterRepository,
    private readonly offices: OfficeService,
  ) {}

  /** Computing a year's holidays is costly and the answer never changes: kept per region and year. */
  private readonly byRegionYear = new Map<string, YearList>();

  private publicHolidays(region: string, year: number): YearList {
    const key = `${region}:${year}`;
    let list = this.byRegionYear.get(key);
    if (!list) {
      const [country, state] = region.split('-');
      list = (new Holidays(country, state, { types: ['public'] }).getHolidays(year) || [])
        .filter((holiday) => holiday.type === 'public')
        .map((holiday) => ({ date: holiday.date.slice(0, 10), name: holiday.name }));
      this.byRegionYear.set(key, list);
    }
    return list;
  }

  async list(officeId: string, year: number): Promise<Holiday[]> {
    const office = await this.offices.getOrThrow(officeId);
    const opened = await this.roster.openedHolidays(officeId, `${year}-01-01`, `${year}-12-31`);
    return this.publicHolidays(office.holidayRegion, year).map((holiday) => ({
      ...holiday,
      open: opened.has(holiday.date),
    }));
  }

  async setOpen(officeId: string, date: string, open: boolean): Promise<Holiday> {
    const office = await this.offices.getOrThrow(officeId);
    const holiday = this.publicHolidays(office.holidayRegion, Number(date.slice(0, 4))).find(
      (candidate) => candidate.date === date,
    );
    if (!holiday)
      throw fieldError('date', `${date} is not a public holiday in this region`, 'not_a_holiday');
    if (open) await this.roster.openHoliday(officeId, date);
    else await this.roster.closeHoliday(officeId, date);
    return { ...holiday, open };
  }

  /** An office's public holidays between two local dates (inclusive) that are not opened. */
  async closedDates(officeId: string, fromDate: string, toDate: string): Promise<Set<string>> {
    const [office, opened] = await Promise.all([
      this.offices.getOrThrow(officeId),
      this.roster.openedHolidays(officeId, fromDate, toDate),
    ]);
    return this.closedDatesGiven(office.holidayRegion, opened, fromDate, toDate);
  }

  /** A region's public holidays between two local dates (inclusive) that are not among `opened`. */
  closedDatesGiven(
    region: string,
    opened: ReadonlySet<string>,
    fromDate: string,
    toDate: string,
  ): Set<string> {
    const closed = new Set<string>();
    for (let year = Number(fromDate.slice(0, 4)); year <= Number(toDate.slice(0, 4)); year++) {
      for (const { date } of this.publicHolidays(region, year)) {
        if (date >= fromDate && date <= toDate && !opened.has(date)) closed.add(date);
      }
    }
    return closed;
  }
}
