/**
 * Vite plugin: write a `.br` and a `.gz` next to every text asset of the production build.
 *
 * The Rust server serves these to browsers that accept them (`src/adapters/http/dashboard.rs`), so the dashboard's
 * JavaScript goes out compressed without compressing anything per request; at build time we can afford the
 * smallest settings (brotli 11, gzip 9). Files under 1 KB are left alone: the saving would not pay for the header.
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { Plugin } from 'vite'

const COMPRESSIBLE = /\.(js|mjs|css|svg|json|html)$/
const MIN_BYTES = 1024

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

export function precompress(): Plugin {
  let outDir = 'dist'
  return {
    name: 'signalbox:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir
    },
    closeBundle() {
      const assets = join(outDir, 'assets')
      for (const file of filesUnder(assets)) {
        if (!COMPRESSIBLE.test(file)) continue
        const data = readFileSync(file)
        if (data.length < MIN_BYTES) continue
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(data, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
            },
          }),
        )
        writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }))
      }
    },
  }
}
