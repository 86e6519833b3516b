import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { SurveyService } from '@app/survey';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '@app/common';
import { MaintenanceProcessor } from '@app/jobs';
import { CLIENT_TEXTS, NotificationSender, SurveyPlanner } from '@app/notifications';
import { JobName } from '@app/queue';
import { localize, type LocalizedText } from '@app/roster';
import {
  FakeMessengers,
  fakeMessengerEnv,
  signedTelegramCall,
  telegramUpdates,
} from './support/fake-messengers.js';
import { SmtpSink, type ReceivedMail } from './support/smtp-sink.js';
import { defaultOfficeId, insertOffice } from './support/offices.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const BASE = 'https://sprechstunde.test';
const MINUTE = 60_000;
const DAY = 24 * 3_600_000;
const LINK =
  /https:\/\/sprechstunde\.test\/survey\?lang=([a-zA-Z-]+)#token=([A-Za-z0-9_-]{43})(?:&helpful=(\d))?/g;

interface Account {
  id: string;
  email: string;
  password: string;
  auth: { Authorization: string };
}

/**
 * The client feedback survey over HTTP: after a consultation that took place (a completed
 * appointment, a served walk-in ticket) the client gets one message with the link, in their
 * language; the link is answered once, dies after 14 days (or with the client's data), and the
 * answers, stored without any way back to the consultation, are reported with small cells
 * suppressed, comments to office admins only and only from five answers on.
 */
describe('client feedback survey', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let fake: FakeMessengers;
  let sms: { server: Server; received: { to: string; text: string }[] };
  let planner: SurveyPlanner;
  let officeId: string;
  let typeId: string;
  let counsellorId: string;
  const accounts: Record<string, Account> = {};
  let clients = 0;

  const setClock = (iso: string) =>
    t.clock.advance(new Date(iso).getTime() - t.clock.now().getTime());
  /** Staff sessions run out as the test clock jumps: log in again. */
  const at = async (iso: string) => {
    setClock(iso);
    for (const account of Object.values(accounts)) {
      const answer = await request(t.http)
        .post('/api/auth/login')
        .send({ email: account.email, password: account.password })
        .expect(200);
      account.auth = { Authorization: `Bearer ${answer.body.token}` };
    }
  };
  const addAccount = async (name: string, role: Parameters<TestApp['login']>[0]) => {
    const login = await t.login(role, `${name}@survey.sprechstunde.test`);
    accounts[name] = { ...login, auth: { Authorization: `Bearer ${login.token}` } };
    return accounts[name];
  };

  const isSurvey = (mail: ReceivedMail) => /^<survey\./.test(mail.parsed.messageId ?? '');
  const surveysTo = (email: string) => smtp.to(email).filter(isSurvey);
  /** The survey links of a mail: [language, token, first answer or undefined]. */
  const linksOf = (mail: ReceivedMail) =>
    [...(mail.parsed.text ?? '').matchAll(LINK)].map((m) => ({
      language: m[1],
      token: m[2],
      helpful: m[3] === undefined ? undefined : Number(m[3]),
    }));

  /**
   * A booking in `language` at `start` that the counsellor records as completed after it started;
   * the clock is then after its end. Returns the client's address and the appointment id.
   */
  const consultation = async (
    language: string,
    bookAt: string,
    start: string,
    contact?: { channel: 'phone'; value: string },
    beforeItTakesPlace?: (manageToken: string) => Promise<void>,
  ) => {
    await at(bookAt);
    const email = `client${++clients}@example.org`;
    const booked = await request(t.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId: typeId,
        counsellorId,
        start,
        pseudonym: 'Mariam',
        language,
        timeZone: 'Europe/Berlin',
        contact: contact ?? { channel: 'email', value: email },
      })
      .expect(201);
    const appointmentId = booked.body.appointment.id as string;
    await beforeItTakesPlace?.(booked.body.manageToken as string);
    await at(new Date(new Date(start).getTime() + 5 * MINUTE).toISOString());
    await request(t.http)
      .post(`/api/appointments/${appointmentId}/outcome`)
      .set(accounts.counsellor.auth)
      .send({ outcome: 'completed' })
      .expect(200);
    await at(new Date(new Date(start).getTime() + 35 * MINUTE).toISOString());
    return { email, appointmentId };
  };

  /** Plans the surveys due and waits for the client's survey mail. */
  const surveyMail = async (email: string): Promise<ReceivedMail> => {
    expect(await planner.planDue()).toBeGreaterThanOrEqual(1);
    await smtp.waitFor(() => surveysTo(email).length === 1);
    return surveysTo(email)[0];
  };

  const context = (token: string) =>
    request(t.http).get('/api/public/survey').set('X-Survey-Token', token);
  const answer = (token: string, body: object) =>
    request(t.http).post('/api/public/survey').set('X-Survey-Token', token).send(body);
  const invitations = async (token: string) =>
    (
      await t.dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM survey_invitation WHERE token_hash = $1',
        [hashToken(token)],
      )
    )[0].n;
  const answersOf = async (month: string) =>
    t.dataSource.query<Record<string, unknown>[]>(
      `SELECT office_id, to_char(month, 'YYYY-MM-DD') AS month, channel, language, topic, helpful,
              technology_easy, use_again, comment
         FROM survey_answer WHERE month = $1 ORDER BY helpful`,
      [month],
    );

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    fake = await FakeMessengers.start();
    const received: { to: string; text: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push(JSON.parse(body) as { to: string; text: string });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"sms-1"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    sms = { server, received };
    t = await createTestApp({
      env: {
        ...fakeMessengerEnv(fake),
        SMS_GATEWAY_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`,
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Sprechstunde Test <noreply@sprechstunde.test>',
        PUBLIC_BASE_URL: BASE,
        BOOKING_RATE_LIMIT_PER_MINUTE: '10000',
        MANAGE_RATE_LIMIT_PER_MINUTE: '10000',
        LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
      },
    });
    setClock('2026-12-07T09:05:00Z'); // Monday 10:05 in Berlin
    planner = t.app.get(SurveyPlanner);
    officeId = await defaultOfficeId(t.dataSource);
    // A long retention, so that the link's 14 days are what ends it (one test shortens it).
    await t.dataSource.query('UPDATE office SET retention_days = 90 WHERE id = $1', [officeId]);
    await addAccount('admin', 'admin');
    const counsellorLogin = await addAccount('counsellor', 'counsellor');
    const created = await request(t.http)
      .post('/api/admin/counsellors')
      .set(accounts.admin.auth)
      .send({
        displayName: 'Amira',
        languages: ['ar', 'de', 'fa'],
        topics: ['residence'],
        staffId: counsellorLogin.id,
      })
      .expect(201);
    counsellorId = created.body.id;
    for (const weekday of [1, 2, 3, 4, 5]) {
      await request(t.http)
        .post(`/api/counsellors/${counsellorId}/rules`)
        .set(accounts.admin.auth)
        .send({ weekday, start: '08:00', end: '18:00' })
        .expect(201);
    }
    typeId = (
      await request(t.http)
        .post('/api/admin/consultation-types')
        .set(accounts.admin.auth)
        .send({
          name: { de: 'Aufenthalt', en: 'Residence' },
          topic: 'residence',
          durationMinutes: 30,
          stepMinutes: 30,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 0,
          horizonDays: 120,
          channel: 'video',
          reminderOffsetsMinutes: [],
          counsellorIds: [counsellorId],
        })
        .expect(201)
    ).body.id;
    await addAccount('platform', 'platform_admin');
    await addAccount('interpreter', 'interpreter');
  }, 180_000);

  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
    await fake?.close();
    await new Promise((resolve) => sms?.server.close(resolve));
  });

  it('sends one survey message after a completed consultation, in the client’s language, with one-tap answers', async () => {
    const { email, appointmentId } = await consultation(
      'ar',
      '2026-12-07T09:05:00Z',
      '2026-12-08T10:00:00+01:00',
    );
    const mail = await surveyMail(email);

    const [{ name }] = await t.dataSource.query<{ name: LocalizedText }[]>(
      'SELECT name FROM office WHERE id = $1',
      [officeId],
    );
    const office = localize(name, 'ar');
    const texts = CLIENT_TEXTS.ar.survey;
    expect(mail.parsed.subject).toBe(texts.subject.replace('{office}', office));
    expect(mail.parsed.text).toContain(texts.lead.replace('{office}', office));
    expect(mail.parsed.text).toContain(texts.question);
    expect(mail.parsed.html).toContain('dir="rtl"');
    expect(mail.parsed.html).toContain('lang="ar"');
    // Nothing of the consultation or the client.
    for (const part of [mail.parsed.subject, mail.parsed.text, mail.parsed.html]) {
      expect(part).not.toContain('Mariam');
      expect(part).not.toContain('Amira');
      expect(part).not.toContain(appointmentId);
    }
    // Five links that answer the first question, and one without an answer: all one token.
    const links = linksOf(mail);
    expect(links.map((link) => link.helpful)).toEqual([1, 2, 3, 4, 5, undefined]);
    expect(new Set(links.map((link) => link.token)).size).toBe(1);
    expect(new Set(links.map((link) => link.language))).toEqual(new Set(['ar']));
    expect(mail.parsed.html).toContain('helpful=5');
    expect(await invitations(links[0].token)).toBe(1);

    // Planned again, and the job run again: still one message, one link.
    await expect.poll(() => planner.planDue(), { timeout: 20_000 }).toBe(0);
    const again = await t.app
      .get(NotificationSender)
      .send(
        { kind: 'survey', subject: 'appointment', subjectId: appointmentId },
        { lastAttempt: false, claimant: 'test-repeat' },
      );
    expect(again.outcome).toBe('duplicate');
    const logged = await t.dataSource.query<{ status: string; channel: string }[]>(
      'SELECT status, channel FROM notification WHERE key = $1',
      [`survey.${appointmentId}`],
    );
    expect(logged).toEqual([{ status: 'sent', channel: 'email' }]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(surveysTo(email)).toHaveLength(1);
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM survey_invitation',
    );
    expect(n).toBe(1);
  });

  it('stores nothing that leads from a link or an answer back to the consultation or the client', async () => {
    const columns = async (table: string) =>
      (
        await t.dataSource.query<{ column_name: string }[]>(
          `SELECT column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = $1 ORDER BY column_name`,
          [table],
        )
      ).map((row) => row.column_name);
    expect(await columns('survey_invitation')).toEqual(
      [
        'answered',
        'channel',
        'expires_at',
        'id',
        'language',
        'month',
        'office_id',
        'token_hash',
        'topic',
      ].sort(),
    );
    expect(await columns('survey_answer')).toEqual(
      [
        'channel',
        'comment',
        // The page's key to add answers after a tap, for an hour (no link to the invitation).
        'completion_expires_at',
        'completion_key_hash',
        'helpful',
        'id',
        'language',
        'month',
        'office_id',
        'technology_easy',
        'topic',
        'use_again',
      ].sort(),
    );
    // The only references: the office.
    const references = await t.dataSource.query<{ table: string; target: string }[]>(
      `SELECT c.conrelid::regclass::text AS table, c.confrelid::regclass::text AS target
         FROM pg_constraint c
        WHERE c.contype = 'f' AND c.conrelid::regclass::text IN ('survey_invitation', 'survey_answer')
        ORDER BY 1`,
    );
    expect(references).toEqual([
      { table: 'survey_answer', target: 'office' },
      { table: 'survey_invitation', target: 'office' },
    ]);
  });

  it('takes one answer per link: the rest of the questions, validated, then 410 for a second one', async () => {
    const { email } = await consultation('fa', '2026-12-08T10:00:00Z', '2026-12-09T10:00:00+01:00');
    const mail = await surveyMail(email);
    const [{ token }] = linksOf(mail);

    const opened = await context(token).expect(200);
    expect(opened.body).toMatchObject({ language: 'fa' });
    expect(typeof opened.body.officeName).toBe('string');
    expect(Object.keys(opened.body).sort()).toEqual(['expiresAt', 'language', 'officeName']);
    expect(new Date(opened.body.expiresAt).getTime()).toBe(t.clock.now().getTime() + 14 * DAY);

    // Refused answers leave the link usable.
    const refused = async (body: object, field: string) => {
      const response = await answer(token, body).expect(400);
      expect(response.body.code).toBe('validation_failed');
      expect(JSON.stringify(response.body.details)).toContain(field);
    };
    // A NUL anywhere in a body is refused before any route sees it.
    expect(
      (await answer(token, { helpful: 5, comment: 'null\u0000byte' }).expect(400)).body.code,
    ).toBe('nul_character');
    await refused({}, 'helpful');
    await refused({ helpful: 6 }, 'helpful');
    await refused({ helpful: 0 }, 'helpful');
    await refused({ helpful: 2.5 }, 'helpful');
    await refused({ helpful: '5' }, 'helpful');
    await refused({ helpful: 5, technologyEasy: 9 }, 'technologyEasy');
    await refused({ helpful: 5, useAgain: 'yes' }, 'useAgain');
    await refused({ helpful: 5, comment: 'x'.repeat(501) }, 'comment');
    await refused({ helpful: 5, comment: 'bell\u0007' }, 'comment');
    await refused({ helpful: 5, comment: 'turned \u202e around' }, 'comment');
    await refused({ helpful: 5, comment: 42 }, 'comment');
    await refused({ helpful: 5, appointmentId: 'x' }, 'appointmentId');
    expect((await answer('A'.repeat(43), { helpful: 5 }).expect(404)).body.code).toBe(
      'survey_not_found',
    );
    expect((await answer('short', { helpful: 5 }).expect(404)).body.code).toBe('survey_not_found');
    expect((await context('A'.repeat(43)).expect(404)).body.code).toBe('survey_not_found');

    await answer(token, {
      helpful: 5,
      technologyEasy: 4,
      useAgain: true,
      comment: '  خیلی خوب بود.\r\nممنون  ',
    }).expect(201, { answered: true, completionKey: null });
    const second = await answer(token, { helpful: 1 }).expect(410);
    expect(second.body).toMatchObject({ statusCode: 410, code: 'survey_answered' });
    expect((await context(token).expect(410)).body.code).toBe('survey_answered');

    expect(await answersOf('2026-12-01')).toContainEqual({
      office_id: officeId,
      month: '2026-12-01',
      channel: 'video',
      language: 'fa',
      topic: 'residence',
      helpful: 5,
      technology_easy: 4,
      use_again: true,
      comment: 'خیلی خوب بود.\nممنون',
    });
  });

  it('stores a tap as the answer at once; the page adds the rest with its key, once, within the hour', async () => {
    const { email } = await consultation('ar', '2026-12-10T10:00:00Z', '2026-12-11T10:00:00+01:00');
    const [{ token }] = linksOf(await surveyMail(email));
    const complete = (key: string, body: object) =>
      request(t.http)
        .post('/api/public/survey/completion')
        .set('X-Survey-Completion', key)
        .send(body);

    // The tap: the first question alone is the answer, stored now, and the link is used.
    const tapped = await answer(token, { helpful: 2 }).expect(201);
    const key: string = tapped.body.completionKey;
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await context(token).expect(410)).body.code).toBe('survey_answered');
    const stored = async () =>
      (
        await t.dataSource.query<Record<string, unknown>[]>(
          `SELECT helpful, technology_easy, use_again, comment, completion_key_hash IS NOT NULL AS keyed
             FROM survey_answer WHERE helpful = 2 AND language = 'ar'`,
        )
      )[0];
    expect(await stored()).toEqual({
      helpful: 2,
      technology_easy: null,
      use_again: null,
      comment: null,
      keyed: true,
    });

    // The rest, validated like the first answer; the first answer cannot be changed this way.
    await complete(key, { technologyEasy: 7 }).expect(400);
    await complete(key, { helpful: 5 }).expect(400);
    expect((await complete('A'.repeat(43), { useAgain: true }).expect(410)).body.code).toBe(
      'survey_completion_gone',
    );
    await complete(key, { technologyEasy: 3, useAgain: false, comment: 'الصوت كان ضعيفا' }).expect(
      200,
    );
    expect(await stored()).toEqual({
      helpful: 2,
      technology_easy: 3,
      use_again: false,
      comment: 'الصوت كان ضعيفا',
      keyed: false,
    });
    // Once only.
    expect((await complete(key, { useAgain: true }).expect(410)).body.code).toBe(
      'survey_completion_gone',
    );

    // A key left unused dies after its hour, and the retention run removes it from the answer.
    const other = await consultation('ar', '2026-12-10T12:00:00Z', '2026-12-11T12:00:00+01:00');
    const [{ token: second }] = linksOf(await surveyMail(other.email));
    const late = (await answer(second, { helpful: 4 }).expect(201)).body.completionKey as string;
    t.clock.advance(61 * 60_000);
    await complete(late, { useAgain: true }).expect(410);
    await t.app.get(SurveyService).purgeExpired();
    const [{ keyed }] = await t.dataSource.query<{ keyed: number }[]>(
      'SELECT count(*)::int AS keyed FROM survey_answer WHERE completion_key_hash IS NOT NULL',
    );
    expect(keyed).toBe(0);
  });

  it('lets a link die after 14 days; retention deletes links and keeps the answers', async () => {
    const answeredOne = await consultation(
      'ar',
      '2026-12-10T09:00:00Z',
      '2026-12-10T14:00:00+01:00',
    );
    const [{ token: used }] = linksOf(await surveyMail(answeredOne.email));
    await answer(used, { helpful: 2, comment: 'Die Verbindung brach ab' }).expect(201);
    const { email } = await consultation('ar', '2026-12-10T13:40:00Z', '2026-12-11T10:00:00+01:00');
    const [{ token }] = linksOf(await surveyMail(email));
    const answersBefore = await answersOf('2026-12-01');
    expect(answersBefore).toContainEqual(
      expect.objectContaining({ helpful: 2, comment: 'Die Verbindung brach ab' }),
    );

    // Still alive a minute before its 14 days are over.
    await at(new Date(t.clock.now().getTime() + 14 * DAY - MINUTE).toISOString());
    await context(token).expect(200);
    await at(new Date(t.clock.now().getTime() + 2 * MINUTE).toISOString());
    expect((await context(token).expect(410)).body.code).toBe('survey_expired');
    expect((await answer(token, { helpful: 3 }).expect(410)).body.code).toBe('survey_expired');

    // The retention job: expired links (this one, and the answered ones) go, the answers stay.
    const purge = t.app.get(MaintenanceProcessor).handlers[JobName.PurgePersonalData];
    const result = (await purge({})) as { surveyLinks: number };
    expect(result.surveyLinks).toBeGreaterThanOrEqual(1);
    expect(await invitations(token)).toBe(0);
    expect(await invitations(used)).toBe(0);
    expect((await context(token).expect(404)).body.code).toBe('survey_not_found');
    expect((await context(used).expect(404)).body.code).toBe('survey_not_found');
    expect(await answersOf('2026-12-01')).toEqual(answersBefore);
  });

  it('never lets a link outlive the client’s other data', async () => {
    await t.dataSource.query('UPDATE office SET retention_days = 5 WHERE id = $1', [officeId]);
    try {
      const { email, appointmentId } = await consultation(
        'de',
        '2027-01-04T09:00:00Z',
        '2027-01-05T10:00:00+01:00',
      );
      const [{ token }] = linksOf(await surveyMail(email));
      const [{ expires }] = await t.dataSource.query<{ expires: Date }[]>(
        'SELECT expires_at AS expires FROM survey_invitation WHERE token_hash = $1',
        [hashToken(token)],
      );
      // Five days after the appointment's end, not 14 after the message.
      expect(new Date(expires).toISOString()).toBe('2027-01-10T09:30:00.000Z');
      await at('2027-01-10T09:31:00Z');
      const purge = t.app.get(MaintenanceProcessor).handlers[JobName.PurgePersonalData];
      await purge({});
      const [appointment] = await t.dataSource.query<{ erased: boolean }[]>(
        'SELECT personal_data_erased_at IS NOT NULL AS erased FROM appointment WHERE id = $1',
        [appointmentId],
      );
      expect(appointment.erased).toBe(true);
      expect(await invitations(token)).toBe(0);
    } finally {
      await t.dataSource.query('UPDATE office SET retention_days = 90 WHERE id = $1', [officeId]);
    }
  });

  it('goes by the client’s bound messenger chat instead of SMS, else by SMS: one message, one link', async () => {
    const surveyLinks = (text: string) =>
      [
        ...text.matchAll(
          /https:\/\/sprechstunde\.test\/survey\?lang=ar#token=([A-Za-z0-9_-]{43})/g,
        ),
      ].map((m) => m[1]);
    const telegram = () =>
      fake
        .received('telegram', 'sendMessage')
        .filter((r) => r.status === 200 && Number(r.body.chat_id) === 701)
        .map((r) => String(r.body.text));
    const smsTo = (number: string) =>
      sms.received.filter((m) => m.to === number).map((m) => m.text);

    // Bound to a Telegram chat before the consultation.
    await consultation(
      'ar',
      '2027-01-10T12:00:00Z',
      '2027-01-11T10:00:00+01:00',
      { channel: 'phone', value: '+4915112345601' },
      async (manageToken) => {
        const link = await request(t.http)
          .post('/api/public/manage/messengers')
          .set('X-Manage-Token', manageToken)
          .send({ channel: 'telegram' })
          .expect(200);
        const code = /SP[A-Z2-7]{16}/.exec(decodeURIComponent(link.body.url as string))![0];
        const start = signedTelegramCall(
          telegramUpdates.start({ updateId: 7001, chatId: 701, code, languageCode: 'ar' }),
        );
        await request(t.http)
          .post('/api/webhooks/telegram')
          .set(start.headers)
          .send(start.body)
          .expect(200);
      },
    );
    expect(await planner.planDue()).toBe(1);
    await expect
      .poll(() => telegram().filter((text) => surveyLinks(text).length > 0), { timeout: 20_000 })
      .toHaveLength(1);
    const [message] = telegram().filter((text) => surveyLinks(text).length > 0);
    expect(message).toContain(CLIENT_TEXTS.ar.survey.chat);
    expect(surveyLinks(message)).toHaveLength(1);
    await context(surveyLinks(message)[0]).expect(200);
    await expect.poll(() => planner.planDue(), { timeout: 20_000 }).toBe(0);
    expect(smsTo('+4915112345601').filter((text) => surveyLinks(text).length > 0)).toEqual([]);

    // No chat: by SMS, one short line and the link.
    await consultation('ar', '2027-01-11T10:00:00Z', '2027-01-11T14:00:00+01:00', {
      channel: 'phone',
      value: '+4915112345602',
    });
    expect(await planner.planDue()).toBe(1);
    await expect
      .poll(() => smsTo('+4915112345602').filter((text) => surveyLinks(text).length > 0), {
        timeout: 20_000,
      })
      .toHaveLength(1);
    const [text] = smsTo('+4915112345602').filter((line) => surveyLinks(line).length > 0);
    const opened = await context(surveyLinks(text)[0]).expect(200);
    expect(text).toBe(
      `${CLIENT_TEXTS.ar.survey.sms.replace('{office}', opened.body.officeName)} ${BASE}/survey?lang=ar#token=${surveyLinks(text)[0]}`,
    );
  });

  it('asks a served walk-in client too, once, and nobody whose consultation did not take place', async () => {
    await at('2027-01-12T09:05:00Z'); // Tuesday 10:05 in Berlin
    const hour = await request(t.http)
      .post('/api/admin/walk-in-hours')
      .set(accounts.admin.auth)
      .send({
        name: { de: 'Offene Sprechstunde', en: 'Open consultation hour' },
        description: { de: 'Ohne Termin', en: 'No appointment needed' },
        topics: ['housing'],
        languages: ['de', 'ar'],
        channel: 'video',
        maxQueue: 30,
        closeMarginMinutes: 10,
        graceMinutes: 3,
        defaultHandlingMinutes: 10,
        rules: [{ weekday: 2, start: '10:00', end: '12:00' }],
      })
      .expect(201);
    await request(t.http)
      .post(`/api/walk-in/hours/${hour.body.id}/sign-on`)
      .set(accounts.counsellor.auth)
      .expect(204);
    const take = async (email: string) =>
      request(t.http)
        .post(`/api/public/walk-in/hours/${hour.body.id}/tickets`)
        .send({
          language: 'ar',
          topic: 'housing',
          pseudonym: 'Samir',
          privacyAccepted: true,
          contact: { channel: 'email', value: email },
        })
        .expect(201);
    const served = `client${++clients}@example.org`;
    const missed = `client${++clients}@example.org`;
    await take(served);
    await take(missed);
    // First the "nearly your turn" mails: their tokens' foreign-key checks hold key-share locks on
    // the ticket rows, which "call next" (FOR UPDATE SKIP LOCKED) would skip the tickets for.
    for (const email of [served, missed])
      await smtp.waitFor(() =>
        smtp.to(email).some((m) => /^<walk-in-soon\./.test(m.parsed.messageId ?? '')),
      );
    const first = await request(t.http)
      .post('/api/walk-in/call-next')
      .set(accounts.counsellor.auth)
      .expect(200);
    await request(t.http)
      .post(`/api/walk-in/tickets/${first.body.ticket.id}/outcome`)
      .set(accounts.counsellor.auth)
      .send({ outcome: 'served' })
      .expect(204);
    const next = await request(t.http)
      .post('/api/walk-in/call-next')
      .set(accounts.counsellor.auth)
      .expect(200);
    await request(t.http)
      .post(`/api/walk-in/tickets/${next.body.ticket.id}/outcome`)
      .set(accounts.counsellor.auth)
      .send({ outcome: 'missed' })
      .expect(204);
    // A booked appointment the client did not come to: no survey either.
    const noShow = await request(t.http)
      .post('/api/public/appointments')
      .send({
        consultationTypeId: typeId,
        counsellorId,
        start: '2027-01-12T15:00:00+01:00',
        pseudonym: 'Nobody',
        language: 'de',
        timeZone: 'Europe/Berlin',
        contact: { channel: 'email', value: `client${++clients}@example.org` },
      })
      .expect(201);
    await at('2027-01-12T14:05:00Z');
    await request(t.http)
      .post(`/api/appointments/${noShow.body.appointment.id}/outcome`)
      .set(accounts.counsellor.auth)
      .send({ outcome: 'no_show' })
      .expect(200);
    await at('2027-01-12T14:40:00Z');

    const mail = await surveyMail(served);
    expect(mail.parsed.html).toContain('dir="rtl"');
    const [{ token }] = linksOf(mail);
    const answered = await answer(token, { helpful: 4 });
    expect(answered.body).toMatchObject({ answered: true });
    const rows = await answersOf('2027-01-01');
    expect(rows).toContainEqual(
      expect.objectContaining({ channel: 'video', language: 'ar', topic: 'housing', helpful: 4 }),
    );
    await expect.poll(() => planner.planDue(), { timeout: 20_000 }).toBe(0);
    expect(surveysTo(missed)).toHaveLength(0);
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      "SELECT count(*)::int AS n FROM notification WHERE kind = 'survey' AND key = $1",
      [`survey.${noShow.body.appointment.id}`],
    );
    expect(n).toBe(0);
  });

  it('keeps no link for a message that could not be sent', async () => {
    const links = async () =>
      (
        await t.dataSource.query<{ n: number }[]>(
          'SELECT count(*)::int AS n FROM survey_invitation',
        )
      )[0].n;
    const refusing = `client${clients + 1}@example.org`;
    smtp.behaviour = (to) => (to === refusing ? { reject: 550 } : 'accept');
    try {
      const before = await links();
      const { email, appointmentId } = await consultation(
        'de',
        '2027-01-12T14:45:00Z',
        '2027-01-13T10:00:00+01:00',
      );
      expect(email).toBe(refusing);
      expect(await planner.planDue()).toBe(1);
      await expect
        .poll(
          async () =>
            (
              await t.dataSource.query<{ status: string }[]>(
                'SELECT status FROM notification WHERE key = $1',
                [`survey.${appointmentId}`],
              )
            ).map((row) => row.status),
          { timeout: 20_000 },
        )
        .toEqual(['failed']);
      expect(await links()).toBe(before);
      expect(surveysTo(email)).toEqual([]);
    } finally {
      smtp.behaviour = () => 'accept';
    }
  });

  describe('the report', () => {
    /** June: four answers of the office. July: seven of it, six of another office. */
    let otherOffice: string;
    const seed = (
      month: string,
      office: string,
      helpful: number,
      comment: string | null,
      extra = {},
    ) =>
      t.dataSource.query(
        `INSERT INTO survey_answer (office_id, month, channel, language, topic, helpful,
                                    technology_easy, use_again, comment)
         VALUES ($1, $2, $3, $4, 'residence', $5, $6, $7, $8)`,
        [
          office,
          month,
          'video',
          'ar',
          helpful,
          (extra as { technologyEasy?: number }).technologyEasy ?? 4,
          (extra as { useAgain?: boolean }).useAgain ?? true,
          comment,
        ],
      );
    const report = (who: string, query: Record<string, string>) =>
      request(t.http).get('/api/reports/survey').query(query).set(accounts[who].auth);

    beforeAll(async () => {
      await at('2027-02-01T09:00:00Z');
      otherOffice = await insertOffice(t.dataSource, { slug: 'survey-other' });
      const four = [
        [5, 'Sehr hilfreich'],
        [4, null],
        [5, 'Danke!'],
        [2, 'Ton war schlecht'],
      ] as const;
      for (const month of ['2026-06-01', '2026-07-01'])
        for (const [helpful, comment] of four) await seed(month, officeId, helpful, comment);
      await seed('2026-07-01', officeId, 5, null, { useAgain: false });
      await seed('2026-07-01', officeId, 1, 'Zu lange gewartet', { technologyEasy: 2 });
      await seed('2026-07-01', officeId, 4, null);
      for (let i = 0; i < 6; i++) await seed('2026-07-01', otherOffice, 3, 'Anderes Büro');
    });

    it('shows fewer than five answers as "<5", without averages or comments', async () => {
      const response = await report('admin', { from: '2026-06', to: '2026-06' }).expect(200);
      expect(response.body).toMatchObject({
        period: { from: '2026-06-01', to: '2026-06-30' },
        filters: { officeId, language: null, topic: null, channel: null },
        answers: '<5',
        helpful: { answers: '<5', average: null, distribution: [0, '<5', 0, '<5', '<5'] },
        useAgain: { yes: '<5', no: 0 },
        comments: { shown: false, withheld: 'too_few_answers', items: [] },
      });
    });

    it('lists comments to office admins from five answers on, counts rounded to fives', async () => {
      // Seven answers of this office in July.
      const response = await report('admin', { from: '2026-07-01', to: '2026-07-31' }).expect(200);
      expect(response.body.answers).toBe(5);
      expect(response.body.helpful.average).toBe(3.7);
      expect(response.body.helpful.distribution).toEqual(['<5', '<5', 0, '<5', '<5']);
      expect(response.body.technologyEasy).toMatchObject({ answers: 5, average: 3.7 });
      expect(response.body.useAgain).toEqual({ yes: 5, no: '<5' });
      expect(response.body.comments.shown).toBe(true);
      expect(response.body.comments.withheld).toBeNull();
      expect([...response.body.comments.items].sort()).toEqual(
        ['Danke!', 'Sehr hilfreich', 'Ton war schlecht', 'Zu lange gewartet'].sort(),
      );
      // Never another office's comments.
      expect(response.body.comments.items).not.toContain('Anderes Büro');
      // A filter that narrows below five withholds them again.
      const narrow = await report('admin', {
        from: '2026-07',
        to: '2026-07',
        channel: 'phone',
      }).expect(200);
      expect(narrow.body).toMatchObject({
        answers: 0,
        comments: { shown: false, withheld: 'too_few_answers', items: [] },
      });
      // June's four answers are one cell (office, month, channel, language, topic) under five:
      // however the filters are combined, its comments are never listed, so subtracting July's
      // list from June–July's reveals nothing about June.
      const both = await report('admin', { from: '2026-06', to: '2026-07' }).expect(200);
      expect(both.body.answers).toBe(10);
      expect(both.body.comments.shown).toBe(true);
      expect([...both.body.comments.items].sort()).toEqual(
        [...response.body.comments.items].sort(),
      );
      const language = await report('admin', {
        from: '2026-07',
        to: '2026-07',
        language: 'ar',
        topic: 'residence',
      }).expect(200);
      expect(language.body.comments.items).toHaveLength(4);
    });

    it('is for admins: counsellors and interpreters get 403, office admins their own office only', async () => {
      for (const who of ['counsellor', 'interpreter']) {
        const refused = await report(who, { from: '2026-07', to: '2026-07' }).expect(403);
        expect(refused.body.statusCode).toBe(403);
      }
      await request(t.http)
        .get('/api/reports/survey')
        .query({ from: '2026-07', to: '2026-07' })
        .expect(401);
      expect(
        (
          await report('admin', { from: '2026-06', to: '2026-06', officeId: otherOffice }).expect(
            403,
          )
        ).body.code,
      ).toBe('office_not_allowed');
      await report('admin', { from: '2026-06', to: '2026-06', officeId }).expect(200);
    });

    it('shows platform admins any office or all together, never comments', async () => {
      const all = await report('platform', { from: '2026-07', to: '2026-07' }).expect(200);
      expect(all.body.answers).toBe(15); // 7 + 6 = 13, rounded
      expect(all.body.comments).toEqual({
        shown: false,
        withheld: 'office_admins_only',
        items: [],
      });
      const other = await report('platform', {
        from: '2026-07',
        to: '2026-07',
        officeId: otherOffice,
      }).expect(200);
      expect(other.body).toMatchObject({ answers: 5, helpful: { average: 3 } });
      expect(other.body.comments.items).toEqual([]);
      expect(
        (
          await report('platform', {
            from: '2026-06',
            to: '2026-06',
            officeId: '00000000-0000-4000-8000-000000000000',
          }).expect(404)
        ).body.code,
      ).toBe('office_not_found');
    });

    it('refuses bad filters with clear 400s', async () => {
      const bad = async (query: Record<string, string>, code: string, field: string) => {
        const response = await report('admin', query).expect(400);
        expect(response.body.code).toBe(code);
        expect(JSON.stringify(response.body.details)).toContain(field);
      };
      await bad({ to: '2026-06' }, 'validation_failed', 'from');
      await bad({ from: '2026-13', to: '2026-12' }, 'validation_failed', 'from');
      await bad({ from: '2026-02-30', to: '2026-12' }, 'validation_failed', 'from');
      await bad({ from: '2026-06', to: '2026-05' }, 'validation_failed', 'to');
      await bad({ from: '2024-01', to: '2026-01' }, 'period_too_long', 'to');
      await bad({ from: '2026-06', to: '2026-06', channel: 'fax' }, 'validation_failed', 'channel');
      await bad({ from: '2026-06', to: '2026-06', officeId: 'x' }, 'validation_failed', 'officeId');
      await bad(
        { from: '2026-06', to: '2026-06', language: '<b>' },
        'validation_failed',
        'language',
      );
      await bad(
        { from: '2026-06', to: '2026-06', topic: "a' OR 1=1" },
        'validation_failed',
        'topic',
      );
    });
  });
});

describe('survey links: guessing is rate limited like the manage links', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { MANAGE_RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(() => t?.close());

  it('answers 429 once an address has tried its budget of survey tokens', async () => {
    const guess = (i: number) =>
      request(t.http).get('/api/public/survey').set('X-Survey-Token', String(i).padStart(43, 'A'));
    for (let i = 0; i < 3; i++) await guess(i).expect(404);
    const limited = await guess(4).expect(429);
    expect(limited.headers['retry-after']).toBeDefined();
    await request(t.http)
      .post('/api/public/survey')
      .set('X-Survey-Token', 'B'.repeat(43))
      .send({ helpful: 5 })
      .expect(429);
  });
});
