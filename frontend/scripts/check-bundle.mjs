#!/usr/bin/env node
/**
 * Fails when the production JavaScript is over budget: 100 KB gzipped, all chunks together (what a first visit
 * downloads). Run after `npm run build`. The budget uses zlib's default level, the usual yardstick; the report also
 * shows what our server actually sends: the build's precompressed `.br` files (see `build/precompress.ts`), and
 * fails when one is missing, since the server would then send that file uncompressed.
 * KB here means 1000 bytes, as in Vite's own build report.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { gzipSync } from 'node:zlib'

const BUDGET_BYTES = 100 * 1000
const dist = new URL('../dist/', import.meta.url).pathname

function jsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return jsFiles(path)
    return name.endsWith('.js') ? [path] : []
  })
}

let files
try {
  files = jsFiles(dist)
} catch {
  console.error(`No build found at ${dist}: run \`npm run build\` first.`)
  process.exit(2)
}
if (files.length === 0) {
  console.error(`No JavaScript in ${dist}: run \`npm run build\` first.`)
  process.exit(2)
}

let total = 0
let sent = 0
const unprecompressed = []
for (const file of files) {
  const gz = gzipSync(readFileSync(file)).length
  const br = existsSync(`${file}.br`) ? statSync(`${file}.br`).size : null
  // The build precompresses its hashed assets of 1 KB or more (`build/precompress.ts`); a file it skips on purpose
  // (`public/sw.js`, copied as it is and small) is not a missing one.
  const precompressed = relative(dist, file).startsWith('assets/') && statSync(file).size >= 1024
  if (br === null && precompressed) unprecompressed.push(relative(dist, file))
  total += gz
  sent += br ?? statSync(file).size
  const brText = br === null ? 'no .br' : `${(br / 1000).toFixed(2)} KB br`
  console.log(`${relative(dist, file).padEnd(40)} ${(gz / 1000).toFixed(2).padStart(8)} KB gz ${brText.padStart(12)}`)
}
const verdict = total <= BUDGET_BYTES ? 'within' : 'OVER'
console.log(`${'total'.padEnd(40)} ${(total / 1000).toFixed(2).padStart(8)} KB gz — ${verdict} the ${BUDGET_BYTES / 1000} KB budget`)
console.log(`${'sent to browsers (precompressed br)'.padEnd(40)} ${(sent / 1000).toFixed(2).padStart(8)} KB`)
if (unprecompressed.length > 0) {
  console.error(`Not precompressed (the server would send them raw): ${unprecompressed.join(', ')}`)
  process.exit(1)
}
process.exit(total <= BUDGET_BYTES ? 0 : 1)
