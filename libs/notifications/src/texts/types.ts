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

export interface NotificationTexts {
  /** The language's own name, shown in the footer. */
  languageName: string;
  direction: 'ltr' | 'rtl';
  /** True where a human translator has not reviewed the text yet. */
  machineTranslated: boolean;
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
}
