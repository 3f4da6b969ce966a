/// <reference types="vitest/config" />
/**
 * Vite build, dev server and Vitest settings.
 *
 * In development the API runs on :8000 and the dashboard on Vite's port; proxying the API's path prefixes keeps
 * every request same-origin, exactly as in production where the Rust server serves `dist/` itself. The SPA's own
 * routes (`/login`, `/dashboard`) are deliberately not in the list.
 */
import react from '@vitejs/plugin-react'
import { defineConfig, loadEnv } from 'vite'
import { precompress } from './build/precompress.ts'
import { withoutGeneratedSse } from './build/withoutGeneratedSse.ts'

const API_TARGET = process.env.SIGNALBOX_API ?? 'http://localhost:8000'
const API_PREFIXES = ['/auth', '/billing', '/signals', '/health', '/ready', '/site', '/docs', '/openapi.json']

export default defineConfig(({ mode }) => ({
  plugins: [react(), withoutGeneratedSse(), precompress()],
  // `REACT_APP_API_URL` is accepted as well as `VITE_API_URL` (from the environment or a `.env` file). Only that one
  // variable is put in the bundle: a blanket `REACT_APP_` prefix would publish whatever else a host has set.
  define: {
    'import.meta.env.REACT_APP_API_URL': JSON.stringify(
      loadEnv(mode, process.cwd(), 'REACT_APP_').REACT_APP_API_URL ?? process.env.REACT_APP_API_URL ?? '',
    ),
  },
  server: {
    proxy: Object.fromEntries(API_PREFIXES.map((prefix) => [prefix, { target: API_TARGET, changeOrigin: false }])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    // Formatted times must not depend on the machine running the tests.
    env: { TZ: 'Asia/Kolkata' },
    restoreMocks: true,
    clearMocks: true,
  },
}))
