import { describe, expect, it } from 'vitest';
import type {
  InterpreterNoticeEntry,
  InterpreterPlanningState,
} from './interpreter-notice.repository.js';
import { interpreterNoticesOf, interpreterStaleness, toldBefore } from './interpreter-notices.js';

const A = 'appointment-1';
const state = (over: Partial<InterpreterPlanningState> = {}): InterpreterPlanningState => ({
  id: A,
  version: 1,
  status: 'confirmed',
  interpreterId: 'i1',
  ...over,
});
const entry = (
  interpreterId: string,
  kind: InterpreterNoticeEntry['kind'],
  version: number,
): InterpreterNoticeEntry => ({ appointmentId: A, interpreterId, kind, version });
const kinds = (notices: { kind: string; interpreterId: string }[]) =>
  notices.map((n) => `${n.kind}:${n.interpreterId}`).sort();

describe('interpreter notices', () => {
  it('tells the booked interpreter, and nobody when no interpreter is booked', () => {
    const event = { type: 'appointment.booked' as const, appointmentId: A, version: 1 };
    expect(kinds(interpreterNoticesOf(event, state(), []))).toEqual(['interpreter-booked:i1']);
    expect(interpreterNoticesOf(event, state({ interpreterId: null }), [])).toEqual([]);
  });

  it('plans nothing for an event that is no longer the latest', () => {
    const event = { type: 'appointment.booked' as const, appointmentId: A, version: 1 };
    expect(interpreterNoticesOf(event, state({ version: 2 }), [])).toEqual([]);
  });

  it('tells of a move the interpreter who knew, and "booked" to one who did not', () => {
    const event = { type: 'appointment.rescheduled' as const, appointmentId: A, version: 2 };
    const told = [entry('i1', 'interpreter-booked', 1)];
    expect(kinds(interpreterNoticesOf(event, state({ version: 2 }), told))).toEqual([
      'interpreter-rescheduled:i1',
    ]);
    expect(kinds(interpreterNoticesOf(event, state({ version: 2 }), []))).toEqual([
      'interpreter-booked:i1',
    ]);
  });

  it('cancels the old interpreter and books the new one when another takes over', () => {
    const event = { type: 'appointment.rescheduled' as const, appointmentId: A, version: 2 };
    const planned = interpreterNoticesOf(event, state({ version: 2, interpreterId: 'i2' }), [
      entry('i1', 'interpreter-booked', 1),
    ]);
    expect(kinds(planned)).toEqual(['interpreter-booked:i2', 'interpreter-cancelled:i1']);
    // Planned again later (reconciliation), with the notices of this version logged meanwhile:
    // the same notices, not a "moved" one to the new interpreter.
    const again = interpreterNoticesOf(event, state({ version: 2, interpreterId: 'i2' }), [
      entry('i1', 'interpreter-booked', 1),
      entry('i2', 'interpreter-booked', 2),
      entry('i1', 'interpreter-cancelled', 2),
    ]);
    expect(kinds(again)).toEqual(kinds(planned));
  });

  it('cancels everyone told and the interpreter on it; an interpreter taken off earlier hears nothing', () => {
    const event = { type: 'appointment.cancelled' as const, appointmentId: A, version: 3 };
    const planned = interpreterNoticesOf(
      event,
      state({ version: 3, status: 'cancelled', interpreterId: 'i2' }),
      [
        entry('i1', 'interpreter-booked', 1),
        entry('i1', 'interpreter-cancelled', 2),
        entry('i2', 'interpreter-booked', 2),
      ],
    );
    expect(kinds(planned)).toEqual(['interpreter-cancelled:i2']);
  });

  it('counts a cancellation after a booking of the same version', () => {
    expect(
      toldBefore(
        [entry('i1', 'interpreter-cancelled', 2), entry('i1', 'interpreter-booked', 2)],
        3,
      ),
    ).toEqual(new Set());
  });

  it('sends "cancelled" only to an interpreter off the appointment or of a cancelled one', () => {
    const view = {
      id: A,
      version: 2,
      status: 'confirmed' as const,
      startsAt: new Date(),
      endsAt: new Date(),
      currentInterpreterId: 'i2',
      interpreterLanguage: 'ti',
      typeName: { de: 'x' },
      channel: 'video' as const,
      counsellorName: 'C',
      officeName: { de: 'O' },
    };
    const payload = (kind: 'interpreter-booked' | 'interpreter-cancelled', id: string) => ({
      kind,
      appointmentId: A,
      version: 2,
      interpreterId: id,
    });
    expect(interpreterStaleness(payload('interpreter-cancelled', 'i1'), view)).toBeNull();
    expect(interpreterStaleness(payload('interpreter-cancelled', 'i2'), view)).not.toBeNull();
    expect(interpreterStaleness(payload('interpreter-booked', 'i2'), view)).toBeNull();
    expect(interpreterStaleness(payload('interpreter-booked', 'i1'), view)).not.toBeNull();
    expect(interpreterStaleness(payload('interpreter-booked', 'i2'), { ...view, version: 3 })).toBe(
      'appointment changed since',
    );
  });
});
