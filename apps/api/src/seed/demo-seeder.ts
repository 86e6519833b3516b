import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { OfficeService, PlatformOfficeService, type OfficeFields } from '@app/offices';
import { ConsultationTypeService, CounsellorService, systemPrincipal } from '@app/roster';
import { OfficeOnboardingService, StaffService, type StaffRole } from '@app/staff';

export interface DemoLogin {
  role: StaffRole;
  email: string;
  displayName: string;
  password: string;
  /** The slug of the account's office; null for the platform admin. */
  office: string | null;
}

type WeeklyHours = [weekday: number, start: string, end: string][];

interface DemoCounsellor {
  email: string;
  displayName: string;
  languages: string[];
  topics: string[];
  hours: WeeklyHours;
}

/** A consultation type, served by the office's counsellors (all, or the first `servedBy`). */
type DemoType = Omit<Parameters<ConsultationTypeService['create']>[1], 'counsellorIds'> & {
  servedBy?: number;
};

interface DemoOffice {
  /** The fields the platform admin sets; zone, holidays, country and retention default to Berlin's. */
  fields: Omit<OfficeFields, 'timeZone' | 'holidayRegion' | 'country' | 'retentionDays'>;
  admin: { email: string; displayName: string };
  counsellors: DemoCounsellor[];
  types: DemoType[];
}

const days = (weekdays: number[], start: string, end: string): WeeklyHours =>
  weekdays.map((weekday) => [weekday, start, end]);

const BERLIN = {
  timeZone: 'Europe/Berlin',
  holidayRegion: 'DE-BE',
  country: 'DE',
  retentionDays: 30,
} as const;

/**
 * Three Berlin offices of different kinds, so the directory is worth looking at on first start: a
 * welcome centre, a migration counselling service of a welfare association, a youth migration
 * service. Each has its languages, topics, hours and staff. The first one is the default office the
 * migration created (updated, so an upgraded database gets no empty extra office).
 */
const DEMO_OFFICES: DemoOffice[] = [
  {
    fields: {
      slug: 'willkommenszentrum',
      name: {
        de: 'Willkommenszentrum Berlin',
        en: 'Welcome Centre Berlin',
        ar: 'مركز الترحيب برلين',
        uk: 'Центр привітання Берлін',
      },
      description: {
        de: 'Erste Anlaufstelle für Neuzugewanderte: Aufenthalt, Arbeit und Leistungen.',
        en: 'First point of contact for newcomers: residence, work and benefits.',
      },
      district: 'Mitte',
      address: 'Potsdamer Straße 65, 10785 Berlin',
      contactEmail: 'willkommenszentrum@demo.sprechstunde.local',
      contactPhone: '+49 30 9017 2326',
      languages: ['de', 'en', 'ar', 'fa', 'uk', 'ru', 'tr'],
      topics: ['residence', 'work', 'benefits', 'general'],
      privacyController: 'Willkommenszentrum Berlin (Demo), Potsdamer Straße 65, 10785 Berlin',
      privacyContact: 'datenschutz@willkommenszentrum.demo.sprechstunde.local',
    },
    admin: { email: 'admin@demo.sprechstunde.local', displayName: 'Demo Admin' },
    counsellors: [
      {
        email: 'amira@demo.sprechstunde.local',
        displayName: 'Amira Haddad',
        languages: ['ar', 'de', 'en'],
        topics: ['residence', 'family', 'general'],
        hours: days([1, 2, 3, 4], '09:00', '13:00'),
      },
      {
        email: 'lesia@demo.sprechstunde.local',
        displayName: 'Lesia Petrenko',
        languages: ['uk', 'ru', 'de'],
        topics: ['residence', 'work', 'housing'],
        hours: days([2, 3, 4, 5], '12:00', '18:00'),
      },
      {
        email: 'jonas@demo.sprechstunde.local',
        displayName: 'Jonas Weber',
        languages: ['de', 'en', 'tr', 'fa'],
        topics: ['work', 'benefits', 'general'],
        hours: days([1, 3, 5], '08:30', '16:30'),
      },
    ],
    types: [
      {
        name: {
          de: 'Erstberatung per Video',
          en: 'First consultation by video',
          ar: 'استشارة أولى عبر الفيديو',
          uk: 'Перша консультація по відео',
        },
        description: {
          de: 'Wir klären Ihre Fragen zu Aufenthalt, Arbeit oder Alltag und zeigen nächste Schritte.',
          en: 'We go through your questions on residence, work or daily life and show the next steps.',
        },
        topic: 'general',
        durationMinutes: 45,
        stepMinutes: 30,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 15,
        minNoticeMinutes: 120,
        horizonDays: 42,
        channel: 'video',
      },
      {
        name: {
          de: 'Kurze Rückfrage per Telefon',
          en: 'Short follow-up by phone',
          ar: 'استفسار قصير عبر الهاتف',
          uk: 'Коротке уточнення телефоном',
        },
        description: {
          de: 'Für eine kurze Frage zu einem laufenden Anliegen.',
          en: 'For a short question about an ongoing matter.',
        },
        topic: 'residence',
        durationMinutes: 20,
        stepMinutes: 20,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 5,
        minNoticeMinutes: 60,
        horizonDays: 21,
        channel: 'phone',
        servedBy: 2,
      },
    ],
  },
  {
    fields: {
      slug: 'mbe-neukoelln',
      name: {
        de: 'Migrationsberatung Neukölln',
        en: 'Migration Counselling Neukölln',
        ar: 'استشارات الهجرة نويكولن',
        tr: 'Neukölln Göç Danışmanlığı',
      },
      description: {
        de: 'Migrationsberatung für Erwachsene: Familie, Gesundheit und Wohnen.',
        en: 'Migration counselling for adults: family, health and housing.',
      },
      district: 'Neukölln',
      address: 'Karl-Marx-Straße 83, 12043 Berlin',
      contactEmail: 'mbe-neukoelln@demo.sprechstunde.local',
      contactPhone: '+49 30 6809 1234',
      languages: ['ar', 'tr', 'de', 'ku', 'fa'],
      topics: ['family', 'health', 'housing'],
      privacyController: 'Migrationsberatung Neukölln (Demo), Karl-Marx-Straße 83, 12043 Berlin',
      privacyContact: 'datenschutz@mbe-neukoelln.demo.sprechstunde.local',
    },
    admin: { email: 'admin.neukoelln@demo.sprechstunde.local', displayName: 'Selin Kaya' },
    counsellors: [
      {
        email: 'yusuf@demo.sprechstunde.local',
        displayName: 'Yusuf Demir',
        languages: ['tr', 'ku', 'de'],
        topics: ['family', 'housing'],
        hours: days([1, 2, 4], '10:00', '16:00'),
      },
      {
        email: 'rana@demo.sprechstunde.local',
        displayName: 'Rana Al-Sayed',
        languages: ['ar', 'de', 'en'],
        topics: ['family', 'health'],
        hours: days([2, 3, 5], '09:00', '14:00'),
      },
      {
        email: 'parisa@demo.sprechstunde.local',
        displayName: 'Parisa Ahmadi',
        languages: ['fa', 'de'],
        topics: ['housing', 'health'],
        hours: days([1, 3, 4], '13:00', '18:00'),
      },
    ],
    types: [
      {
        name: {
          de: 'Familienberatung per Video',
          en: 'Family counselling by video',
          ar: 'استشارة عائلية عبر الفيديو',
          tr: 'Görüntülü aile danışmanlığı',
        },
        description: {
          de: 'Familiennachzug, Kita und Schule, Kindergeld: wir beraten Sie und Ihre Familie.',
          en: 'Family reunification, childcare and school, child benefit: we advise you and your family.',
        },
        topic: 'family',
        durationMinutes: 60,
        stepMinutes: 30,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 15,
        minNoticeMinutes: 240,
        horizonDays: 28,
        channel: 'video',
      },
      {
        name: {
          de: 'Wohnungssuche und Mietfragen',
          en: 'Finding a flat and tenancy questions',
          ar: 'البحث عن سكن وأسئلة الإيجار',
          tr: 'Ev arama ve kira soruları',
        },
        description: {
          de: 'Wohnberechtigungsschein, Mietvertrag, Probleme mit dem Vermieter.',
          en: 'Housing entitlement certificate, tenancy agreement, trouble with the landlord.',
        },
        topic: 'housing',
        durationMinutes: 30,
        stepMinutes: 30,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 10,
        minNoticeMinutes: 120,
        horizonDays: 21,
        channel: 'audio',
      },
    ],
  },
  {
    fields: {
      slug: 'jmd-spandau',
      name: {
        de: 'Jugendmigrationsdienst Spandau',
        en: 'Youth Migration Service Spandau',
        uk: 'Молодіжна міграційна служба Шпандау',
        ru: 'Молодёжная миграционная служба Шпандау',
      },
      description: {
        de: 'Für junge Menschen von 12 bis 27: Deutsch lernen, Schule, Ausbildung und Arbeit.',
        en: 'For young people aged 12 to 27: learning German, school, training and work.',
      },
      district: 'Spandau',
      address: null,
      contactEmail: 'jmd-spandau@demo.sprechstunde.local',
      contactPhone: null,
      languages: ['uk', 'ru', 'de', 'en'],
      topics: ['language', 'work'],
      privacyController: 'Jugendmigrationsdienst Spandau (Demo), Berlin',
      privacyContact: 'datenschutz@jmd-spandau.demo.sprechstunde.local',
    },
    admin: { email: 'admin.spandau@demo.sprechstunde.local', displayName: 'Tobias Krüger' },
    counsellors: [
      {
        email: 'olena@demo.sprechstunde.local',
        displayName: 'Olena Kovalenko',
        languages: ['uk', 'ru', 'de'],
        topics: ['language', 'work'],
        hours: days([1, 2, 3, 4, 5], '14:00', '19:00'),
      },
      {
        email: 'max@demo.sprechstunde.local',
        displayName: 'Max Hoffmann',
        languages: ['de', 'en', 'uk'],
        topics: ['work', 'language'],
        hours: days([2, 4], '10:00', '18:00'),
      },
    ],
    types: [
      {
        name: {
          de: 'Deutschkurs finden',
          en: 'Finding a German course',
          uk: 'Знайти курс німецької',
          ru: 'Найти курс немецкого',
        },
        description: {
          de: 'Welcher Kurs passt zu Ihnen, und wie wird er bezahlt?',
          en: 'Which course suits you, and how is it paid for?',
        },
        topic: 'language',
        durationMinutes: 30,
        stepMinutes: 30,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 10,
        minNoticeMinutes: 60,
        horizonDays: 28,
        channel: 'video',
      },
      {
        name: {
          de: 'Ausbildung und erster Job',
          en: 'Vocational training and first job',
          uk: 'Навчання та перша робота',
          ru: 'Профобучение и первая работа',
        },
        description: {
          de: 'Bewerbung, Ausbildungsplatz, Anerkennung von Zeugnissen.',
          en: 'Applications, training places, recognition of certificates.',
        },
        topic: 'work',
        durationMinutes: 45,
        stepMinutes: 15,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 15,
        minNoticeMinutes: 120,
        horizonDays: 35,
        channel: 'video',
      },
    ],
  },
];

const PLATFORM_ADMIN = {
  email: 'platform@demo.sprechstunde.local',
  displayName: 'Demo Platform Admin',
};

const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));

const demoPassword = (): string => randomBytes(12).toString('base64url');

/**
 * Seeds the demo into an empty database: a platform admin and three offices (see DEMO_OFFICES),
 * each with its admin, counsellors with languages, topics and weekly hours, and consultation types.
 * Offices are made the way the platform admin makes them (office and first admin together, audited).
 * Passwords are random per installation, so a demo that is reachable by others is not open to
 * anyone who has read this file.
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    private readonly staff: StaffService,
    private readonly onboarding: OfficeOnboardingService,
    private readonly platformOffices: PlatformOfficeService,
    private readonly counsellors: CounsellorService,
    private readonly types: ConsultationTypeService,
    private readonly offices: OfficeService,
  ) {}

  /** Seeds only when there is no staff account at all; returns the logins created, or [] if it did nothing. */
  async seedIfEmpty(): Promise<DemoLogin[]> {
    if ((await this.staff.count()) > 0) return [];
    const platformLogin: DemoLogin = {
      role: 'platform_admin',
      ...PLATFORM_ADMIN,
      password: demoPassword(),
      office: null,
    };
    const platform = await this.staff.createPlatformAdmin(platformLogin);
    const logins: DemoLogin[] = [];
    let counsellors = 0;
    for (const [index, demo] of DEMO_OFFICES.entries()) {
      const officeId =
        index === 0
          ? await this.adoptDefaultOffice(platform.id, demo, logins)
          : await this.createOffice(platform.id, demo, logins);
      counsellors += await this.staffOffice(officeId, demo, logins);
    }
    logins.push(platformLogin);
    this.logger.log(
      { offices: DEMO_OFFICES.length, accounts: logins.length, counsellors },
      'seeded the demo offices',
    );
    return logins;
  }

  /**
   * The default office (from the migration, holding any earlier data) becomes the first demo
   * office; its zone, holiday region, country and retention stay as configured.
   */
  private async adoptDefaultOffice(
    platformId: string,
    demo: DemoOffice,
    logins: DemoLogin[],
  ): Promise<string> {
    const { id } = await this.offices.getDefault();
    await this.platformOffices.update(platformId, id, demo.fields);
    const password = demoPassword();
    await this.staff.create({ ...demo.admin, role: 'admin', password, officeId: id });
    logins.push({ role: 'admin', ...demo.admin, password, office: demo.fields.slug });
    return id;
  }

  private async createOffice(
    platformId: string,
    demo: DemoOffice,
    logins: DemoLogin[],
  ): Promise<string> {
    const password = demoPassword();
    const { officeId } = await this.onboarding.create(
      platformId,
      { ...BERLIN, ...demo.fields },
      { ...demo.admin, password },
    );
    logins.push({ role: 'admin', ...demo.admin, password, office: demo.fields.slug });
    return officeId;
  }

  /** The office's counsellors (each with a login), their weekly hours and the office's types. */
  private async staffOffice(
    officeId: string,
    demo: DemoOffice,
    logins: DemoLogin[],
  ): Promise<number> {
    // No one is logged in while the empty database is seeded: the system acts as the office's admin.
    const system = systemPrincipal(officeId);
    const counsellorIds: string[] = [];
    for (const member of demo.counsellors) {
      const password = demoPassword();
      const account = await this.staff.create({
        email: member.email,
        displayName: member.displayName,
        role: 'counsellor',
        password,
        officeId,
      });
      logins.push({
        role: 'counsellor',
        email: member.email,
        displayName: member.displayName,
        password,
        office: demo.fields.slug,
      });
      const counsellor = await this.counsellors.create(system, {
        displayName: member.displayName,
        languages: member.languages,
        topics: member.topics,
        staffId: account.id,
      });
      counsellorIds.push(counsellor.id);
      for (const [weekday, start, end] of member.hours) {
        await this.counsellors.addRule(system, counsellor.id, {
          weekday,
          startMinute: minutes(start),
          endMinute: minutes(end),
        });
      }
    }
    for (const { servedBy, ...type } of demo.types) {
      await this.types.create(officeId, {
        ...type,
        counsellorIds: counsellorIds.slice(0, servedBy ?? counsellorIds.length),
      });
    }
    return counsellorIds.length;
  }
}

export function formatDemoLogins(logins: DemoLogin[], url: string): string {
  const width = (values: string[]) => Math.max(...values.map((value) => value.length));
  const officeOf = (login: DemoLogin) => login.office ?? '(platform)';
  const roleWidth = width(logins.map((login) => login.role));
  const officeWidth = width(logins.map(officeOf));
  const emailWidth = width(logins.map((login) => login.email));
  return [
    '',
    'Demo offices created. Log in at ' + url + ' with:',
    ...logins.map(
      (login) =>
        `  ${officeOf(login).padEnd(officeWidth)}  ${login.role.padEnd(roleWidth)}  ${login.email.padEnd(emailWidth)}  ${login.password}`,
    ),
    '',
  ].join('\n');
}
