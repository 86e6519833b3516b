import { HttpException } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlState, sqlState } from '@app/common';
import { CounsellorService, RosterModule, systemPrincipal } from '@app/roster';
import { StaffModule, StaffService, type StaffPrincipal, type StaffRole } from '@app/staff';
import { createMediumTest, type MediumTest } from '../support/medium.js';
import { defaultOfficeId } from '../support/offices.js';

/** The service itself refuses a counsellor managing someone else's availability, whoever calls it. */
describe('CounsellorService access (medium)', () => {
  let t: MediumTest;
  let officeId: string;
  let counsellors: CounsellorService;
  let amira: StaffPrincipal;
  let admin: StaffPrincipal;
  let amiraId: string;
  let lesiaId: string;
  let lesiaRuleId: string;
  let lesiaExtraId: string;
  let lesiaAbsenceId: string;

  const principal = async (role: StaffRole, name: string): Promise<StaffPrincipal> => {
    const email = `${name.toLowerCase()}@example.org`;
    const account = await t
      .get(StaffService)
      .create({ email, displayName: name, role, password: 'a long enough password', officeId });
    return {
      staffId: account.id,
      sessionId: `session-${name}`,
      role,
      email,
      displayName: name,
      officeId,
    };
  };

  /** The HTTP status the call was refused with (the tests compare statuses, not messages). */
  const refusal = async (call: Promise<unknown>): Promise<number> => {
    const error: unknown = await call.then(
      () => undefined,
      (rejected: unknown) => rejected,
    );
    expect(error).toBeInstanceOf(HttpException);
    return (error as HttpException).getStatus();
  };

  const rule = { weekday: 1, startMinute: 9 * 60, endMinute: 12 * 60 };

  beforeAll(async () => {
    t = await createMediumTest({ imports: [StaffModule, RosterModule] });
    officeId = await defaultOfficeId(t.dataSource);
    counsellors = t.get(CounsellorService);
    amira = await principal('counsellor', 'Amira');
    const lesia = await principal('counsellor', 'Lesia');
    admin = await principal('admin', 'Admin');
    const profile = { languages: ['de'], topics: ['residence'], timeZone: 'Europe/Berlin' };
    amiraId = (
      await counsellors.create(admin, { ...profile, displayName: 'Amira', staffId: amira.staffId })
    ).id;
    lesiaId = (
      await counsellors.create(admin, { ...profile, displayName: 'Lesia', staffId: lesia.staffId })
    ).id;
    lesiaRuleId = (await counsellors.addRule(lesia, lesiaId, rule)).id;
    lesiaExtraId = (
      await counsellors.addExtra(lesia, lesiaId, {
        date: '2026-06-06',
        startMinute: 10 * 60,
        endMinute: 12 * 60,
      })
    ).id;
    lesiaAbsenceId = (
      await counsellors.addAbsence(lesia, lesiaId, {
        startDate: '2026-06-08',
        endDate: '2026-06-09',
      })
    ).id;
  });

  afterAll(() => t?.close());

  it("refuses every availability method for another counsellor's id, and changes nothing", async () => {
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['listRules', () => counsellors.listRules(amira, lesiaId)],
      ['addRule', () => counsellors.addRule(amira, lesiaId, { ...rule, weekday: 2 })],
      ['removeRule', () => counsellors.removeRule(amira, lesiaId, lesiaRuleId)],
      ['listExtras', () => counsellors.listExtras(amira, lesiaId)],
      [
        'addExtra',
        () =>
          counsellors.addExtra(amira, lesiaId, {
            date: '2026-06-13',
            startMinute: 600,
            endMinute: 660,
          }),
      ],
      ['removeExtra', () => counsellors.removeExtra(amira, lesiaId, lesiaExtraId)],
      ['listAbsences', () => counsellors.listAbsences(amira, lesiaId)],
      [
        'addAbsence',
        () =>
          counsellors.addAbsence(amira, lesiaId, {
            startDate: '2026-07-01',
            endDate: '2026-07-01',
          }),
      ],
      ['removeAbsence', () => counsellors.removeAbsence(amira, lesiaId, lesiaAbsenceId)],
    ];
    for (const [name, call] of calls) {
      expect({ name, status: await refusal(call()) }).toEqual({ name, status: 403 });
    }
    // Read as the system: Lesia's availability is exactly what she entered herself.
    expect(
      (await counsellors.listRules(systemPrincipal(officeId), lesiaId)).map((r) => r.id),
    ).toEqual([lesiaRuleId]);
    expect(
      (await counsellors.listExtras(systemPrincipal(officeId), lesiaId)).map((e) => e.id),
    ).toEqual([lesiaExtraId]);
    expect(
      (await counsellors.listAbsences(systemPrincipal(officeId), lesiaId)).map((a) => a.id),
    ).toEqual([lesiaAbsenceId]);
  });

  it("refuses before it judges the input: a bad rule for someone else's id is a 403, not a 400", async () => {
    const backwards = { ...rule, validFrom: '2026-09-01', validUntil: '2026-08-01' };
    expect(await refusal(counsellors.addRule(amira, lesiaId, backwards))).toBe(403);
    expect(await refusal(counsellors.addRule(amira, amiraId, backwards))).toBe(400);
  });

  it('lets a counsellor manage their own availability and an admin anyone', async () => {
    const own = await counsellors.addRule(amira, amiraId, { ...rule, weekday: 3 });
    expect((await counsellors.listRules(amira, amiraId)).map((r) => r.id)).toContain(own.id);
    await counsellors.removeRule(amira, amiraId, own.id);

    const byAdmin = await counsellors.addRule(admin, lesiaId, { ...rule, weekday: 4 });
    expect((await counsellors.listRules(admin, lesiaId)).map((r) => r.id)).toContain(byAdmin.id);
    await counsellors.removeRule(admin, lesiaId, byAdmin.id);
    expect((await counsellors.listRules(admin, lesiaId)).map((r) => r.id)).toEqual([lesiaRuleId]);
  });

  it('lets only admins create counsellors and change their profiles', async () => {
    const profile = { displayName: 'Jonas', languages: ['de'], topics: ['work'] };
    expect(await refusal(counsellors.create(amira, profile))).toBe(403);
    expect(await refusal(counsellors.update(amira, amiraId, { topics: ['work'] }))).toBe(403);
    expect(await refusal(counsellors.update(amira, lesiaId, { active: false }))).toBe(403);
    expect((await counsellors.list(admin)).map((c) => c.displayName).sort()).toEqual([
      'Amira',
      'Lesia',
    ]);
    expect((await counsellors.get(admin, amiraId)).topics).toEqual(['residence']);
    expect((await counsellors.get(admin, lesiaId)).active).toBe(true);

    const jonas = await counsellors.create(admin, profile);
    expect((await counsellors.update(admin, jonas.id, { active: false })).active).toBe(false);
  });

  it('refuses overlapping extra hours, names the clashing entry, and holds when requests race', async () => {
    const first = await counsellors.addExtra(amira, amiraId, {
      date: '2026-08-01',
      startMinute: 10 * 60,
      endMinute: 12 * 60,
    });
    const refused: unknown = await counsellors
      .addExtra(admin, amiraId, { date: '2026-08-01', startMinute: 11 * 60, endMinute: 13 * 60 })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HttpException);
    expect((refused as HttpException).getStatus()).toBe(409);
    expect((refused as HttpException).getResponse()).toMatchObject({
      code: 'extra_hours_overlap',
      clashingExtraHours: { id: first.id, date: '2026-08-01', start: '10:00', end: '12:00' },
    });

    // Five overlapping requests at once: one wins, the others get the same answer.
    const raced = await Promise.allSettled(
      [0, 1, 2, 3, 4].map((n) =>
        counsellors.addExtra(amira, amiraId, {
          date: '2026-08-02',
          startMinute: 9 * 60 + n * 10,
          endMinute: 11 * 60 + n * 10,
        }),
      ),
    );
    expect(raced.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const loser of raced.filter((r) => r.status === 'rejected')) {
      const error = loser.reason as HttpException;
      expect(error.getStatus()).toBe(409);
      expect(error.getResponse()).toMatchObject({ code: 'extra_hours_overlap' });
    }
    const onDate = (await counsellors.listExtras(amira, amiraId)).filter(
      (extra) => extra.date === '2026-08-02',
    );
    expect(onDate).toHaveLength(1);

    // The database itself refuses them, whoever writes.
    const direct: unknown = await t.dataSource
      .query(
        'INSERT INTO availability_extra (counsellor_id, date, start_minute, end_minute) VALUES ($1, $2, 600, 601)',
        [amiraId, '2026-08-01'],
      )
      .catch((error: unknown) => error);
    expect(sqlState(direct)).toBe(SqlState.exclusionViolation);
  });

  it('answers 404 for an unknown counsellor, before any access decision', async () => {
    const unknown = '4f7c1a52-0d7e-4a5b-9d5e-2b1f3c4d5e6f';
    expect(await refusal(counsellors.listRules(admin, unknown))).toBe(404);
    expect(await refusal(counsellors.listRules(amira, unknown))).toBe(404);
  });
});
