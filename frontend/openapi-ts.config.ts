/**
 * Generator settings for the typed API client in `src/client/`.
 *
 * The input is the server's own `openapi.json` at the repository root, so the client can only drift from the
 * server when someone forgets to regenerate — and `npm run check-client` catches that. The generator is pinned in
 * package.json because its output changes between releases.
 */
import { defineConfig } from '@hey-api/openapi-ts'

export default defineConfig({
  input: '../openapi.json',
  output: process.env.OPENAPI_TS_OUTPUT ?? 'src/client',
  // The dashboard reads the live stream itself (services/signalStream.ts), so no generated function may use the
  // client's SSE helper, which the build leaves out (build/withoutGeneratedSse.ts).
  parser: { filters: { operations: { exclude: ['GET /signals/stream'] } } },
  plugins: [
    // Errors throw (as ApiError, see services/api.ts) so one set of interceptors and one error funnel see every failure.
    { name: '@hey-api/client-fetch', throwOnError: true },
    '@hey-api/typescript',
    // Flat functions tree-shake: only the operations the app calls end up in the bundle.
    '@hey-api/sdk',
  ],
})
