import { describe, expect, it } from 'vitest';
import type { ConsultationTypeEntity } from '@app/roster';
import { joinWindowOf } from './join-window.js';

describe('joinWindowOf', () => {
  const startsAt = new Date('2026-10-25T09:00:00Z');
  const endsAt = new Date('2026-10-25T09:45:00Z');

  it("opens and closes by the type's own minutes", () => {
    const consultationType = {
      joinOpensMinutesBefore: 5,
      joinClosesMinutesAfter: 90,
    } as ConsultationTypeEntity;
    expect(joinWindowOf({ startsAt, endsAt, consultationType })).toEqual({
      opensAt: new Date('2026-10-25T08:55:00Z'),
      closesAt: new Date('2026-10-25T11:15:00Z'),
    });
  });

  it('uses the types’ defaults when the type was not loaded', () => {
    expect(joinWindowOf({ startsAt, endsAt, consultationType: undefined })).toEqual({
      opensAt: new Date('2026-10-25T08:45:00Z'),
      closesAt: new Date('2026-10-25T10:15:00Z'),
    });
  });
});
