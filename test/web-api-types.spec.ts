/**
 * The web app's API shapes are aliases of the types generated from the API's OpenAPI document
 * (apps/web/src/api/openapi.ts, `npm run openapi:generate`), never hand-written copies. So a DTO
 * that changes without the web app following it breaks the web app's type-check instead of a page
 * in production.
 *
 * This test makes such changes to the generated types in memory — a field renamed, a field's type
 * changed, as regenerating after a DTO change would — and type-checks the web app's own code with
 * the TypeScript compiler: each change must be reported in the code that uses the field, and the
 * same code must check cleanly without the change.
 */
import { resolve } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const WEB = resolve('apps/web');
const SOURCES = resolve(WEB, 'src');
const GENERATED = resolve(SOURCES, 'api/openapi.ts');

interface SchemaChange {
  schema: string;
  field: string;
  /** The field's new type; without it the field is renamed to `<field>Renamed`. */
  type?: string;
  /** The web app's files (under apps/web/src) that read or send the field and so must break. */
  breaks: string[];
}

/** Answers and request bodies of every area: client, video, staff console, admin, session. */
const CHANGES: SchemaChange[] = [
  // Answers.
  { schema: 'ErrorResponseDto', field: 'code', type: 'number', breaks: ['api/client.ts'] },
  {
    schema: 'ErrorResponseDto',
    field: 'opensAt',
    breaks: ['video/ClientVideoPage.tsx', 'staff/StaffVideoPage.tsx'],
  },
  {
    schema: 'JoinAnswerDto',
    field: 'e2eeKey',
    breaks: ['video/useWaitingRoom.ts', 'staff/StaffVideoPage.tsx'],
  },
  {
    schema: 'ClientVideoStatusDto',
    field: 'phoneNumberKnown',
    breaks: ['video/ClientVideoPage.tsx'],
  },
  { schema: 'WaitingClientDto', field: 'waitingSince', breaks: ['staff/WaitingPanel.tsx'] },
  { schema: 'CalendarFeedInfoDto', field: 'exists', breaks: ['staff/CalendarFeedPanel.tsx'] },
  { schema: 'CalendarFeedCreatedDto', field: 'url', breaks: ['staff/CalendarFeedPanel.tsx'] },
  { schema: 'VideoAvailabilityDto', field: 'videoAvailable', breaks: ['staff/SwitchToPhone.tsx'] },
  { schema: 'PhoneSwitchDto', field: 'phone', breaks: ['staff/SwitchToPhone.tsx'] },
  { schema: 'StaffAppointmentDto', field: 'joinClosesAt', breaks: ['staff/staffApi.ts'] },
  { schema: 'AbsenceResponseDto', field: 'startsAt', breaks: ['api/availability.ts'] },
  // Request bodies.
  { schema: 'CreateRuleDto', field: 'validFrom', breaks: ['availability/AvailabilityEditor.tsx'] },
  {
    schema: 'CreateStaffDto',
    field: 'displayName',
    breaks: ['admin/StaffPage.tsx', 'admin/CounsellorEditPage.tsx'],
  },
  { schema: 'UpdateCounsellorDto', field: 'active', breaks: ['admin/CounsellorsPage.tsx'] },
  { schema: 'CreateConsultationTypeDto', field: 'autoAdmit', breaks: ['admin/TypeEditPage.tsx'] },
  { schema: 'LoginRequestDto', field: 'email', breaks: ['auth/session.tsx'] },
  { schema: 'OutcomeDto', field: 'outcome', breaks: ['staff/staffApi.ts'] },
  // The platform area and the office settings share one office form.
  {
    schema: 'PlatformOfficeResponseDto',
    field: 'appointmentsAhead',
    breaks: ['platform/OfficesPage.tsx'],
  },
  { schema: 'CreateOfficeDto', field: 'retentionDays', breaks: ['platform/OfficeForm.tsx'] },
  {
    schema: 'OfficeSettingsResponseDto',
    field: 'status',
    breaks: ['admin/OfficeSettingsPage.tsx'],
  },
];

/** The generated types with one field of one schema renamed or retyped. */
function changeSchema(text: string, change: SchemaChange): string {
  const start = text.indexOf(`\n    ${change.schema}: {\n`);
  const end = text.indexOf('\n    };', start);
  if (start < 0 || end < 0) throw new Error(`no schema ${change.schema} in openapi.ts`);
  const line = new RegExp(`^( {6})${change.field}(\\??): ([^\\n]*);$`, 'm');
  const block = text.slice(start, end);
  if (!line.test(block)) throw new Error(`no one-line field ${change.schema}.${change.field}`);
  const changed = block.replace(line, (_, indent: string, optional: string, type: string) =>
    change.type
      ? `${indent}${change.field}${optional}: ${change.type};`
      : `${indent}${change.field}Renamed${optional}: ${type};`,
  );
  return text.slice(0, start) + changed + text.slice(end);
}

interface Checked {
  /** Each web source file's type errors (path relative to apps/web/src), messages flattened. */
  errors(file: string): string[];
}

/** Type-checks the given web files with the web app's tsconfig, the generated types replaced. */
function typeCheck(files: string[], generated: string, cache: Map<string, ts.SourceFile>): Checked {
  const config = ts.readConfigFile(resolve(WEB, 'tsconfig.json'), (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, WEB);
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, ...rest) => {
    if (resolve(fileName) === GENERATED) {
      return ts.createSourceFile(fileName, generated, language);
    }
    // Every other file is the same in both programs: parse it once.
    let file = cache.get(fileName);
    if (!file) {
      file = read(fileName, language, ...rest);
      if (file) cache.set(fileName, file);
    }
    return file;
  };
  const program = ts.createProgram({
    rootNames: files.map((file) => resolve(SOURCES, file)),
    options,
    host,
  });
  return {
    errors(file) {
      const source = program.getSourceFile(resolve(SOURCES, file));
      if (!source) throw new Error(`${file} is not part of the web app`);
      return [
        ...program.getSyntacticDiagnostics(source),
        ...program.getSemanticDiagnostics(source),
      ].map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  };
}

describe("the web app's API types follow the generated OpenAPI types", () => {
  const files = [...new Set(CHANGES.flatMap((change) => change.breaks))];
  let unchanged: Checked;
  let changed: Checked;

  beforeAll(() => {
    const generated = ts.sys.readFile(GENERATED) ?? '';
    const cache = new Map<string, ts.SourceFile>();
    unchanged = typeCheck(files, generated, cache);
    changed = typeCheck(files, CHANGES.reduce(changeSchema, generated), cache);
  }, 180_000);

  it('type-checks cleanly as generated', () => {
    for (const file of files) expect(unchanged.errors(file), file).toEqual([]);
  });

  it.each(CHANGES)(
    '$field of $schema changed: the web code using it no longer compiles',
    ({ field, type, breaks }) => {
      for (const file of breaks) {
        const errors = changed.errors(file);
        // A rename names the field in the error; a new type names that type.
        const named = type ? `'${type}'` : `'${field}'`;
        expect(
          errors.some((message) => message.includes(named)),
          `${file}: ${errors.join(' | ') || 'no error'}`,
        ).toBe(true);
      }
    },
  );
});
