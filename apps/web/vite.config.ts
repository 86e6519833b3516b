import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The web app is built into dist/web, which the API serves (production and the embedded quick start).
 * `npm run dev:web` proxies /api to an API on 127.0.0.1:3000.
 */
export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The client booking flow is measured in the issue note; the video page and the staff areas are
    // separate chunks that a client who books never downloads.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // The libraries the booking page loads at once ($initial: statically imported from the
          // entry) in one chunk of their own: one request instead of several small shared chunks,
          // and it stays cached across releases that change only the app's code. Libraries of the
          // lazy pages (LiveKit and its components) stay in those pages' chunks.
          groups: [{ name: 'vendor', test: /[\\/]node_modules[\\/]/, tags: ['$initial'] }],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' },
  },
});
