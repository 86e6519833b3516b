import { appointmentNotFound } from '@app/appointments';

import { linkToken } from '../auth/link-token.js';

/** The X-Manage-Token header's token; a missing or malformed one gets the same 404 as a wrong one. */
export const manageToken = (header: string | string[] | undefined): string =>
  linkToken(header, appointmentNotFound);
