/**
 * What a client's phone downloads for the directory `/`: the entry chunk and the chunks it imports
 * statically (the build's manifest says which). The staff console, the admin area, the video pages
 * (LiveKit), the manage page and the staff login are lazy chunks that `/` never loads. The web app is
 * built here, into a temporary folder, with Vite's own API and the app's real config.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { build, type Plugin } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SOURCES = resolve('apps/web/src');

/** Code the booking page does not render: each must stay out of what `/` loads. */
const NOT_FOR_BOOKING: { name: string; matches: (module: string) => boolean }[] = [
  { name: 'the staff console', matches: (m) => m.startsWith('src:staff/') },
  { name: 'the admin area', matches: (m) => m.startsWith('src:admin/') },
  { name: 'the video pages', matches: (m) => m.startsWith('src:video/') },
  { name: 'the manage page', matches: (m) => m.startsWith('src:manage/') },
  { name: 'the availability editor', matches: (m) => m.startsWith('src:availability/') },
  { name: 'the walk-in pages', matches: (m) => m.startsWith('src:walkin/') },
  {
    name: 'the staff login and password pages',
    matches: (m) => m === 'src:auth/LoginPage.tsx' || m === 'src:auth/PasswordPage.tsx',
  },
  { name: 'the conversation', matches: (m) => m.startsWith('src:conversation/') },
  // Loaded only when a client photographs a letter (and sends it as one PDF).
  { name: 'jsPDF', matches: (m) => m.startsWith('npm:jspdf/') },
  {
    name: 'browser-image-compression',
    matches: (m) => m.startsWith('npm:browser-image-compression/'),
  },
  { name: 'livekit-client', matches: (m) => m.startsWith('npm:livekit-client/') },
  { name: 'the statistics pages', matches: (m) => m.startsWith('src:reports/') },
  // Loaded with the first chart of the statistics page, by no other page.
  { name: 'chart.js', matches: (m) => m.startsWith('npm:chart.js/') },
  { name: 'the LiveKit components', matches: (m) => m.startsWith('npm:@livekit/') },
];

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

/** A module id as "src:<path under apps/web/src>" or "npm:<path under node_modules>". */
function moduleName(id: string): string {
  const path = id.replace(/\?.*$/, '');
  const npm = path.lastIndexOf('/node_modules/');
  if (npm >= 0) return `npm:${path.slice(npm + '/node_modules/'.length)}`;
  return path.startsWith(SOURCES) ? `src:${relative(SOURCES, path)}` : path;
}

describe('the booking page downloads only what it renders', () => {
  let outDir: string;
  /** Output file → the modules bundled into it. */
  const modulesOf = new Map<string, string[]>();
  /** The JavaScript files `/` loads before it renders: the entry and its static imports. */
  let initial: string[];

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'web-bundle-'));
    const record: Plugin = {
      name: 'record-chunk-modules',
      generateBundle(_, bundle) {
        for (const output of Object.values(bundle)) {
          if (output.type === 'chunk')
            modulesOf.set(output.fileName, output.moduleIds.map(moduleName));
        }
      },
    };
    await build({
      configFile: resolve('apps/web/vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, manifest: true },
      plugins: [record],
    });
    const manifest = JSON.parse(
      readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8'),
    ) as Record<string, ManifestChunk>;
    const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry);
    expect(entries.map(([key]) => key)).toEqual(['index.html']);
    const seen = new Set<string>();
    const visit = (key: string) => {
      if (seen.has(key)) return;
      seen.add(key);
      for (const imported of manifest[key].imports ?? []) visit(imported);
    };
    visit('index.html');
    initial = [...seen].map((key) => manifest[key].file);
  }, 180_000);

  afterAll(() => {
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  const initialModules = () => initial.flatMap((file) => modulesOf.get(file) ?? []);

  it('renders the directory from what it loads at once (no lazy chunk before the first question)', () => {
    expect(initialModules()).toContain('src:directory/DirectoryPage.tsx');
    expect(initialModules()).toContain('src:main.tsx');
  });

  it("loads an office's booking flow only when its page opens", () => {
    expect(initialModules()).not.toContain('src:booking/BookingPage.tsx');
    expect(initialModules()).not.toContain('src:directory/OfficePage.tsx');
  });

  it('loads its libraries as one chunk, not as several small shared ones (fewer round trips)', () => {
    // The entry, the libraries it imports ("vendor" in vite.config.ts) and the bundler's runtime.
    expect(initial.length).toBeLessThanOrEqual(3);
    const vendor = initial.filter((file) => /(^|\/)vendor-[\w-]+\.js$/.test(file));
    expect(vendor).toHaveLength(1);
    expect(modulesOf.get(vendor[0])).toEqual(
      expect.arrayContaining([expect.stringMatching(/^npm:react-dom\//)]),
    );
  });

  it.each(NOT_FOR_BOOKING)('leaves $name to a lazy chunk', ({ matches }) => {
    // The code is built (so this is not passing for want of it), just not where `/` loads it.
    const everywhere = [...modulesOf.values()].flat();
    expect(everywhere.some(matches)).toBe(true);
    expect(initialModules().filter(matches)).toEqual([]);
  });
});
