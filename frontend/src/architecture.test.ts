/**
 * The dependency direction inside the dashboard: components use hooks, hooks use services, and nothing below the
 * components reaches back up into a feature folder. Read from the import lines, so a stray import fails here with
 * the file that made it. Also: nothing uses the part of the generated client that the production build leaves out.
 */
import { describe, expect, it } from 'vitest'

/** Every source file under src/, keyed `./hooks/useAuth.ts`. */
const SOURCES: Record<string, string> = import.meta.glob(['./**/*.{ts,tsx}', '!./**/*.test.{ts,tsx}', '!./client/**'], {
  query: '?raw',
  import: 'default',
  eager: true,
})

/** `./a/b/../c` → `./a/c`. */
function normalise(path: string): string {
  const parts: string[] = []
  for (const part of path.split('/')) {
    if (part === '..') parts.pop()
    else if (part !== '.' || parts.length === 0) parts.push(part)
  }
  return parts.join('/')
}

/** The top-level folders under src/ that the file at `path` imports from (relative imports only). */
function importedFolders(path: string, text: string): string[] {
  const dir = path.split('/').slice(0, -1).join('/')
  const folders = new Set<string>()
  for (const match of text.matchAll(/^\s*(?:import|export)\b[^'"]*?(?:from\s+)?['"](\.[^'"]+)['"]/gm)) {
    const target = normalise(`${dir}/${match[1] ?? ''}`)
    folders.add(target.split('/')[1] ?? '')
  }
  return [...folders]
}

const FORBIDDEN: Record<string, string[]> = {
  hooks: ['components'],
  context: ['components', 'hooks'],
  services: ['components', 'hooks', 'context'],
  lib: ['components', 'hooks', 'context', 'services'],
  router: ['components', 'hooks', 'context', 'services'],
}

describe('the import direction', () => {
  it('reads the source tree', () => {
    expect(Object.keys(SOURCES)).toContain('./hooks/useAuth.ts')
  })

  for (const [layer, forbidden] of Object.entries(FORBIDDEN)) {
    it(`keeps src/${layer}/ free of imports from ${forbidden.join(', ')}`, () => {
      const offenders = Object.entries(SOURCES)
        .filter(([path]) => path.startsWith(`./${layer}/`))
        .flatMap(([path, text]) =>
          importedFolders(path, text)
            .filter((folder) => forbidden.includes(folder))
            .map((folder) => `src/${path.slice(2)} imports from src/${folder}/`),
        )
      expect(offenders).toEqual([])
    })
  }
})

describe('the generated client', () => {
  it('is never asked for its SSE helper, which the production build leaves out (build/withoutGeneratedSse.ts)', () => {
    const generatedSdk: Record<string, string> = import.meta.glob('./client/sdk.gen.ts', {
      query: '?raw',
      import: 'default',
      eager: true,
    })
    expect(Object.keys(generatedSdk)).toEqual(['./client/sdk.gen.ts'])
    const users = Object.entries({ ...SOURCES, ...generatedSdk })
      .filter(([, text]) => /\.sse\b/.test(text))
      .map(([path]) => path)
    expect(users).toEqual([])
  })
})
