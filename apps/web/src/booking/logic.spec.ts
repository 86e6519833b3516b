import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { languageLabel, languageNameIn, nativeLanguageName } from '../interpreter/languageNames';
import {
  bookingRequest,
  contactProblem,
  groupSlotsByDay,
  interpreterChoices,
  manageLink,
  minutesUntil,
  offeredInterpreterLanguage,
  pageRange,
  timeZones,
  tokenFromHash,
} from './logic';

describe('booking flow logic', () => {
  it('groups slots by their local day in the chosen zone, in time order', () => {
    // 23:30 in New York is already the next day in Berlin.
    const slots = [
      { start: '2026-12-02T09:00:00+01:00', end: '2026-12-02T09:30:00+01:00' },
      { start: '2026-12-01T23:30:00-05:00', end: '2026-12-02T00:00:00-05:00' },
      { start: '2026-12-01T10:00:00+01:00', end: '2026-12-01T10:30:00+01:00' },
    ];
    expect(groupSlotsByDay(slots, 'Europe/Berlin').map((d) => [d.date, d.slots.length])).toEqual([
      ['2026-12-01', 1],
      ['2026-12-02', 2],
    ]);
    expect(groupSlotsByDay(slots, 'America/New_York').map((d) => d.date)).toEqual([
      '2026-12-01',
      '2026-12-02',
    ]);
    expect(groupSlotsByDay(slots, 'America/New_York')[0].slots.map((s) => s.start)).toEqual([
      '2026-12-01T10:00:00+01:00',
      '2026-12-01T23:30:00-05:00',
    ]);
  });

  it('pages a week at a time from today in the chosen zone, across DST changes', () => {
    // 23:30 UTC on 28 March 2026 is already 29 March (the spring-forward day) in Berlin.
    const now = DateTime.fromISO('2026-03-28T23:30:00Z');
    expect(pageRange(0, 'Europe/Berlin', now)).toEqual({ from: '2026-03-29', to: '2026-04-04' });
    expect(pageRange(1, 'Europe/Berlin', now)).toEqual({ from: '2026-04-05', to: '2026-04-11' });
    expect(pageRange(0, 'America/Los_Angeles', now)).toEqual({
      from: '2026-03-28',
      to: '2026-04-03',
    });
    // The autumn change: still seven calendar days.
    expect(pageRange(0, 'Europe/Berlin', DateTime.fromISO('2026-10-24T10:00:00Z'))).toEqual({
      from: '2026-10-24',
      to: '2026-10-30',
    });
  });

  it('puts the user’s own zone first in the zone list, once', () => {
    const zones = timeZones('Asia/Kolkata');
    expect(zones[0]).toBe('Asia/Kolkata');
    expect(zones.filter((zone) => zone === 'Asia/Kolkata')).toHaveLength(1);
    expect(zones).toContain('Europe/Berlin');
  });

  it('checks contact details before sending', () => {
    expect(contactProblem('email', '')).toBe('empty');
    expect(contactProblem('email', '  ')).toBe('empty');
    expect(contactProblem('email', 'mariam@example')).toBe('email');
    expect(contactProblem('email', 'mariam@example.org')).toBeNull();
    // National numbers are the office's country's: the API normalises them.
    expect(contactProblem('phone', '0176 1234 5678')).toBeNull();
    expect(contactProblem('phone', '0176 CALL ME')).toBe('phone');
    expect(contactProblem('phone', '+49 (170) 123-4567')).toBeNull();
    expect(contactProblem('phone', '+49')).toBe('phone');
  });

  it('builds the booking request: trimmed, phone in international form, empty note left out', () => {
    expect(
      bookingRequest({
        consultationTypeId: 'type',
        start: '2026-12-01T10:00:00+01:00',
        pseudonym: '  Mariam ',
        language: 'ar',
        timeZone: 'Europe/Berlin',
        contactChannel: 'phone',
        contactValue: ' +49 170 123-4567 ',
        note: '   ',
        needsInterpreter: true,
      }),
    ).toEqual({
      consultationTypeId: 'type',
      start: '2026-12-01T10:00:00+01:00',
      pseudonym: 'Mariam',
      language: 'ar',
      timeZone: 'Europe/Berlin',
      contact: { channel: 'phone', value: '+491701234567' },
      needsInterpreter: true,
    });
    expect(
      bookingRequest({
        consultationTypeId: 'type',
        start: 'x',
        counsellorLanguage: 'uk',
        pseudonym: 'O',
        language: 'uk',
        timeZone: 'UTC',
        contactChannel: 'email',
        contactValue: ' o@example.org',
        note: ' Frage ',
        needsInterpreter: false,
      }),
    ).toMatchObject({
      counsellorLanguage: 'uk',
      note: 'Frage',
      contact: { value: 'o@example.org' },
    });
  });

  it('books an interpreter by language, and keeps the old wish only without one', () => {
    const base = {
      consultationTypeId: 'type',
      start: '2026-12-01T10:00:00+01:00',
      pseudonym: 'Selam',
      language: 'en',
      timeZone: 'Europe/Berlin',
      contactChannel: 'email' as const,
      contactValue: 'selam@example.org',
      note: '',
    };
    expect(
      bookingRequest({ ...base, needsInterpreter: true, interpreterLanguage: 'ti' }),
    ).toMatchObject({ interpreterLanguage: 'ti', needsInterpreter: false });
    const wish = bookingRequest({ ...base, needsInterpreter: true });
    expect(wish.needsInterpreter).toBe(true);
    expect(wish).not.toHaveProperty('interpreterLanguage');
    expect(
      bookingRequest({ ...base, needsInterpreter: false, interpreterLanguage: '' }),
    ).not.toHaveProperty('interpreterLanguage');
  });

  it('offers interpreter languages by their own names, sign languages by their full name', () => {
    const choices = interpreterChoices(
      ['ti', 'gsg', 'prs', 'ti'],
      (tag) => languageLabel(tag, 'en'),
      'en',
    );
    expect(choices.map((choice) => choice.tag).sort()).toEqual(['gsg', 'prs', 'ti']);
    expect(choices.find((choice) => choice.tag === 'gsg')).toMatchObject({
      native: 'Deutsche Gebärdensprache (DGS)',
      lang: 'de',
    });
    expect(nativeLanguageName('ti')).toBe('ትግርኛ');
    expect(languageNameIn('ti', 'de')).toBe('Tigrinya');
    expect(languageLabel('ti', 'en').translated).toBe('Tigrinya');
    // Dari: the browser may not name it; the table does, right to left, marked as Persian script.
    expect(languageLabel('prs', 'en')).toMatchObject({ native: 'دری', lang: 'fa' });
    expect(languageNameIn('xx', 'en')).toBe('xx');
    expect(interpreterChoices(undefined, (tag) => languageLabel(tag, 'en'), 'en')).toEqual([]);
  });

  it('forgets a chosen interpreter language the chosen type does not offer', () => {
    expect(offeredInterpreterLanguage('ti', ['ar', 'ti'])).toBe('ti');
    expect(offeredInterpreterLanguage('ti', ['ar'])).toBeUndefined();
    expect(offeredInterpreterLanguage('', ['ar'])).toBeUndefined();
    expect(offeredInterpreterLanguage('ti', undefined)).toBeUndefined();
  });

  it('keeps the manage token in the fragment and reads it back', () => {
    const token = 'A'.repeat(43);
    const link = manageLink('https://termine.example.org', token);
    expect(link).toBe(`https://termine.example.org/manage#token=${token}`);
    expect(tokenFromHash(new URL(link).hash)).toBe(token);
    expect(tokenFromHash(`#token=${token}&booked=1`)).toBe(token);
    expect(tokenFromHash('')).toBeNull();
    expect(tokenFromHash('#token=short')).toBeNull();
    expect(tokenFromHash('#token=<script>alert(1)</script>xxxxxxxxxxxxxxx')).toBeNull();
  });

  it('counts whole minutes until a time, never below zero', () => {
    const now = DateTime.fromISO('2026-12-01T10:00:00Z');
    expect(minutesUntil('2026-12-01T10:00:30Z', now)).toBe(1);
    expect(minutesUntil('2026-12-01T11:00:00+01:00', now)).toBe(0);
    expect(minutesUntil('2026-12-01T09:00:00Z', now)).toBe(0);
  });
});
