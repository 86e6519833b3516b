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
  contactChannels: ['email', 'phone'],
  interpreterLanguages: [],
};
const PHONE_TYPE: PublicConsultationType = {
  ...TYPE,
  channel: 'phone',
  contactChannels: ['phone'],
};
const EMAIL_ONLY: PublicConsultationType = { ...TYPE, contactChannels: ['email'] };
const SLOT = { start: '2026-12-01T10:00:00+01:00', end: '2026-12-01T10:45:00+01:00' };
const NEXT = { start: '2026-12-01T11:00:00+01:00', end: '2026-12-01T11:45:00+01:00' };

function Where() {
  const location = useLocation();
  return <p data-testid="where">{location.pathname + location.hash}</p>;
}

async function setUp(
  onTaken = vi.fn(),
  type = TYPE,
  interpreter: Partial<
    Pick<
      Parameters<typeof DetailsForm>[0],
      'interpreterLanguage' | 'offersInterpreters' | 'onInterpreterTaken'
    >
  > = {},
) {
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
                type={type}
                slot={SLOT}
                zone="Europe/Berlin"
                onBack={() => undefined}
                onTaken={onTaken}
                onGone={() => undefined}
                {...interpreter}
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
    // The user is led to the first problem (on a phone the messages may be off screen).
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByLabelText(booking.details.pseudonym)),
    );
    // A phone number may be national (the office's country) or international, not anything else.
    fireEvent.click(screen.getByLabelText(booking.details.phone));
    fireEvent.change(screen.getByLabelText(booking.details.phoneNumber), {
      target: { value: '0176 1234 5678' },
    });
    expect(screen.queryByText(booking.details.errors.contact.phone)).toBeNull();
    fireEvent.change(screen.getByLabelText(booking.details.phoneNumber), {
      target: { value: '+49 176 1234 5678' },
    });
    expect(screen.queryByText(booking.details.errors.contact.phone)).toBeNull();
    fireEvent.change(screen.getByLabelText(booking.details.phoneNumber), {
      target: { value: '0176-CALL-ME' },
    });
    expect(screen.getByText(booking.details.errors.contact.phone)).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('leads to the field the API refused, and sends a national number as typed', async () => {
    await setUp();
    fireEvent.change(screen.getByLabelText(booking.details.pseudonym), {
      target: { value: 'Mariam' },
    });
    fireEvent.click(screen.getByLabelText(booking.details.phone));
    fireEvent.change(screen.getByLabelText(booking.details.phoneNumber), {
      target: { value: '0176 1234 5678' },
    });
    fireEvent.click(screen.getByLabelText(booking.privacy.consent));
    fetchMock.mockResolvedValueOnce(
      json(400, {
        statusCode: 400,
        error: 'Bad Request',
        code: 'invalid_phone_number',
        message: 'contact.value must be a phone number',
        details: [{ field: 'contact.value', messages: ['contact.value must be a phone number'] }],
      }),
    );
    submit();
    const phone = screen.getByLabelText(booking.details.phoneNumber);
    await waitFor(() => expect(document.activeElement).toBe(phone));
    expect(phone.getAttribute('aria-invalid')).toBe('true');
    const [call] = fetchMock.mock.calls as [string, RequestInit][];
    expect(JSON.parse(call[1].body as string).contact).toEqual({
      channel: 'phone',
      value: '017612345678',
    });
  });

  it('asks a phone consultation for a number to call, and nothing else', async () => {
    await setUp(vi.fn(), PHONE_TYPE);
    expect(screen.queryByRole('radio')).toBeNull();
    expect(screen.queryByLabelText(booking.details.emailAddress)).toBeNull();
    fireEvent.change(screen.getByLabelText(booking.details.pseudonym), {
      target: { value: 'Mariam' },
    });
    fireEvent.change(screen.getByLabelText(booking.details.phoneCall), {
      target: { value: '0176 1234 5678' },
    });
    fireEvent.click(screen.getByLabelText(booking.privacy.consent));
    fetchMock.mockResolvedValueOnce(json(201, { appointment: {}, manageToken: 'P'.repeat(43) }));
    submit();
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    const [call] = fetchMock.mock.calls as [string, RequestInit][];
    expect(JSON.parse(call[1].body as string).contact.channel).toBe('phone');
  });

  it('offers no SMS where the office cannot send any', async () => {
    await setUp(vi.fn(), EMAIL_ONLY);
    expect(screen.queryByLabelText(booking.details.phone)).toBeNull();
    expect(screen.getByLabelText(booking.details.emailAddress)).toBeTruthy();
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
    // No field is wrong: the message itself takes the focus.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('alert')));
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

  it('books the interpreter chosen before the times, and sends the client back when it was taken', async () => {
    const onInterpreterTaken = vi.fn();
    const ti = { ...TYPE, interpreterLanguages: ['ti'] };
    await setUp(vi.fn(), ti, {
      interpreterLanguage: 'ti',
      offersInterpreters: true,
      onInterpreterTaken,
    });
    // The language was chosen already: no second, vaguer question.
    expect(screen.queryByLabelText(booking.details.interpreter)).toBeNull();
    fill();
    fetchMock.mockResolvedValueOnce(
      json(409, {
        statusCode: 409,
        error: 'Conflict',
        code: 'interpreter_taken',
        message: 'taken',
        nextFreeSlots: [NEXT],
      }),
    );
    submit();
    await waitFor(() => expect(onInterpreterTaken).toHaveBeenCalledTimes(1));
    const [call] = fetchMock.mock.calls as [string, RequestInit][];
    expect(JSON.parse(call[1].body as string)).toMatchObject({
      interpreterLanguage: 'ti',
      needsInterpreter: false,
    });
    // Times offered for the counsellor alone would not have the interpreter: none are offered.
    expect(screen.queryByRole('group', { name: booking.errors.alternatives })).toBeNull();
  });

  it('keeps the wish for an interpreter where the office has none to book', async () => {
    await setUp();
    fill();
    fireEvent.click(screen.getByLabelText(booking.details.interpreter));
    fetchMock.mockResolvedValueOnce(json(201, { appointment: {}, manageToken: 'W'.repeat(43) }));
    submit();
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    const [call] = fetchMock.mock.calls as [string, RequestInit][];
    const body = JSON.parse(call[1].body as string) as Record<string, unknown>;
    expect(body.needsInterpreter).toBe(true);
    expect(body).not.toHaveProperty('interpreterLanguage');
  });
});
