/** Texts for counsellors and interpreters (staff): German, the office's language, and English. */
export interface StaffTexts {
  booked: { subject: string; lead: string };
  rescheduled: { subject: string; lead: string };
  cancelled: { subject: string; lead: string };
  agenda: { subject: string; lead: string; empty: string; count: string };
  /**
   * The morning digest of unread client messages: counts only, never names or contents (staff
   * mailboxes keep mail longer than we keep client data). {count} a number.
   */
  messagesDigest: {
    subject: string;
    lead: string;
    conversations: { one: string; other: string };
    messages: { one: string; other: string };
    open: string;
    note: string;
  };
  labels: {
    when: string;
    consultation: string;
    language: string;
    interpreter: string;
    open: string;
  };
  footer: string;
  /**
   * To an interpreter about an appointment they interpret in. No client data: the counsellor's
   * name, the time, the type and the language to interpret.
   */
  interpreterNotice: {
    booked: { subject: string; lead: string };
    rescheduled: { subject: string; lead: string };
    cancelled: { subject: string; lead: string };
    labels: { counsellor: string; office: string; interpretLanguage: string };
  };
}

export const STAFF_TEXTS: Record<'de' | 'en', StaffTexts> = {
  de: {
    booked: { subject: 'Neuer Termin: {when}', lead: 'Ein neuer Termin wurde bei Ihnen gebucht.' },
    rescheduled: {
      subject: 'Termin verschoben auf {when}',
      lead: 'Ein Termin wurde verschoben. Die neue Zeit steht unten.',
    },
    cancelled: {
      subject: 'Termin abgesagt: {when}',
      lead: 'Ein Termin wurde abgesagt. Die Zeit ist wieder frei.',
    },
    agenda: {
      subject: 'Ihre Termine am {date}',
      lead: 'Ihre Termine für heute:',
      empty: 'Heute haben Sie keine Termine.',
      count: 'Termine: {count}',
    },
    messagesDigest: {
      subject: 'Ungelesene Nachrichten von Klient:innen',
      lead: 'In Ihrem Posteingang warten ungelesene Nachrichten:',
      conversations: { one: '1 ungelesenes Gespräch', other: '{count} ungelesene Gespräche' },
      messages: { one: '1 Nachricht', other: '{count} Nachrichten' },
      open: 'Posteingang öffnen',
      note: 'Automatische Nachricht von Sprechstunde. Zum Schutz der Klient:innen enthält sie keine Namen und keine Inhalte.',
    },
    labels: {
      when: 'Wann',
      consultation: 'Beratung',
      language: 'Sprache',
      interpreter: 'Dolmetschung gewünscht',
      open: 'In Sprechstunde öffnen',
    },
    footer: 'Automatische Nachricht von Sprechstunde. Zeiten in der Zeitzone {zone}.',
    interpreterNotice: {
      booked: {
        subject: 'Neuer Dolmetscheinsatz: {when}',
        lead: 'Sie wurden für einen Termin als Dolmetscher:in eingeplant.',
      },
      rescheduled: {
        subject: 'Dolmetscheinsatz verschoben auf {when}',
        lead: 'Ein Termin, für den Sie dolmetschen, wurde verschoben. Die neue Zeit steht unten.',
      },
      cancelled: {
        subject: 'Dolmetscheinsatz entfällt: {when}',
        lead: 'Sie werden für diesen Termin nicht mehr gebraucht: Er wurde abgesagt oder anders besetzt.',
      },
      labels: {
        counsellor: 'Beratung durch',
        office: 'Beratungsstelle',
        interpretLanguage: 'Dolmetschen in',
      },
    },
  },
  en: {
    booked: { subject: 'New appointment: {when}', lead: 'A new appointment was booked with you.' },
    rescheduled: {
      subject: 'Appointment moved to {when}',
      lead: 'An appointment was moved. The new time is below.',
    },
    cancelled: {
      subject: 'Appointment cancelled: {when}',
      lead: 'An appointment was cancelled. The time is free again.',
    },
    agenda: {
      subject: 'Your appointments on {date}',
      lead: 'Your appointments today:',
      empty: 'You have no appointments today.',
      count: 'Appointments: {count}',
    },
    messagesDigest: {
      subject: 'Unread messages from clients',
      lead: 'Unread messages are waiting in your inbox:',
      conversations: { one: '1 unread conversation', other: '{count} unread conversations' },
      messages: { one: '1 message', other: '{count} messages' },
      open: 'Open the inbox',
      note: 'Automatic message from Sprechstunde. To protect clients it contains no names and no contents.',
    },
    labels: {
      when: 'When',
      consultation: 'Consultation',
      language: 'Language',
      interpreter: 'Interpreter requested',
      open: 'Open in Sprechstunde',
    },
    footer: 'Automatic message from Sprechstunde. Times in the time zone {zone}.',
    interpreterNotice: {
      booked: {
        subject: 'New interpreting assignment: {when}',
        lead: 'You were booked to interpret in an appointment.',
      },
      rescheduled: {
        subject: 'Interpreting assignment moved to {when}',
        lead: 'An appointment you interpret in was moved. The new time is below.',
      },
      cancelled: {
        subject: 'Interpreting assignment cancelled: {when}',
        lead: 'You are no longer needed for this appointment: it was cancelled or given to someone else.',
      },
      labels: {
        counsellor: 'Counsellor',
        office: 'Office',
        interpretLanguage: 'Interpreting',
      },
    },
  },
};
