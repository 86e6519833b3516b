// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createInstance } from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PublicConsultationType } from '../api/types';
import booking from '../i18n/locales/en/booking.json';
import common from '../i18n/locales/en/common.json';
import { DetailsForm } from './DetailsForm';

const TYPE: PublicConsultationType = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Residence',
  description: '',
  topic: { code: 'residence', name: 'Residence' },
  durationMinutes: 45,
  channel: 'video',
};
const SLOT = { start: '2026-12-01T10:00:00+01:00', end: '2026-12-01T10:45:00+01:00' };
const NEXT = { start: '2026-12-01T11:00:00+01:00', end: '2026-12-01T11:45:00+01:00' };

function Where() {
  const location = useLocation();
  return <p data-testid="where">{location.pathname + location.hash}</p>;
}

async function setUp(onTaken = vi.fn()) {
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({
    lng: 'en',
    resources: { en: { booking, common } },
    defaultNS: 'common',
    interpolation: { escapeValue: false },
  });
  render(
    <I18nextProvider i18n={i18n}>
      <MemoryRouter initialEntries={['/']}>
        <Routes>
          <Route
            path="/"
            element={
              <DetailsForm
                type={TYPE}
                slot={SLOT}
                zone="Europe/Berlin"
                onBack={() => undefined}
                onTaken={onTaken}
                onGone={() => undefined}
              />
            }
          />
          <Route path="/manage" element={<Where />} />
        </Routes>
      </MemoryRouter>
    </I18nextProvider>,
  );
  return { onTaken };
}

function fill() {
  fireEvent.change(screen.getByLabelText(booking.details.pseudonym), {
    target: { value: ' Mariam ' },
  });
  fireEvent.change(screen.getByLabelText(booking.details.emailAddress), {
    target: { value: 'mariam@example.org' },
  });
  fireEvent.click(screen.getByLabelText(booking.privacy.consent));
}

const submit = () => fireEvent.click(screen.getByRole('button', { name: booking.details.submit }));

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('the booking form', () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('shows what is missing next to the fields and sends nothing', async () => {
    await setUp();
    submit();
    expect(await screen.findByText(booking.details.errors.pseudonym)).toBeTruthy();
    expect(screen.getByText(booking.details.errors.contact.empty)).toBeTruthy();
    expect(screen.getByText(booking.details.errors.consent)).toBeTruthy();
    expect(screen.getByLabelText(booking.details.pseudonym).getAttribute('aria-invalid')).toBe(
      'true',
    );
    // A phone number must be international.
    fireEvent.click(screen.getByLabelText(booking.details.phone));
    fireEvent.change(screen.getByLabelText(booking.details.phoneNumber), {
      target: { value: '0170 1234567' },
    });
    expect(screen.getByText(booking.details.errors.contact.phone)).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('retries a lost answer with the same Idempotency-Key, then opens the manage link', async () => {
    await setUp();
    fill();
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    submit();
    expect((await screen.findByRole('alert')).textContent).toBe(common.errors.network);
    fetchMock.mockResolvedValueOnce(json(201, { appointment: {}, manageToken: 'T'.repeat(43) }));
    submit();
    await waitFor(() =>
      expect(screen.getByTestId('where').textContent).toBe(
        `/manage#token=${'T'.repeat(43)}&booked=1`,
      ),
    );
    const [first, second] = fetchMock.mock.calls as [string, RequestInit][];
    const key = (call: [string, RequestInit]) =>
      (call[1].headers as Record<string, string>)['Idempotency-Key'];
    expect(key(first)).toMatch(/^[0-9a-f-]{36}$/);
    expect(key(second)).toBe(key(first));
    expect(JSON.parse(second[1].body as string)).toEqual({
      consultationTypeId: TYPE.id,
      start: SLOT.start,
      pseudonym: 'Mariam',
      language: 'en',
      timeZone: 'Europe/Berlin',
      contact: { channel: 'email', value: 'mariam@example.org' },
      needsInterpreter: false,
    });
  });

  it('offers the next free times when the slot was taken, with a new key for the new request', async () => {
    const { onTaken } = await setUp();
    fill();
    fetchMock.mockResolvedValueOnce(
      json(409, { statusCode: 409, error: 'Conflict', message: 'taken', nextFreeSlots: [NEXT] }),
    );
    submit();
    expect((await screen.findByRole('alert')).textContent).toBe(booking.errors.taken);
    expect(document.body.textContent).not.toContain('Conflict');
    const group = screen.getByRole('group', { name: booking.errors.alternatives });
    fireEvent.click(group.querySelector('button') as HTMLButtonElement);
    expect(onTaken).toHaveBeenCalledWith(NEXT);
    fetchMock.mockResolvedValueOnce(json(201, { appointment: {}, manageToken: 'U'.repeat(43) }));
    submit();
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
    const keys = (fetchMock.mock.calls as [string, RequestInit][]).map(
      (call) => (call[1].headers as Record<string, string>)['Idempotency-Key'],
    );
    expect(keys[1]).not.toBe(keys[0]);
  });
});
