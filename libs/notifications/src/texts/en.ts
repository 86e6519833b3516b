import type { NotificationTexts } from './types.js';

export const en: NotificationTexts = {
  languageName: 'English',
  direction: 'ltr',
  machineTranslated: false,
  greeting: 'Hello {name},',
  confirmation: {
    subject: 'Your appointment is booked: {when}',
    lead: 'your appointment for "{type}" is booked. The calendar file attached adds it to your phone or computer.',
    sms: 'Your appointment "{type}" is booked for {when}. Manage it here:',
  },
  reminder: {
    subject: 'Reminder: your appointment on {when}',
    lead: 'this is a reminder of your appointment for "{type}". Please be ready a few minutes early, in a quiet place.',
    sms: 'Reminder: your appointment "{type}" is on {when}. Join here:',
  },
  rescheduled: {
    subject: 'Your appointment has a new time: {when}',
    lead: 'your appointment for "{type}" has been moved. The new time is below; the old time is no longer valid.',
    sms: 'Your appointment "{type}" has moved to {when}. Details:',
  },
  cancelled: {
    subject: 'Your appointment on {when} is cancelled',
    lead: 'your appointment for "{type}" has been cancelled. You can book a new appointment at any time.',
    sms: 'Your appointment "{type}" on {when} is cancelled. Book again:',
  },
  switchedToPhone: {
    subject: 'Your appointment on {when} will be a phone call',
    lead: 'your appointment for "{type}" will be a phone call instead of a video call. The counsellor will call you at {when} on the phone number you gave us. Please keep your phone with you and switched on.',
    sms: 'Your appointment "{type}" on {when} will be a phone call: the counsellor will call you on this number at that time. Details:',
  },
  newMessage: {
    subject: 'New message from {office}',
    lead: 'You have a new message from {office}.',
    privacy:
      'To protect your privacy, the message itself is not in this notice. Please read it using the link.',
    open: 'Read the message',
    sms: 'You have a new message from {office}. Read it here:',
    chat: 'You have a new message. Read it here:',
  },
  labels: {
    when: 'When',
    consultation: 'Consultation',
    counsellor: 'Counsellor',
    channelVideo: 'Video call',
    channelAudio: 'Audio call',
    channelPhone: 'Phone call',
    phoneNumber: 'We will call',
    timeZoneNote: 'Times are shown in the time zone {zone}.',
    office: 'Counselling office',
    officeContact: 'Contact',
  },
  actions: {
    manage: 'View, move or cancel your appointment',
    join: 'Join the call',
    joinHint: 'The call opens {minutes} minutes before the start. Use the same link to join.',
    bookAgain: 'Book a new appointment',
  },
  calendar: {
    summary: 'Counselling: {type}',
    description:
      "Your counselling appointment. To join, move or cancel it, use the link in the message we sent you. The office's booking page: {page}",
    cancelled:
      "This counselling appointment is cancelled. You can book a new one on the office's booking page: {page}",
    office: 'Counselling office: {office}. Privacy notice: {privacy}',
  },
  footer: {
    privacy:
      'We keep only what is needed for your appointment and delete your details {days} days after it. Please do not send documents by email.',
    privacyNotice: 'Privacy notice of {office}',
    noReply: 'This message was sent automatically. Replies are not read.',
  },
};
