import type { RequiredContact } from '@app/roster';
import type { ContactChannel } from './appointment.entity.js';

/**
 * The contact channels a client may give for a consultation type. A type that needs a phone number
 * (someone will call) takes only a phone number; otherwise email always, and a phone number (for
 * messages by SMS) only when the office can send SMS at all.
 */
export function contactChannelsFor(
  requiredContact: RequiredContact,
  smsConfigured: boolean,
): ContactChannel[] {
  if (requiredContact === 'phone') return ['phone'];
  return smsConfigured ? ['email', 'phone'] : ['email'];
}

/** Whether the office's messages reach a contact of this channel: email always, SMS only with a gateway. */
export function messagesReach(channel: ContactChannel, smsConfigured: boolean): boolean {
  return channel === 'email' || smsConfigured;
}
