import {
  ConflictException,
  ForbiddenException,
  Injectable,
  UnprocessableEntityException,
} from '@nestjs/common';
import { Clock, SqlState, sqlState } from '@app/common';
import {
  ConsultationTypeService,
  CounsellorService,
  SlotService,
  type ConsultationTypeEntity,
} from '@app/roster';
import { officeOf, type StaffPrincipal } from '@app/staff';
import type { AppointmentEntity } from './appointment.entity.js';
import {
  AppointmentRepository,
  type Actor,
  type AppointmentTransaction,
} from './appointment.repository.js';
import { appointmentNotFound, notLive } from './booking-errors.js';
import { BookingService, type BookingRequest } from './booking.service.js';
import type { AuditEventEntity } from './booking-records.entity.js';

export type Outcome = 'completed' | 'no_show';

const actorOf = (principal: StaffPrincipal): Actor => ({ type: 'staff', id: principal.staffId });

/** 403: counsellors book and move appointments only into their own calendar. */
const notOwnCalendar = (): ForbiddenException =>
  new ForbiddenException({
    code: 'not_own_counsellor',
    message:
      'Counsellors may only book appointments for themselves; ask an admin to book for a colleague',
  });

/**
 * What counsellors and admins do with appointments, inside their own office: another office's
 * appointments, counsellors and types are answered like unknown ids. Counsellors only ever see
 * their own appointments.
 */
@Injectable()
export class AppointmentStaffService {
  constructor(
    private readonly appointments: AppointmentRepository,
    private readonly counsellors: CounsellorService,
    private readonly types: ConsultationTypeService,
    private readonly slots: SlotService,
    private readonly booking: BookingService,
    private readonly clock: Clock,
  ) {}

  async list(
    principal: StaffPrincipal,
    from: Date,
    to: Date,
    counsellorId?: string,
  ): Promise<AppointmentEntity[]> {
    const officeId = officeOf(principal);
    if (principal.role === 'admin')
      return this.appointments.list({ from, to, counsellorId, officeId });
    const own = await this.counsellors.forStaff(principal.staffId);
    if (!own || (counsellorId && counsellorId !== own.id)) return [];
    return this.appointments.list({ from, to, counsellorId: own.id, officeId });
  }

  /** An appointment of the principal's office; another office's is answered like a missing one. */
  async inOffice(principal: StaffPrincipal, id: string): Promise<AppointmentEntity> {
    const appointment = await this.appointments.findById(id);
    if (!appointment || appointment.officeId !== officeOf(principal)) throw appointmentNotFound();
    return appointment;
  }

  /** An appointment the principal may see; others' appointments are answered like missing ones. */
  async visible(principal: StaffPrincipal, id: string): Promise<AppointmentEntity> {
    const appointment = await this.inOffice(principal, id);
    if (principal.role === 'admin') return appointment;
    const own = await this.counsellors.forStaff(principal.staffId);
    if (!own || appointment.counsellorId !== own.id) throw appointmentNotFound();
    return appointment;
  }

  /**
   * Books on a client's behalf (e.g. a call to the office) through the client's own booking path:
   * the same checks, constraints, idempotency and confirmation with a manage link by the client's
   * channel; the audit names the staff member. A counsellor books only into their own calendar
   * (the appointments they may see); an admin for any counsellor, or the fairest free one. Only
   * types and counsellors of the principal's office.
   */
  async book(
    principal: StaffPrincipal,
    request: BookingRequest,
    idempotencyKey?: string,
  ): Promise<{ appointment: AppointmentEntity; replayed: boolean }> {
    await this.types.get(officeOf(principal), request.consultationTypeId);
    const counsellorId = await this.bookableCounsellor(principal, request.counsellorId);
    const result = await this.booking.book(
      { ...request, counsellorId },
      idempotencyKey,
      actorOf(principal),
    );
    // The manage token stays unused: the client gets a link of their own with the confirmation.
    return {
      appointment: await this.booking.reload(result.appointment.id),
      replayed: result.replayed,
    };
  }

  /** Moves a live appointment to a bookable time; counsellors keep it in their own calendar. */
  async reschedule(
    principal: StaffPrincipal,
    id: string,
    start: Date,
    counsellorId?: string,
  ): Promise<AppointmentEntity> {
    const current = await this.visible(principal, id);
    if (current.status !== 'confirmed') throw notLive();
    const target = await this.bookableCounsellor(principal, counsellorId);
    const moved = await this.booking.rescheduleAs(actorOf(principal), current, start, target);
    return this.booking.reload(moved.id);
  }

  /** `familyMembers`: the family members counselled with the client (0–20), for the statistics. */
  async recordOutcome(
    principal: StaffPrincipal,
    id: string,
    outcome: Outcome,
    familyMembers: number | null = null,
  ): Promise<AppointmentEntity> {
    const current = await this.visible(principal, id);
    if (current.status !== 'confirmed') throw notLive();
    if (this.clock.now() < current.startsAt) {
      throw new UnprocessableEntityException(
        'An outcome can be recorded once the appointment has started',
      );
    }
    return this.recordOutcomeAs(actorOf(principal), current, outcome, familyMembers);
  }

  /** Sets the outcome of a live appointment at the version read (staff, or the system from attendance). */
  async recordOutcomeAs(
    actor: Actor,
    current: AppointmentEntity,
    outcome: Outcome,
    familyMembers: number | null = null,
  ): Promise<AppointmentEntity> {
    const updated = await this.appointments.transaction(async (tx) => {
      const changed = await tx.updateAppointment(current.id, current.version, {
        status: outcome,
        accompanyingFamilyMembers: familyMembers,
      });
      if (!changed)
        throw new ConflictException('The appointment was changed meanwhile; please reload it');
      await tx.audit(actor, 'appointment.outcome-recorded', changed.id, {
        status: outcome,
        accompanyingFamilyMembers: familyMembers,
        version: changed.version,
      });
      await tx.emit('appointment.outcome-recorded', changed);
      return changed;
    });
    this.booking.kickRelay();
    return this.booking.reload(updated.id);
  }

  /**
   * The counsellor will phone the client instead of the video call. The video lib marks the switch
   * on this transaction (`markSwitched`, false when it was switched before); the first switch raises
   * the appointment's version, names the staff member in the audit and emits the event that tells
   * the client, all committed together with the mark. Answers whether this call switched it.
   */
  async switchToPhone(
    principal: StaffPrincipal,
    id: string,
    markSwitched: (tx: AppointmentTransaction) => Promise<boolean>,
  ): Promise<boolean> {
    const current = await this.visible(principal, id);
    if (current.status !== 'confirmed') throw notLive();
    const switched = await this.appointments.transaction(async (tx) => {
      if (!(await markSwitched(tx))) return false;
      const changed = await tx.updateAppointment(current.id, current.version, {});
      if (!changed)
        throw new ConflictException('The appointment was changed meanwhile; please reload it');
      await tx.audit(actorOf(principal), 'appointment.switched-to-phone', changed.id, {
        version: changed.version,
      });
      await tx.emit('appointment.switched-to-phone', changed);
      return true;
    });
    if (switched) this.booking.kickRelay();
    return switched;
  }

  /** Admin: give the appointment to another counsellor who serves the type and is free then. */
  async reassign(
    principal: StaffPrincipal,
    id: string,
    counsellorId: string,
  ): Promise<AppointmentEntity> {
    const current = await this.visible(principal, id);
    if (current.status !== 'confirmed') throw notLive();
    if (counsellorId === current.counsellorId) return current;
    // Another office's counsellor is unknown here, whether or not the database would refuse them.
    await this.counsellors.get(principal, counsellorId);
    const type = current.consultationType as ConsultationTypeEntity;
    const free = await this.isFree(type, current, counsellorId);
    if (!free)
      throw new ConflictException(
        'That counsellor does not serve this consultation type or is not free at this time',
      );
    try {
      const updated = await this.appointments.transaction(async (tx) => {
        const changed = await tx.updateAppointment(current.id, current.version, { counsellorId });
        if (!changed)
          throw new ConflictException('The appointment was changed meanwhile; please reload it');
        await tx.audit(actorOf(principal), 'appointment.reassigned', changed.id, {
          fromCounsellorId: current.counsellorId,
          toCounsellorId: counsellorId,
          version: changed.version,
        });
        await tx.emit('appointment.reassigned', changed);
        return changed;
      });
      this.booking.kickRelay();
      return await this.booking.reload(updated.id);
    } catch (error) {
      if (sqlState(error) === SqlState.exclusionViolation)
        throw new ConflictException('That counsellor was booked at this time meanwhile');
      throw error;
    }
  }

  async cancel(principal: StaffPrincipal, id: string, reason: string): Promise<AppointmentEntity> {
    const current = await this.visible(principal, id);
    if (current.status !== 'confirmed') throw notLive();
    return this.booking.cancelAs(actorOf(principal), current, reason);
  }

  /** The audit log of the principal's office (of one appointment, if named). */
  auditTrail(principal: StaffPrincipal, appointmentId?: string): Promise<AuditEventEntity[]> {
    return this.appointments.auditTrail(officeOf(principal), appointmentId);
  }

  /**
   * The counsellor a staff member may book for: a counsellor only themself, an admin anyone of
   * their office (another office's counsellor is not found).
   */
  private async bookableCounsellor(
    principal: StaffPrincipal,
    counsellorId: string | undefined,
  ): Promise<string | undefined> {
    if (principal.role === 'admin') {
      if (counsellorId !== undefined) await this.counsellors.get(principal, counsellorId);
      return counsellorId;
    }
    const own = await this.counsellors.forStaff(principal.staffId);
    if (!own || (counsellorId !== undefined && counsellorId !== own.id)) throw notOwnCalendar();
    return own.id;
  }

  /** Free by the roster, regardless of notice and horizon: staff may move appointments at short notice. */
  private async isFree(
    type: ConsultationTypeEntity,
    appointment: AppointmentEntity,
    counsellorId: string,
  ): Promise<boolean> {
    const relaxed: ConsultationTypeEntity = { ...type, minNoticeMinutes: 0, horizonDays: 3650 };
    const availability = await this.slots.availabilityAt(
      relaxed,
      appointment.startsAt,
      { counsellorId },
      appointment.id,
    );
    return availability.kind === 'free';
  }
}
