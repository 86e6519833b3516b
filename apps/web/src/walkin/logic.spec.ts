// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import {
  forgetTicket,
  isLive,
  isTheirTurn,
  minutesSince,
  rememberTicket,
  rememberedTicket,
  retryDelay,
  takeTicketToken,
  textIn,
} from './logic';

const TOKEN = 'A'.repeat(43);
const OTHER = 'B'.repeat(43);

describe('walk-in client logic', () => {
  afterEach(() => {
    localStorage.clear();
    window.history.replaceState(null, '', '/');
  });

  it('backs off 1 s, 2 s, 4 s … up to 30 s, each within ±25 %', () => {
    const at = (failures: number, random: number) => retryDelay(failures, () => random);
    expect([1, 2, 3, 4].map((n) => at(n, 0.5))).toEqual([1000, 2000, 4000, 8000]);
    expect(at(10, 0.5)).toBe(30_000);
    expect(at(1, 0)).toBe(750);
    expect(at(1, 1)).toBe(1250);
  });

  it('takes the token from the link, keeps it on the device and hides it from the address bar', () => {
    window.history.replaceState(null, '', `/walk-in/ticket#token=${TOKEN}`);
    expect(takeTicketToken()).toBe(TOKEN);
    expect(window.location.hash).toBe('');
    expect(window.location.pathname).toBe('/walk-in/ticket');
    // A reload: no fragment any more, the device still knows the ticket.
    expect(takeTicketToken()).toBe(TOKEN);
  });

  it('a new link wins over the ticket this device kept', () => {
    rememberTicket(TOKEN, 'hour-1');
    window.history.replaceState(null, '', `/walk-in/ticket#token=${OTHER}`);
    expect(takeTicketToken()).toBe(OTHER);
    expect(rememberedTicket('hour-1')).toBe(TOKEN);
  });

  it("finds a walk-in hour's ticket again, and forgets a token the server no longer knows", () => {
    rememberTicket(TOKEN, 'hour-1');
    rememberTicket(OTHER, 'hour-2');
    expect(rememberedTicket('hour-1')).toBe(TOKEN);
    expect(rememberedTicket()).toBe(OTHER);
    forgetTicket(OTHER);
    expect(rememberedTicket('hour-2')).toBeNull();
    expect(rememberedTicket()).toBeNull();
    expect(rememberedTicket('hour-1')).toBe(TOKEN);
  });

  it('refuses a malformed fragment', () => {
    window.history.replaceState(null, '', '/walk-in/ticket#token=<script>');
    expect(takeTicketToken()).toBeNull();
  });

  it('tells live from final statuses, and when it is the client’s turn', () => {
    expect(isLive('waiting')).toBe(true);
    expect(isLive('in_call')).toBe(true);
    expect(isLive('served')).toBe(false);
    expect(isTheirTurn('called')).toBe(true);
    expect(isTheirTurn('waiting')).toBe(false);
  });

  it('counts whole minutes waited, never negative (a clock a little ahead)', () => {
    const now = Date.parse('2026-12-08T10:30:00Z');
    expect(minutesSince('2026-12-08T10:17:31Z', now)).toBe(12);
    expect(minutesSince('2026-12-08T10:31:00Z', now)).toBe(0);
  });

  it('shows a text in the UI language, else English, else German', () => {
    expect(textIn({ de: 'Offen', en: 'Open', fa: 'باز' }, 'fa')).toBe('باز');
    expect(textIn({ de: 'Offen', en: 'Open' }, 'ar')).toBe('Open');
    expect(textIn({ de: 'Offen' }, 'ar')).toBe('Offen');
    expect(textIn(undefined, 'de')).toBe('');
  });
});
