/** Texts for counsellors (staff): German, the office's language, and English. */
export interface StaffTexts {
  booked: { subject: string; lead: string };
  rescheduled: { subject: string; lead: string };
  cancelled: { subject: string; lead: string };
  agenda: { subject: string; lead: string; empty: string; count: string };
  labels: {
    when: string;
    consultation: string;
    language: string;
    interpreter: string;
    open: string;
  };
  footer: string;
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
    labels: {
      when: 'Wann',
      consultation: 'Beratung',
      language: 'Sprache',
      interpreter: 'Dolmetschung gewünscht',
      open: 'In Sprechstunde öffnen',
    },
    footer: 'Automatische Nachricht von Sprechstunde. Zeiten in der Zeitzone {zone}.',
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
    labels: {
      when: 'When',
      consultation: 'Consultation',
      language: 'Language',
      interpreter: 'Interpreter requested',
      open: 'Open in Sprechstunde',
    },
    footer: 'Automatic message from Sprechstunde. Times in the time zone {zone}.',
  },
};
