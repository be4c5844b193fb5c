import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The member and admin SPA. JSX goes through Vite's own transformer (no React plugin: the
 * production build needs no Fast Refresh); the API serves dist/web (apps/api/src/web-app.ts).
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  resolve: {
    // The published TypeScript client's sources: its token session and error type, shared.
    alias: { '@client': here('../../clients/typescript/src') },
  },
  build: {
    outDir: here('../../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
