/**
 * The conversation's shapes: aliases of the types generated from the API's OpenAPI document
 * (api/openapi.ts, `npm run openapi:generate`), so a changed DTO breaks `tsc` here instead of the
 * page in production.
 */
import type { components } from '../api/openapi';

type Schemas = components['schemas'];

/** One message; `mine` is written by the side that reads; `damaged` is shown as such, never as text. */
export type Message = Schemas['MessageDto'];
/** A message's document (null on the message: deleted since). */
export type ConversationDocument = Schemas['MessageDocumentDto'];
/** Messages oldest first (newest at the bottom); `open` false: read-only. */
export type Conversation = Schemas['ConversationDto'];
export type PostMessageRequest = Schemas['PostMessageDto'];
