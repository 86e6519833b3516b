/** What the notices need to know about a stored message (ids and times only, never the text). */
export interface MessagePostedInput {
  conversationId: string;
  officeId: string;
  appointmentId: string | null;
  ticketId: string | null;
  author: 'client' | 'counsellor';
  at: Date;
}

/** Tells the other side that a message is waiting (ConversationNotices in @app/notifications). */
export interface ConversationNoticesPort {
  messagePosted(input: MessagePostedInput): Promise<void>;
}

export const CONVERSATION_NOTICES = Symbol('CONVERSATION_NOTICES');
