export * from './appointment-staff.service.js';
export * from './appointment.entity.js';
export * from './appointments.module.js';
export * from './booking-errors.js';
export * from './booking-records.entity.js';
export * from './booking.service.js';
export * from './outbox-relay.service.js';
export * from './retention.service.js';
export type { Actor } from './appointment.repository.js';
