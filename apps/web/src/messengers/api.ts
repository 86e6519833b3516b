import { useQuery } from '@tanstack/react-query';
import { request, type RequestOptions } from '../api/client';
import type { components } from '../api/openapi';
import { ticketHeaders } from '../walkin/logic';

type Schemas = components['schemas'];

export type MessengerName = Schemas['MessengerLinkRequestDto']['channel'];
/** The messengers this server offers, and those whose chat gets the messages now. */
export type MessengerBindings = Schemas['MessengerBindingsDto'];
/** A deep link into the chat with our bot, carrying a one-time code. */
export type MessengerLink = Schemas['MessengerLinkDto'];

/** The order the buttons are shown in, whatever order the server lists them in. */
export const MESSENGERS: readonly MessengerName[] = ['telegram', 'viber', 'whatsapp'];

/**
 * Whose messages go to the messenger: an appointment (its manage link's token) or a walk-in ticket
 * (its ticket token). Both APIs answer the same shapes under their own path and header.
 */
export type MessengerOwner =
  { kind: 'appointment'; manageToken: string } | { kind: 'ticket'; ticketToken: string };

function path(owner: MessengerOwner): string {
  return owner.kind === 'appointment'
    ? '/api/public/manage/messengers'
    : '/api/public/walk-in/ticket/messengers';
}

function credentials(owner: MessengerOwner): Pick<RequestOptions, 'manageToken' | 'headers'> {
  return owner.kind === 'appointment'
    ? { manageToken: owner.manageToken }
    : { headers: ticketHeaders(owner.ticketToken) };
}

export function messengersKey(owner: MessengerOwner) {
  return [
    'messengers',
    owner.kind,
    owner.kind === 'appointment' ? owner.manageToken : owner.ticketToken,
  ] as const;
}

/**
 * The chats bound to this appointment or ticket. Read again when the page comes back into view:
 * the client usually returns from the messenger app after tapping Start there.
 */
export function useMessengerBindings(owner: MessengerOwner, enabled = true) {
  return useQuery({
    enabled,
    queryKey: messengersKey(owner),
    queryFn: ({ signal }) =>
      request<MessengerBindings>(path(owner), { ...credentials(owner), signal }),
    staleTime: 0,
    refetchOnWindowFocus: true,
    retry: false,
  });
}

/** A fresh one-time link into the messenger's chat with our bot (valid 30 minutes, once). */
export function requestMessengerLink(
  owner: MessengerOwner,
  channel: MessengerName,
): Promise<MessengerLink> {
  return request<MessengerLink>(path(owner), {
    ...credentials(owner),
    method: 'POST',
    body: { channel } satisfies Schemas['MessengerLinkRequestDto'],
  });
}

/** Stops the messages in one messenger (the server deletes the chat id); answers the bindings left. */
export function stopMessenger(
  owner: MessengerOwner,
  channel: MessengerName,
): Promise<MessengerBindings> {
  return request<MessengerBindings>(`${path(owner)}/${encodeURIComponent(channel)}`, {
    ...credentials(owner),
    method: 'DELETE',
  });
}
