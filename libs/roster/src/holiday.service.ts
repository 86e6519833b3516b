import { Injectable } from '@nestjs/common';
import Holidays from 'date-holidays';
import { AppConfig } from '@app/config';
import { fieldError } from './roster-errors.js';
import { RosterRepository } from './roster.repository.js';

export interface Holiday {
  date: string;
  name: string;
  /** Opened explicitly by an admin: the office works that day. */
  open: boolean;
}

/** The office region's public holidays (date-holidays), closed unless an admin opens one. */
@Injectable()
export class HolidayService {
  private readonly holidays: Holidays;

  constructor(
    private readonly roster: RosterRepository,
    config: AppConfig,
  ) {
    const [country, state] = config.HOLIDAY_REGION.split('-');
    this.holidays = new Holidays(country, state, { types: ['public'] });
  }

  /** Computing a year's holidays is costly and the answer never changes: kept per year. */
  private readonly byYear = new Map<number, { date: string; name: string }[]>();

  private publicHolidays(year: number): { date: string; name: string }[] {
    let list = this.byYear.get(year);
    if (!list) {
      list = (this.holidays.getHolidays(year) || [])
        .filter((holiday) => holiday.type === 'public')
        .map((holiday) => ({ date: holiday.date.slice(0, 10), name: holiday.name }));
      this.byYear.set(year, list);
    }
    return list;
  }

  async list(year: number): Promise<Holiday[]> {
    const opened = await this.roster.openedHolidays(`${year}-01-01`, `${year}-12-31`);
    return this.publicHolidays(year).map((holiday) => ({
      ...holiday,
      open: opened.has(holiday.date),
    }));
  }

  async setOpen(date: string, open: boolean): Promise<Holiday> {
    const holiday = this.publicHolidays(Number(date.slice(0, 4))).find(
      (candidate) => candidate.date === date,
    );
    if (!holiday)
      throw fieldError('date', `${date} is not a public holiday in this region`, 'not_a_holiday');
    if (open) await this.roster.openHoliday(date);
    else await this.roster.closeHoliday(date);
    return { ...holiday, open };
  }

  /** Public holidays between two local dates (inclusive) that are not opened. */
  async closedDates(fromDate: string, toDate: string): Promise<Set<string>> {
    return this.closedDatesGiven(
      await this.roster.openedHolidays(fromDate, toDate),
      fromDate,
      toDate,
    );
  }

  /** Public holidays between two local dates (inclusive) that are not among the `opened` dates. */
  closedDatesGiven(opened: ReadonlySet<string>, fromDate: string, toDate: string): Set<string> {
    const closed = new Set<string>();
    for (let year = Number(fromDate.slice(0, 4)); year <= Number(toDate.slice(0, 4)); year++) {
      for (const { date } of this.publicHolidays(year)) {
        if (date >= fromDate && date <= toDate && !opened.has(date)) closed.add(date);
      }
    }
    return closed;
  }
}
