import { describe, expect, it } from 'vitest';
import { AppConfig, ConfigValidationError, loadConfig } from './app-config.js';

const SECRETS = {
  LIVEKIT_API_KEY: 'APIkey123',
  LIVEKIT_API_SECRET: 'a-long-livekit-secret',
  DATA_ENCRYPTION_KEY: 'q7sW0Yb3v6Qm1cH2f9K8Zx4TnPqRaLdEoGiUjVwXyB0=',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('loadConfig', () => {
  it('starts in embedded mode with defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.embedded).toBe(true);
    expect(config.PORT).toBe(3000);
    expect(config.DATA_DIR).toBe('./.data');
    expect(config.runMigrations).toBe(true);
    expect(config.seedDemo).toBe(true);
    expect(config.workerInApi).toBe(true);
  });

  it('is production mode with DATABASE_URL: no automatic migrations, seeding or in-process worker', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://app@db:5432/sprechstunde',
      REDIS_URL: 'redis://redis:6379',
      PORT: '8080',
      ...SECRETS,
    });
    expect(config.embedded).toBe(false);
    expect(config.PORT).toBe(8080);
    expect(config.runMigrations).toBe(false);
    expect(config.seedDemo).toBe(false);
    expect(config.workerInApi).toBe(false);
  });

  it('serves the OpenAPI page in embedded mode only, unless OPENAPI_DOCS says otherwise', () => {
    const production = { DATABASE_URL: 'postgres://app@db:5432/sprechstunde', ...SECRETS };
    expect(loadConfig({}).openApiDocs).toBe(true);
    expect(loadConfig({ OPENAPI_DOCS: 'false' }).openApiDocs).toBe(false);
    expect(loadConfig(production).openApiDocs).toBe(false);
    expect(loadConfig({ ...production, OPENAPI_DOCS: 'true' }).openApiDocs).toBe(true);
  });

  it('names each malformed variable', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      LOG_LEVEL: 'loud',
      SEED_DEMO: 'perhaps',
      ...SECRETS,
    });
    expect(problems.some((p) => p.startsWith('PORT'))).toBe(true);
    expect(problems.some((p) => p.startsWith('DATABASE_URL'))).toBe(true);
    expect(problems.some((p) => p.startsWith('LOG_LEVEL'))).toBe(true);
    expect(problems.some((p) => p.startsWith('SEED_DEMO'))).toBe(true);
    expect(problems).toHaveLength(4);
  });

  it('requires LiveKit credentials and the data key in production, and checks the key’s form', () => {
    const problems = problemsOf({ DATABASE_URL: 'postgres://db/x' });
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual([
      'DATA_ENCRYPTION_KEY',
      'LIVEKIT_API_KEY',
      'LIVEKIT_API_SECRET',
    ]);
    expect(problemsOf({ DATA_ENCRYPTION_KEY: 'too-short' })).toEqual([
      expect.stringMatching(/^DATA_ENCRYPTION_KEY must be 32 random bytes/),
    ]);
    expect(loadConfig({}).livekitCredentials).toEqual({ apiKey: 'devkey', apiSecret: 'secret' });
  });

  it('rejects an out-of-range port and a bad Redis URL', () => {
    expect(problemsOf({ PORT: '70000' })).toEqual([
      expect.stringMatching(/^PORT must not be greater than 65535/),
    ]);
    expect(problemsOf({ REDIS_URL: 'localhost:6379' })).toEqual([
      expect.stringMatching(/^REDIS_URL/),
    ]);
  });

  it('treats empty values as unset and parses booleans', () => {
    const config = loadConfig({ DATABASE_URL: '', RUN_MIGRATIONS: 'no', WORKER_IN_API: 'yes' });
    expect(config.embedded).toBe(true);
    expect(config.runMigrations).toBe(false);
    expect(config.workerInApi).toBe(true);
  });

  it('links to the port it listens on unless PUBLIC_BASE_URL says otherwise', () => {
    expect(loadConfig({}).publicUrl('/manage')).toBe('http://127.0.0.1:3000/manage');
    expect(loadConfig({ PORT: '3100' }).publicUrl('/manage')).toBe('http://127.0.0.1:3100/manage');
    expect(loadConfig({ PORT: '3100', PUBLIC_BASE_URL: '' }).PUBLIC_BASE_URL).toBe(
      'http://127.0.0.1:3100',
    );
    const behindProxy = loadConfig({
      PORT: '3100',
      PUBLIC_BASE_URL: 'https://termine.example.org/',
    });
    expect(behindProxy.publicUrl('/manage')).toBe('https://termine.example.org/manage');
  });

  it('rejects an idle timeout longer than the absolute session lifetime', () => {
    expect(problemsOf({ SESSION_IDLE_MINUTES: '120', SESSION_MAX_HOURS: '1' })).toEqual([
      'SESSION_IDLE_MINUTES must not exceed SESSION_MAX_HOURS * 60',
    ]);
  });

  it('accepts a known holiday region and rejects an unknown one', () => {
    expect(loadConfig({ HOLIDAY_REGION: 'DE-BY' }).HOLIDAY_REGION).toBe('DE-BY');
    expect(problemsOf({ HOLIDAY_REGION: 'DE-XX' })).toEqual([
      expect.stringMatching(/^HOLIDAY_REGION DE-XX is not a region/),
    ]);
    expect(problemsOf({ HOLIDAY_REGION: 'berlin' })).toEqual([
      expect.stringMatching(/^HOLIDAY_REGION must look like/),
    ]);
  });

  it('reads national phone numbers as the office country’s: DE unless OFFICE_COUNTRY says otherwise', () => {
    expect(loadConfig({}).OFFICE_COUNTRY).toBe('DE');
    expect(loadConfig({ OFFICE_COUNTRY: 'AT' }).OFFICE_COUNTRY).toBe('AT');
    expect(problemsOf({ OFFICE_COUNTRY: 'XX' })).toEqual([
      expect.stringMatching(/^OFFICE_COUNTRY XX is not a country/),
    ]);
    expect(problemsOf({ OFFICE_COUNTRY: 'germany' })).toEqual([
      expect.stringMatching(/^OFFICE_COUNTRY must be a two-letter/),
    ]);
  });

  it('takes the office zone from OFFICE_TIME_ZONE (Europe/Berlin unless set) and refuses unknown zones', () => {
    expect(loadConfig({}).OFFICE_TIME_ZONE).toBe('Europe/Berlin');
    expect(loadConfig({ OFFICE_TIME_ZONE: 'America/Santiago' }).OFFICE_TIME_ZONE).toBe(
      'America/Santiago',
    );
    expect(problemsOf({ OFFICE_TIME_ZONE: 'Europe/Atlantis' })).toEqual([
      expect.stringMatching(/^OFFICE_TIME_ZONE must be an IANA time zone/),
    ]);
  });

  it('ignores variables that are not ours', () => {
    expect(() => loadConfig({ HOME: '/root', PATH: '/bin', npm_config_foo: 'x' })).not.toThrow();
  });
});

describe('.env.example', () => {
  it('lists every variable, and its values are accepted as they stand', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
    const env = Object.fromEntries(
      text
        .split('\n')
        .filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(Object.keys(env).sort()).toEqual(Object.keys(new AppConfig()).sort());
    expect(() => loadConfig(env)).not.toThrow();
  });
});
