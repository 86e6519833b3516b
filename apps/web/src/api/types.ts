/** Shapes of the API's answers that more than one area of the app uses (see /api/docs for all). */

export type Channel = 'video' | 'audio' | 'phone';
export type AppointmentStatus = 'confirmed' | 'cancelled' | 'completed' | 'no_show';
export type StaffRole = 'admin' | 'counsellor';

export interface PublicTopic {
  code: string;
  name: string;
}

export interface PublicConsultationType {
  id: string;
  name: string;
  description: string;
  topic: PublicTopic;
  durationMinutes: number;
  channel: Channel;
}

export interface Slot {
  /** ISO instant with the offset of the requested zone. */
  start: string;
  end: string;
}

export interface SlotSearchResponse {
  timeZone: string;
  counsellors: { id: string; displayName: string; languages: string[] }[];
  slots: Slot[];
}

export interface ClientAppointment {
  id: string;
  status: AppointmentStatus;
  start: string;
  end: string;
  timeZone: string;
  consultationType: { id: string; name: string; channel: Channel; durationMinutes: number };
  counsellor: { displayName: string };
  pseudonym: string;
  language: string;
  contact: { channel: 'email' | 'phone'; value: string };
  note: string | null;
  needsInterpreter: boolean;
  canChange: boolean;
  changeableUntil: string;
  /** From when the call can be joined. */
  joinOpensAt: string;
}

export interface BookingResponse {
  appointment: ClientAppointment;
  manageToken: string;
}

export interface StaffMember {
  id: string;
  email: string;
  displayName: string;
  role: StaffRole;
}

export interface LoginResponse {
  token: string;
  expiresAt: string;
  staff: StaffMember & { active?: boolean };
}
