import type { NotificationTexts } from './types.js';

export const de: NotificationTexts = {
  languageName: 'Deutsch',
  direction: 'ltr',
  machineTranslated: false,
  greeting: 'Hallo {name},',
  confirmation: {
    subject: 'Ihr Termin ist gebucht: {when}',
    lead: 'Ihr Termin für „{type}“ ist gebucht. Mit der angehängten Kalenderdatei tragen Sie ihn in Ihr Telefon oder Ihren Computer ein.',
    sms: 'Ihr Termin „{type}“ ist gebucht für {when}. Hier verwalten:',
  },
  reminder: {
    subject: 'Erinnerung: Ihr Termin am {when}',
    lead: 'wir erinnern Sie an Ihren Termin für „{type}“. Bitte seien Sie einige Minuten vorher bereit, an einem ruhigen Ort.',
    sms: 'Erinnerung: Ihr Termin „{type}“ ist am {when}. Hier teilnehmen:',
  },
  rescheduled: {
    subject: 'Ihr Termin hat eine neue Zeit: {when}',
    lead: 'Ihr Termin für „{type}“ wurde verschoben. Die neue Zeit steht unten; die alte Zeit gilt nicht mehr.',
    sms: 'Ihr Termin „{type}“ wurde verschoben auf {when}. Details:',
  },
  cancelled: {
    subject: 'Ihr Termin am {when} ist abgesagt',
    lead: 'Ihr Termin für „{type}“ wurde abgesagt. Sie können jederzeit einen neuen Termin buchen.',
    sms: 'Ihr Termin „{type}“ am {when} ist abgesagt. Neu buchen:',
  },
  switchedToPhone: {
    subject: 'Ihr Termin am {when} findet telefonisch statt',
    lead: 'Ihr Termin für „{type}“ findet als Telefongespräch statt, nicht als Videogespräch. Ihre Beraterin oder Ihr Berater ruft Sie am {when} unter der Telefonnummer an, die Sie uns gegeben haben. Bitte halten Sie Ihr Telefon eingeschaltet bereit.',
    sms: 'Ihr Termin „{type}“ am {when} findet telefonisch statt: Wir rufen Sie zu dieser Zeit unter dieser Nummer an. Details:',
  },
  newMessage: {
    subject: 'Neue Nachricht von {office}',
    lead: 'Sie haben eine neue Nachricht von {office}.',
    privacy:
      'Zum Schutz Ihrer Daten steht die Nachricht nicht in dieser Benachrichtigung. Bitte lesen Sie sie über den Link.',
    open: 'Nachricht lesen',
    sms: 'Sie haben eine neue Nachricht von {office}. Hier lesen:',
    chat: 'Sie haben eine neue Nachricht. Hier lesen:',
  },
  labels: {
    when: 'Wann',
    consultation: 'Beratung',
    counsellor: 'Beraterin/Berater',
    channelVideo: 'Videogespräch',
    channelAudio: 'Audiogespräch',
    channelPhone: 'Telefongespräch',
    phoneNumber: 'Wir rufen an unter',
    timeZoneNote: 'Alle Zeiten in der Zeitzone {zone}.',
    office: 'Beratungsstelle',
    officeContact: 'Kontakt',
  },
  actions: {
    manage: 'Termin ansehen, verschieben oder absagen',
    join: 'Am Gespräch teilnehmen',
    joinHint:
      'Das Gespräch öffnet {minutes} Minuten vor Beginn. Nutzen Sie denselben Link zur Teilnahme.',
    bookAgain: 'Neuen Termin buchen',
  },
  calendar: {
    summary: 'Beratung: {type}',
    description:
      'Ihr Beratungstermin. Zum Teilnehmen, Verschieben oder Absagen nutzen Sie den Link in unserer Nachricht an Sie. Buchungsseite der Beratungsstelle: {page}',
    cancelled:
      'Dieser Beratungstermin ist abgesagt. Einen neuen Termin buchen Sie auf der Buchungsseite der Beratungsstelle: {page}',
    office: 'Beratungsstelle: {office}. Datenschutzhinweise: {privacy}',
  },
  footer: {
    privacy:
      'Wir speichern nur, was für Ihren Termin nötig ist, und löschen Ihre Angaben {days} Tage danach. Bitte senden Sie keine Dokumente per E-Mail.',
    privacyNotice: 'Datenschutzhinweise von {office}',
    noReply: 'Diese Nachricht wurde automatisch versendet. Antworten werden nicht gelesen.',
  },
};
