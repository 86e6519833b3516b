import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookableOffice, type BookableOffice } from './support/office-booking.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * A client sees which office their appointment is with: each office is its own organisation and
 * data controller. Two offices beside the default one, so that naming the wrong one fails.
 */
describe("the client's appointment names its office and links its privacy notice", () => {
  const BASE = 'https://termine.example.org';
  let t: TestApp;
  let north: BookableOffice;
  let south: BookableOffice;
  let clients = 0;

  const book = async (office: BookableOffice, start: string) =>
    (
      await request(t.http)
        .post('/api/public/appointments')
        .send({
          consultationTypeId: office.typeId,
          start,
          pseudonym: 'Olena',
          language: 'en',
          timeZone: 'Europe/Berlin',
          contact: { channel: 'email', value: `olena${++clients}@example.org` },
        })
        .expect(201)
    ).body as { appointment: { office: { slug: string } }; manageToken: string };
  const manage = (path: string, token: string) =>
    request(t.http).get(`/api/public/manage${path}`).set('X-Manage-Token', token);

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        PUBLIC_BASE_URL: BASE,
        MAIL_FROM: 'Sprechstunde <noreply@sprechstunde.test>',
        BOOKING_RATE_LIMIT_PER_MINUTE: '10000',
        MANAGE_RATE_LIMIT_PER_MINUTE: '10000',
        OFFICE_TIME_ZONE: 'Europe/Berlin',
      },
    });
    t.clock.advance(new Date('2026-12-07T06:00:00Z').getTime() - t.clock.now().getTime());
    north = await bookableOffice(t, { slug: 'beratung-nord', name: { de: 'Beratung Nord' } });
    south = await bookableOffice(t, {
      slug: 'beratung-sued',
      name: { de: 'Beratung Süd', en: 'Counselling South' },
      timeZone: 'America/Santiago',
      contactEmail: 'sued@beratung.example',
      contactPhone: '+49 30 7654321',
      privacyController: 'Beratung Süd e. V., Südstraße 1, 12345 Berlin',
      privacyContact: 'datenschutz@sued.example',
      retentionDays: 90,
    });
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers the booking and the manage link with the office, its contact and privacy notice', async () => {
    const booked = await book(south, '2026-12-09T10:00:00-03:00');
    expect(booked.appointment.office.slug).toBe('beratung-sued');
    const view = await manage('', booked.manageToken).expect(200);
    expect(view.body.office).toEqual({
      slug: 'beratung-sued',
      name: 'Counselling South',
      contact: { email: 'sued@beratung.example', phone: '+49 30 7654321' },
      privacy: {
        controller: 'Beratung Süd e. V., Südstraße 1, 12345 Berlin',
        contact: 'datenschutz@sued.example',
        retentionDays: 90,
      },
      privacyNotice: '/o/beratung-sued/privacy',
    });
    const other = await book(north, '2026-12-09T10:00:00+01:00');
    const otherView = await manage('', other.manageToken).expect(200);
    expect(otherView.body.office).toMatchObject({
      slug: 'beratung-nord',
      name: 'Beratung Nord',
      contact: { email: null, phone: null },
      privacyNotice: '/o/beratung-nord/privacy',
    });
  });

  it('keeps the office in the answers to a move and a cancellation', async () => {
    const booked = await book(south, '2026-12-10T10:00:00-03:00');
    const moved = await request(t.http)
      .post('/api/public/manage/reschedule')
      .set('X-Manage-Token', booked.manageToken)
      .send({ start: '2026-12-10T11:00:00-03:00' })
      .expect(200);
    expect(moved.body.office.slug).toBe('beratung-sued');
    const cancelled = await request(t.http)
      .post('/api/public/manage/cancel')
      .set('X-Manage-Token', booked.manageToken)
      .send({})
      .expect(200);
    expect(cancelled.body.office.slug).toBe('beratung-sued');
  });

  it('names the office in the calendar file and links its booking page and privacy notice', async () => {
    const booked = await book(south, '2026-12-11T10:00:00-03:00');
    const response = await manage('/calendar.ics', booked.manageToken).expect(200);
    const ics = response.text.replace(/\r\n[ \t]/g, '');
    expect(ics).toContain('ORGANIZER;CN="Counselling South":mailto:noreply@sprechstunde.test');
    expect(ics).toContain(`URL;VALUE=URI:${BASE}/o/beratung-sued`);
    const description = /^DESCRIPTION:(.*)$/m.exec(ics)![1];
    expect(description).toContain(
      `Counselling office: Counselling South. Privacy notice: ${BASE}/o/beratung-sued/privacy`,
    );
    expect(ics).not.toContain('beratung-nord');
  });

  it('exports the office as the controller of the data', async () => {
    const booked = await book(south, '2026-12-14T10:00:00-03:00');
    const exported = await manage('/export', booked.manageToken).expect(200);
    expect(exported.body.controller).toEqual({
      office: 'Counselling South',
      officeSlug: 'beratung-sued',
      name: 'Beratung Süd e. V., Südstraße 1, 12345 Berlin',
      dataProtectionContact: 'datenschutz@sued.example',
      officeContact: { email: 'sued@beratung.example', phone: '+49 30 7654321' },
      retentionDays: 90,
      privacyNotice: `${BASE}/o/beratung-sued/privacy`,
    });
  });

  it("offers times to move to in the office's zone when the client names none", async () => {
    const booked = await book(south, '2026-12-15T10:00:00-03:00');
    const inOfficeZone = await manage('/slots', booked.manageToken)
      .query({ from: '2026-12-16', to: '2026-12-16' })
      .expect(200);
    expect(inOfficeZone.body.timeZone).toBe('America/Santiago');
    expect(inOfficeZone.body.slots.length).toBeGreaterThan(0);
    for (const slot of inOfficeZone.body.slots as { start: string }[]) {
      expect(slot.start).toMatch(/^2026-12-16T.*-03:00$/);
    }
    const asked = await manage('/slots', booked.manageToken)
      .query({ from: '2026-12-16', to: '2026-12-16', timeZone: 'Europe/Berlin' })
      .expect(200);
    expect(asked.body.timeZone).toBe('Europe/Berlin');
  });
});
