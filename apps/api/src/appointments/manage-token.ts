import { appointmentNotFound } from '@app/appointments';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The X-Manage-Token header's token; a missing or malformed one gets the same 404 as a wrong one. */
export function manageToken(header: string | string[] | undefined): string {
  if (typeof header !== 'string' || !TOKEN.test(header)) throw appointmentNotFound();
  return header;
}
