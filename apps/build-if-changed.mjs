// Builds only what changed since the last build: `npm start` and the CLI scripts call this instead of a
// full `npm run build`, so a restart with unchanged sources starts at once. The server (API + worker)
// and the web app are judged apart, by a hash of their sources' contents (not times, which a checkout or
// a copy changes), remembered in dist/.build-stamp.json. `--force` builds both and renews the stamp.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stampFile = join(root, 'dist', '.build-stamp.json');
const shared = ['package-lock.json', 'package.json', 'tsconfig.json'];

const parts = {
  server: {
    inputs: [...shared, 'nest-cli.json', 'apps/api', 'apps/worker', 'libs'],
    output: 'dist/apps/api/src/main.js',
    commands: [
      ['nest', 'build', 'api'],
      ['nest', 'build', 'worker'],
    ],
  },
  web: {
    inputs: [...shared, 'apps/web'],
    output: 'dist/web/index.html',
    commands: [['vite', 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn']],
  },
};

/** The files of one input (a file, or a folder walked recursively), specs left out. */
function filesOf(input) {
  const absolute = join(root, input);
  if (!existsSync(absolute)) return [];
  if (statSync(absolute).isFile()) return [input];
  return readdirSync(absolute, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && !/\.spec\.tsx?$/.test(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

function hashOf(inputs) {
  const hash = createHash('sha256');
  for (const file of inputs.flatMap(filesOf)) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(root, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return {};
  }
}

const force = process.argv.includes('--force');
const stamp = readStamp();
for (const [name, part] of Object.entries(parts)) {
  const hash = hashOf(part.inputs);
  if (!force && stamp[name] === hash && existsSync(join(root, part.output))) continue;
  console.error(`Building ${name}…`);
  for (const [bin, ...args] of part.commands) {
    const result = spawnSync(join(root, 'node_modules', '.bin', bin), args, {
      cwd: root,
      stdio: ['inherit', 2, 2], // build output on stderr: CLI scripts print their results on stdout
      shell: process.platform === 'win32',
    });
    if (result.status !== 0) {
      delete stamp[name];
      mkdirSync(join(root, 'dist'), { recursive: true });
      writeFileSync(stampFile, JSON.stringify(stamp));
      process.exit(result.status ?? 1);
    }
  }
  stamp[name] = hash;
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(stampFile, JSON.stringify(stamp));
}
