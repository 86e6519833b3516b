import { describe, expect, it } from 'vitest';
import { clampRange, entryLink, localized, rangeProblem } from './logic';

describe('rangeProblem', () => {
  const today = '2026-12-14';

  it('accepts a range of up to 31 days from today on', () => {
    expect(rangeProblem('2026-12-14', '2026-12-14', today)).toBeNull();
    expect(rangeProblem('2026-12-14', '2027-01-13', today)).toBeNull();
  });

  it('refuses days in the past, a reversed range and one longer than 31 days', () => {
    expect(rangeProblem('2026-12-13', '2026-12-20', today)).toBe('past');
    expect(rangeProblem('2026-12-20', '2026-12-19', today)).toBe('order');
    expect(rangeProblem('2026-12-14', '2027-01-14', today)).toBe('long');
  });

  it('names the field that is not a date', () => {
    expect(rangeProblem('', '2026-12-19', today)).toBe('from');
    expect(rangeProblem('2026-12-15', 'soon', today)).toBe('to');
  });
});

describe('clampRange', () => {
  it('shortens a range to 31 days and leaves a shorter one alone', () => {
    expect(clampRange('2026-12-14', '2027-03-01')).toEqual({
      from: '2026-12-14',
      to: '2027-01-13',
    });
    expect(clampRange('2026-12-14', '2026-12-20')).toEqual({
      from: '2026-12-14',
      to: '2026-12-20',
    });
  });
});

it('puts the entry token into the fragment of the offer page', () => {
  expect(entryLink('https://example.org', 'abc_-1')).toBe(
    'https://example.org/waitlist/offer#token=abc_-1',
  );
});

it("picks the client's language of an office's text, else English, else German", () => {
  expect(localized({ de: 'Aufenthalt', fa: 'اقامت' }, 'fa')).toBe('اقامت');
  expect(localized({ de: 'Aufenthalt', en: 'Residence' }, 'ar')).toBe('Residence');
  expect(localized({ de: 'Aufenthalt' }, 'ar')).toBe('Aufenthalt');
});
