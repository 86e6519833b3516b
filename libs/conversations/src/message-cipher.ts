import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Where a sealed text belongs: its conversation, its message and the side that wrote it. */
export interface MessagePlace {
  conversationId: string;
  messageId: string;
  author: 'client' | 'counsellor';
}

/** The associated data: a ciphertext opens only in the place it was sealed for. */
const placeOf = (place: MessagePlace): Buffer =>
  Buffer.from(`${place.conversationId}|${place.messageId}|${place.author}`);

/**
 * A message text sealed with its conversation's key: IV ‖ tag ‖ AES-256-GCM ciphertext, with
 * conversation id, message id and author as associated data, so that a ciphertext copied onto
 * another message, or a message passed off as the other side's, fails to open.
 */
export function sealMessage(key: Buffer, place: MessagePlace, text: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(placeOf(place));
  const ciphertext = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
}

/** The text; throws when the ciphertext, its tag or its place do not authenticate. */
export function openMessage(key: Buffer, place: MessagePlace, sealed: Buffer): string {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error('sealed message too short');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(placeOf(place));
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([
    decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)),
    decipher.final(),
  ]).toString('utf8');
}
