/**
 * Vite plugin: leave axios's fetch adapter out of the browser bundle.
 *
 * Axios picks its transport at run time from `['xhr', 'http', 'fetch']`, so the bundler cannot see that browsers
 * always take `xhr` and ships the fetch adapter too (~3 KB gzipped). Our JS budget is 100 KB gzipped and React 19 +
 * axios + the generated client already take ~91 KB of it, so that dead code matters. The stub reports "fetch is
 * not supported here", which is axios's own behaviour in environments without fetch.
 */
import type { Plugin } from 'vite'

const STUB_ID = '\0axios-fetch-adapter-stub'

export function axiosXhrOnly(): Plugin {
  return {
    name: 'signalbox:axios-xhr-only',
    apply: 'build',
    enforce: 'pre',
    resolveId(source, importer) {
      const fromAxiosAdapters = importer?.replaceAll('\\', '/').endsWith('/axios/lib/adapters/adapters.js') ?? false
      return fromAxiosAdapters && source === './fetch.js' ? STUB_ID : null
    },
    load(id) {
      return id === STUB_ID ? 'export const getFetch = () => false\nexport default false\n' : null
    },
  }
}
