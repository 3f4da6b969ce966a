#!/usr/bin/env node
/**
 * Fails when `src/client/` is not what the pinned generator makes from `../openapi.json` today — i.e. someone
 * changed the API (or hand-edited the client) without running `npm run generate-client`.
 * Generates into a temporary directory with the same config and compares the two trees file by file.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const committed = join(root, 'src/client')
const fresh = mkdtempSync(join(tmpdir(), 'signalbox-client-'))

function tree(dir) {
  const files = new Map()
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name)
      if (statSync(path).isDirectory()) walk(path)
      else files.set(relative(dir, path), readFileSync(path, 'utf8'))
    }
  }
  walk(dir)
  return files
}

try {
  const run = spawnSync(join(root, 'node_modules/.bin/openapi-ts'), [], {
    cwd: root,
    env: { ...process.env, OPENAPI_TS_OUTPUT: fresh },
    encoding: 'utf8',
  })
  if (run.status !== 0) {
    console.error(run.stdout, run.stderr)
    console.error('Client generation failed.')
    process.exit(2)
  }
  const want = tree(fresh)
  let have
  try {
    have = tree(committed)
  } catch {
    have = new Map()
  }
  const problems = []
  for (const [file, text] of want) {
    if (!have.has(file)) problems.push(`missing: src/client/${file}`)
    else if (have.get(file) !== text) problems.push(`differs: src/client/${file}`)
  }
  for (const file of have.keys()) if (!want.has(file)) problems.push(`unexpected: src/client/${file}`)

  if (problems.length > 0) {
    console.error(problems.join('\n'))
    console.error('The API client is stale: run `npm run generate-client` and commit the result.')
    process.exit(1)
  }
  console.log(`API client is up to date with openapi.json (${want.size} files).`)
} finally {
  rmSync(fresh, { recursive: true, force: true })
}
