import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const WORKER_ENTRY = 'dist/apps/worker/src/main.js';

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Tests that kill a worker need it as its own process: the compiled one, as production runs it.
 * Builds it when the sources are newer than the build (CI has built it already).
 */
export function ensureBuiltWorker(): string {
  const built = existsSync(WORKER_ENTRY) ? statSync(WORKER_ENTRY).mtimeMs : 0;
  if (built < Math.max(newestSource('apps/worker'), newestSource('libs'))) {
    execFileSync('npx', ['nest', 'build', 'worker'], { stdio: 'inherit' });
  }
  return WORKER_ENTRY;
}
