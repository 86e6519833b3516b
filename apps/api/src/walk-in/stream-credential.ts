import { UnauthorizedException } from '@nestjs/common';
import type { KeyRing } from '@app/common';

/** How long a stream credential may be used to open (or reopen) the ticket's event stream. */
export const STREAM_CREDENTIAL_TTL_MS = 2 * 60_000;

/**
 * A short-lived credential for one ticket's event stream. EventSource cannot send headers, so the
 * stream is opened with a URL; the ticket token never goes into one (URLs end up in logs). The
 * credential is the ticket id and an expiry, sealed (AES-256-GCM) under the master key: it names
 * one ticket, cannot be forged or changed, and is useless two minutes later.
 */
export function issueStreamCredential(
  keys: KeyRing,
  ticketId: string,
  now: Date,
): { credential: string; expiresAt: Date } {
  const expiresAt = new Date(now.getTime() + STREAM_CREDENTIAL_TTL_MS);
  const { keyId, sealed } = keys.seal(
    Buffer.from(JSON.stringify({ t: ticketId, e: expiresAt.getTime() })),
  );
  return { credential: `${keyId}~${sealed}`, expiresAt };
}

/** The ticket id of a valid credential; any other gets the same 401. */
export function openStreamCredential(keys: KeyRing, credential: string, now: Date): string {
  try {
    const separator = credential.indexOf('~');
    const payload = JSON.parse(
      keys.open(credential.slice(0, separator), credential.slice(separator + 1)).toString(),
    ) as { t?: unknown; e?: unknown };
    if (typeof payload.t === 'string' && typeof payload.e === 'number' && payload.e > now.getTime())
      return payload.t;
  } catch {
    // Forged, changed, or sealed under a key this server does not have: refused below.
  }
  throw new UnauthorizedException({
    code: 'stream_credential_invalid',
    message: 'The stream credential is invalid or expired; ask for a new one',
  });
}
