import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { OfficeService } from '@app/offices';
import { ConsultationTypeService, CounsellorService, systemPrincipal } from '@app/roster';
import { StaffService, type StaffRole } from '@app/staff';

export interface DemoLogin {
  role: StaffRole;
  email: string;
  displayName: string;
  password: string;
}

/** The demo office's staff: an admin and three counsellors with different languages. */
const DEMO_COUNSELLORS: Record<
  string,
  { languages: string[]; topics: string[]; hours: [number, string, string][] }
> = {
  'amira@demo.sprechstunde.local': {
    languages: ['ar', 'de', 'en'],
    topics: ['residence', 'family', 'general'],
    hours: [1, 2, 3, 4].map((weekday) => [weekday, '09:00', '13:00'] as [number, string, string]),
  },
  'lesia@demo.sprechstunde.local': {
    languages: ['uk', 'ru', 'de'],
    topics: ['residence', 'work', 'housing'],
    hours: [2, 3, 4, 5].map((weekday) => [weekday, '12:00', '18:00'] as [number, string, string]),
  },
  'jonas@demo.sprechstunde.local': {
    languages: ['de', 'en', 'tr', 'fa'],
    topics: ['work', 'benefits', 'general'],
    hours: [1, 3, 5].map((weekday) => [weekday, '08:30', '16:30'] as [number, string, string]),
  },
};

const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));

const DEMO_STAFF: Omit<DemoLogin, 'password'>[] = [
  { role: 'admin', email: 'admin@demo.sprechstunde.local', displayName: 'Demo Admin' },
  { role: 'counsellor', email: 'amira@demo.sprechstunde.local', displayName: 'Amira Haddad' },
  { role: 'counsellor', email: 'lesia@demo.sprechstunde.local', displayName: 'Lesia Petrenko' },
  { role: 'counsellor', email: 'jonas@demo.sprechstunde.local', displayName: 'Jonas Weber' },
];

/**
 * Seeds a small demo office into an empty database: an admin, three counsellors with their
 * languages, topics and weekly hours, and two consultation types. Passwords are random per installation, so a
 * demo that is reachable by others is not open to anyone who has read this file.
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    private readonly staff: StaffService,
    private readonly counsellors: CounsellorService,
    private readonly types: ConsultationTypeService,
    private readonly offices: OfficeService,
  ) {}

  /** Seeds only when there is no staff account at all; returns the logins created, or [] if it did nothing. */
  async seedIfEmpty(): Promise<DemoLogin[]> {
    if ((await this.staff.count()) > 0) return [];
    // Everything goes into the default office, the one the migration created.
    const { id: officeId } = await this.offices.getDefault();
    // No one is logged in while the empty database is seeded: the system acts as the office's admin.
    const system = systemPrincipal(officeId);
    const logins: DemoLogin[] = [];
    const counsellorIds: string[] = [];
    for (const member of DEMO_STAFF) {
      const password = randomBytes(12).toString('base64url');
      const account = await this.staff.create({ ...member, password, officeId });
      logins.push({ ...member, password });
      const profile = DEMO_COUNSELLORS[member.email];
      if (!profile) continue;
      const counsellor = await this.counsellors.create(system, {
        displayName: member.displayName,
        languages: profile.languages,
        topics: profile.topics,
        staffId: account.id,
      });
      counsellorIds.push(counsellor.id);
      for (const [weekday, start, end] of profile.hours) {
        await this.counsellors.addRule(system, counsellor.id, {
          weekday,
          startMinute: minutes(start),
          endMinute: minutes(end),
        });
      }
    }
    await this.types.create(officeId, {
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
      counsellorIds,
    });
    await this.types.create(officeId, {
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
      counsellorIds: counsellorIds.slice(0, 2),
    });
    this.logger.log(
      { accounts: logins.length, counsellors: counsellorIds.length },
      'seeded the demo office',
    );
    return logins;
  }
}

export function formatDemoLogins(logins: DemoLogin[], url: string): string {
  const width = Math.max(...logins.map((login) => login.email.length));
  return [
    '',
    'Demo office created. Log in at ' + url + ' with:',
    ...logins.map(
      (login) => `  ${login.role.padEnd(10)} ${login.email.padEnd(width)}  ${login.password}`,
    ),
    '',
  ].join('\n');
}
