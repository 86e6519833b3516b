/**
 * The texts of every notification, one catalogue per language. Placeholders in braces are filled
 * by the renderer: {name} the client's pseudonym, {type} the consultation type, {when} the date and
 * time, {zone} the time-zone name, {counsellor} the counsellor's display name, {count} a number,
 * {date} a date, {days} the retention period in days, {minutes} how early the call opens, {page} the office's booking page, {office} the office's name, {privacy} the address of its privacy notice. Values are inserted as text (HTML-escaped in the HTML part).
 */
export interface ClientMessageTexts {
  subject: string;
  /** First paragraph under the greeting. */
  lead: string;
  /** SMS: one short line, without the link (the renderer appends it). */
  sms: string;
}

/**
 * One language's file in locales/<language>.json (the format Weblate calls "i18next JSON" /
 * "JSON nested"; German is the base file): every text, nothing else. Direction and review status
 * are not translators' business: they come from CLIENT_LANGUAGES and translation-status.json.
 */
export interface NotificationCatalogue {
  /** The language's own name, shown in the footer. */
  languageName: string;
  greeting: string;
  confirmation: ClientMessageTexts;
  reminder: ClientMessageTexts;
  rescheduled: ClientMessageTexts;
  cancelled: ClientMessageTexts;
  /** The counsellor will phone the client instead of the video call. */
  switchedToPhone: ClientMessageTexts;
  /**
   * A counsellor wrote in the conversation. Never the message itself: mailboxes, phones and
   * messenger servers keep notices long after our retention period. {office} the office's name.
   */
  /**
   * After a consultation that took place: the link to the anonymous feedback survey. {office} the
   * office's name. The mail offers the first question's answers (1 to 5) as links of their own.
   */
  survey: ClientMessageTexts & {
    /** The first question, with what 1 and 5 mean. */
    question: string;
    /** The label beside 1 and beside 5. */
    notAtAll: string;
    very: string;
    /** The link's label (without an answer chosen). */
    open: string;
    /** Anonymous, once, 14 days. */
    anonymous: string;
    /** A messenger chat's line: the office is named above it already. */
    chat: string;
  };
  newMessage: ClientMessageTexts & {
    /** Why the message is not in the notice. */
    privacy: string;
    /** The link's label. */
    open: string;
    /** A messenger chat's line: the office is named above it already. */
    chat: string;
  };
  labels: {
    when: string;
    consultation: string;
    counsellor: string;
    channelVideo: string;
    channelAudio: string;
    channelPhone: string;
    /** Beside the number the counsellor will call. */
    phoneNumber: string;
    timeZoneNote: string;
    /** The counselling office the appointment is with (each office is its own organisation). */
    office: string;
    /** Beside the office's email address or phone number. */
    officeContact: string;
  };
  actions: {
    manage: string;
    join: string;
    joinHint: string;
    bookAgain: string;
  };
  calendar: {
    /** Title of the calendar entry. */
    summary: string;
    /**
     * Calendars sync to other services, so the entry never carries the manage link: it points to
     * the booking page ({page}) and tells where the link is (the message itself).
     */
    description: string;
    /** The description of a cancelled entry. */
    cancelled: string;
    /** A line below either description: whose appointment it is, and where its privacy notice is. */
    office: string;
  };
  footer: {
    privacy: string;
    /** The label of the link to the office's privacy notice: the office is the data controller. */
    privacyNotice: string;
    noReply: string;
  };
  /**
   * "A time has become free for you": {type} the consultation, {when} the time offered, {until}
   * the end of the hold (both in the office's zone), {office} its name.
   */
  waitlistOffer: {
    subject: string;
    lead: string;
    held: string;
    sms: string;
    open: string;
    office: string;
    noReply: string;
    privacyNotice: string;
  };
  /**
   * The two walk-in messages: {label} the number to say aloud, {place} the place in the queue,
   * {min}–{max} the wait in minutes, {hour} and {office} the names.
   */
  walkIn: {
    soon: { subject: string; lead: string; estimate: string; noEstimate: string; sms: string };
    turn: { subject: string; lead: string; sms: string };
    open: string;
    office: string;
    noReply: string;
    privacyNotice: string;
  };
}

/** A language's texts as the renderers use them. */
export interface NotificationTexts extends NotificationCatalogue {
  direction: 'ltr' | 'rtl';
  /** True where a human translator has not reviewed the text yet (translation-status.json). */
  machineTranslated: boolean;
}
