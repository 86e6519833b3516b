/**
 * Shapes of the API's answers that more than one area of the app uses. The public client's come
 * from the API's OpenAPI document (openapi.ts, `npm run openapi:generate`), so a changed DTO
 * breaks `tsc` here instead of the booking page in production.
 */
import type { components } from './openapi';

type Schemas = components['schemas'];

export type PublicTopic = Schemas['PublicTopicDto'];
/** With the languages an interpreter can be booked for (`interpreterLanguages`). */
export type PublicConsultationType = Schemas['PublicBookableTypeDto'];
/** ISO instants with the offset of the requested zone. */
export type Slot = Schemas['SlotDto'];
export type SlotSearchResponse = Schemas['SlotSearchResponseDto'];
/** A counselling office as the public directory shows it. */
export type PublicOffice = Schemas['PublicOfficeListingDto'];
/** Every matching office's next free times and the earliest of all (GET /api/public/search). */
export type CrossOfficeSearchResponse = Schemas['CrossOfficeSearchResponseDto'];
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
export type LoginRequest = Schemas['LoginRequestDto'];
export type ChangePasswordRequest = Schemas['ChangePasswordDto'];

/**
 * The answer to "let me in", for the client and the counsellor alike; also the data of the
 * client's event stream, where status "phone" means the counsellor switched to a phone call.
 */
export type JoinAnswer = Schemas['JoinAnswerDto'];
/** What the client's video page needs to know before joining. */
export type ClientVideoStatus = Schemas['ClientVideoStatusDto'];
/** Whether this server has video calls at all (GET /api/public/video). */
export type VideoAvailability = Schemas['VideoAvailabilityDto'];
/** The number to call after switching a video appointment to the phone. */
export type PhoneSwitch = Schemas['PhoneSwitchDto'];
