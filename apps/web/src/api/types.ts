/**
 * Shapes of the API's answers that more than one area of the app uses. The public client's come
 * from the API's OpenAPI document (openapi.ts, `npm run openapi:generate`), so a changed DTO
 * breaks `tsc` here instead of the booking page in production.
 */
import type { components } from './openapi';

type Schemas = components['schemas'];

export type PublicTopic = Schemas['PublicTopicDto'];
export type PublicConsultationType = Schemas['PublicConsultationTypeDto'];
/** ISO instants with the offset of the requested zone. */
export type Slot = Schemas['SlotDto'];
export type SlotSearchResponse = Schemas['SlotSearchResponseDto'];
export type ClientAppointment = Schemas['ClientAppointmentDto'];
export type BookingResponse = Schemas['BookingResponseDto'];
/** The bodies the client sends: booking and moving an appointment. */
export type BookingRequest = Schemas['BookAppointmentDto'];
export type RescheduleRequest = Schemas['RescheduleDto'];

export type Channel = PublicConsultationType['channel'];
/** The contact a consultation type needs: any channel, or a phone number to be called. */
export type RequiredContact = Schemas['ConsultationTypeResponseDto']['requiredContact'];
export type ContactChannel = ClientAppointment['contact']['channel'];
export type AppointmentStatus = ClientAppointment['status'];
export type StaffRole = Schemas['StaffResponseDto']['role'];

/** The logged-in staff member (GET /api/auth/me). */
export type StaffMember = Schemas['MeResponseDto'];
export type LoginResponse = Schemas['LoginResponseDto'];
