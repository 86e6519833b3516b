import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Resolves the @app/* aliases of tsconfig.json; Vite 8 also emits decorator metadata for Nest.
  resolve: { tsconfigPaths: true },
  test: {
    include: ['apps/**/*.spec.ts', 'apps/**/*.spec.tsx', 'libs/**/*.spec.ts', 'test/**/*.spec.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file gets its own database (or embedded server) and queue prefix, so files run in parallel.
    isolate: true,
  },
});
