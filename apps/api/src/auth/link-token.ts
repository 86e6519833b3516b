/** A link's token as generateToken makes it: 32 random bytes, base64url. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The token a client's link carries, from its header (manage, ticket, waitlist, survey, guest
 * links): a missing or malformed one is answered as `unknown` answers a wrong one, so that its
 * shape tells nothing either.
 */
export function linkToken(header: string | string[] | undefined, unknown: () => Error): string {
  if (typeof header !== 'string' || !TOKEN.test(header)) throw unknown();
  return header;
}
