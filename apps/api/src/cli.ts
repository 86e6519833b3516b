import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CommonModule } from '@app/common';
import { ConfigModule, ConfigValidationError, loadConfig, type AppConfig } from '@app/config';
import {
  DatabaseModule,
  diffSchema,
  generateMigration,
  openDatabase,
  revertLastMigration,
  runMigrations,
} from '@app/database';
import { ConversationKeys, ConversationKeysModule } from '@app/conversations';
import { DocumentService, DocumentsModule } from '@app/documents';
import { OfficeService } from '@app/offices';
import { RosterModule } from '@app/roster';
import { TelegramPlatform, ViberPlatform } from '@app/messengers';
import { whatsappTemplates } from '@app/notifications';
import { StaffModule, StaffService } from '@app/staff';
import { E2eeKeyService, VideoKeysModule } from '@app/video';
import { DemoSeeder, formatDemoLogins } from './seed/demo-seeder.js';
import { PASSWORD_MIN_LENGTH } from './staff/staff.dto.js';

const MIGRATIONS_DIR = fileURLToPath(
  new URL('../../../../libs/database/src/migrations', import.meta.url),
);

const USAGE = `Usage: node dist/apps/api/src/cli.js <command>
  migration:run                 apply pending migrations
  migration:revert              revert the most recent migration
  migration:generate <Name>     write a migration for the difference between entities and database
  migration:check               exit 1 if the entities differ from the migrated database
  seed:demo                     seed the demo office into an empty database
  keys:rotate                   after a new DATA_ENCRYPTION_KEY (old one in DATA_ENCRYPTION_KEYS_PREVIOUS):
                                re-wrap document and conversation keys and re-seal E2EE keys under it
  admin:create --email E --name N [--password-stdin]
                                create an admin of the default office; without --password-stdin
                                a password is generated
  platform-admin:create --email E --name N [--password-stdin]
                                create a platform admin (runs the instance and its offices, belongs
                                to none); password as for admin:create
  messengers:whatsapp-templates print the WhatsApp message templates the code sends (all kinds
                                and languages) as JSON for Meta's message_templates API
  messengers:register-webhooks  tell Telegram and Viber (those configured) our webhook URLs
                                under PUBLIC_BASE_URL`;

@Module({})
class CliModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(config),
        CommonModule,
        DatabaseModule.forRoot(databaseUrl, 2),
        StaffModule,
        RosterModule,
        DocumentsModule,
        ConversationKeysModule,
        VideoKeysModule,
      ],
      providers: [DemoSeeder],
    };
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

interface AccountArgs {
  email: string;
  displayName: string;
  password: string;
  generated: boolean;
}

/**
 * --email, --name and the password of an account to create (read from stdin with
 * --password-stdin, else generated); an exit code when they are missing or too short.
 */
async function accountArgs(command: string, args: string[]): Promise<AccountArgs | number> {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      'password-stdin': { type: 'boolean' },
    },
  });
  if (!values.email || !values.name) {
    console.error(`${command} needs --email and --name`);
    return 2;
  }
  const generated = !values['password-stdin'];
  const password = generated ? randomBytes(18).toString('base64url') : await readStdin();
  if (password.length < PASSWORD_MIN_LENGTH) {
    console.error(`The password must have at least ${PASSWORD_MIN_LENGTH} characters.`);
    return 2;
  }
  return { email: values.email, displayName: values.name, password, generated };
}

/** Telegram's setWebhook and Viber's set_webhook for the configured ones (WhatsApp: Meta's dashboard). */
async function registerWebhooks(config: AppConfig): Promise<number> {
  const platforms = [new TelegramPlatform(config), new ViberPlatform(config)].filter(
    (platform) => platform.enabled,
  );
  if (platforms.length === 0) {
    console.error('Neither TELEGRAM_BOT_TOKEN nor VIBER_AUTH_TOKEN is set.');
    return 2;
  }
  for (const platform of platforms) {
    const url = config.publicUrl(`/api/webhooks/${platform.name}`);
    await platform.registerWebhook?.(url);
    console.log(`${platform.name}: webhook set to ${url}`);
  }
  return 0;
}

async function withApp<T>(
  config: AppConfig,
  url: string,
  work: (app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>) => Promise<T>,
): Promise<T> {
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config, url), {
    logger: ['error'],
  });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

async function run(command: string | undefined, args: string[]): Promise<number> {
  const config = loadConfig();
  // The messenger commands need no database.
  if (command === 'messengers:whatsapp-templates') {
    console.log(JSON.stringify(whatsappTemplates(), null, 2));
    return 0;
  }
  if (command === 'messengers:register-webhooks') return registerWebhooks(config);
  const database = await openDatabase(config);
  try {
    switch (command) {
      case 'migration:run': {
        const applied = await runMigrations(database.url);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
        return 0;
      }
      case 'migration:revert': {
        const reverted = await revertLastMigration(database.url);
        console.log(reverted ? `Reverted: ${reverted}` : 'No migration to revert.');
        return 0;
      }
      case 'migration:generate': {
        const name = args[0];
        if (!name || !/^[A-Za-z][A-Za-z0-9]*$/.test(name)) {
          console.error('migration:generate needs a name in PascalCase, e.g. AddCounsellors');
          return 2;
        }
        const path = await generateMigration(database.url, name, MIGRATIONS_DIR);
        console.log(
          path
            ? `Wrote ${path}; review it and add it to migrations/index.ts`
            : 'No changes: entities and migrations agree.',
        );
        return 0;
      }
      case 'migration:check': {
        const diff = await diffSchema(database.url);
        if (diff.up.length === 0) {
          console.log('Entities and migrations agree.');
          return 0;
        }
        console.error(`Entities differ from the migrated schema:\n${diff.up.join(';\n')};`);
        return 1;
      }
      case 'keys:rotate':
        return await withApp(config, database.url, async (app) => {
          const documents = await app.get(DocumentService).rewrapKeys();
          const conversations = await app.get(ConversationKeys).rewrapKeys();
          const e2ee = await app.get(E2eeKeyService).resealAll();
          const remaining =
            (await app.get(DocumentService).wrappedUnderOldKeys()) +
            (await app.get(ConversationKeys).wrappedUnderOldKeys());
          console.log(
            `Re-wrapped ${documents} document keys and ${conversations} conversation keys and re-sealed ${e2ee} E2EE keys under key ${config.keyRing.currentId}.`,
          );
          if (remaining > 0) {
            // API processes still running with the old key keep sealing under it.
            console.error(
              `${remaining} documents or conversations were added under an old key meanwhile: restart every process with the new key, then run keys:rotate again.`,
            );
            return 1;
          }
          console.log(
            'Once every process runs with the new key, DATA_ENCRYPTION_KEYS_PREVIOUS can be emptied.',
          );
          return 0;
        });
      case 'seed:demo':
        return await withApp(config, database.url, async (app) => {
          const logins = await app.get(DemoSeeder).seedIfEmpty();
          console.log(
            logins.length
              ? formatDemoLogins(logins, `http://localhost:${config.PORT}`)
              : 'The database already has staff accounts: nothing seeded.',
          );
          return 0;
        });
      case 'admin:create':
      case 'platform-admin:create': {
        const account = await accountArgs(command, args);
        if (typeof account === 'number') return account;
        return await withApp(config, database.url, async (app) => {
          const staff = app.get(StaffService);
          const admin =
            command === 'platform-admin:create'
              ? await staff.createPlatformAdmin(account)
              : await staff.create({
                  ...account,
                  role: 'admin',
                  // An office admin made here runs the default office; platform admins create the others.
                  officeId: (await app.get(OfficeService).getDefault()).id,
                });
          console.log(`Created ${admin.role} ${admin.email} (${admin.id}).`);
          if (account.generated)
            console.log(
              `Password (shown once, change it after the first login): ${account.password}`,
            );
          return 0;
        });
      }
      default:
        console.error(USAGE);
        return 2;
    }
  } finally {
    await database.close();
  }
}

const [command, ...rest] = process.argv.slice(2);
run(command, rest).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      error instanceof ConfigValidationError || error instanceof Error ? error.message : error,
    );
    process.exit(1);
  },
);
