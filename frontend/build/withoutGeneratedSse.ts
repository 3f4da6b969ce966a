/**
 * Vite plugin: leave the generated client's server-sent-events helper out of the browser bundle.
 *
 * The generated fetch client builds `client.sse.*` into the client object it creates, so the bundler cannot see
 * that nothing calls it and ships the helper (~0.6 KB gzipped of our 100 KB budget). Nothing can: the dashboard
 * reads `/signals/stream` itself (`services/signalStream.ts`: reconnect, token renewal, stop on logout), and
 * `openapi-ts.config.ts` leaves that operation out of the generated SDK. In its place goes a stub that fails
 * loudly if someone starts using it. Tests run on the real module (the plugin applies to builds only);
 * `src/architecture.test.ts` checks that no source reaches for `client.sse`. Should a new generator release move
 * the helper, the stub simply stops matching and the bundle grows back: nothing breaks.
 */
import type { Plugin } from 'vite'

const STUB_ID = '\0generated-sse-client-stub'
const GENERATED_CLIENT = '/src/client/client/client.gen.ts'

export function withoutGeneratedSse(): Plugin {
  return {
    name: 'signalbox:without-generated-sse',
    apply: 'build',
    enforce: 'pre',
    resolveId(source, importer) {
      const fromGeneratedClient = importer?.replaceAll('\\', '/').endsWith(GENERATED_CLIENT) ?? false
      return fromGeneratedClient && source === '../core/serverSentEvents.gen' ? STUB_ID : null
    },
    load(id) {
      return id === STUB_ID
        ? "export const createSseClient = () => { throw new Error('client.sse is left out of the build: see build/withoutGeneratedSse.ts') }\n"
        : null
    },
  }
}
