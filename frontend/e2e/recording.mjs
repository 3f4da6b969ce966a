/**
 * The recorded demo: one frame per step of the walk, saved as an animated PNG (APNG) at `docs/demo/demo-walk.png`,
 * which browsers and GitHub play wherever the README shows it.
 *
 * Frames are taken through the DevTools protocol at half the viewport's size (`Page.captureScreenshot` with a
 * `clip.scale`), so the whole walk stays well under 3 MB without decoding a pixel. An APNG is a PNG whose frames are
 * the frames' own compressed image data, renumbered: assembling one needs no image encoder and no dependency, only
 * byte copying and a CRC. Frames of another size than the first (a step that ended at a phone
 * width) are left out, since every APNG frame here covers the whole canvas.
 *
 * Recording never fails the walk: a frame that cannot be taken is skipped, and a file that cannot be written is
 * reported and left as it was. `E2E_RECORDING=off` turns it off.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
/** How long each step stays on screen. */
const FRAME_MS = 1600
/** The file must stay small enough to sit in the repository and load in a README. */
const MAX_BYTES = 3 * 1024 * 1024

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes) {
  let c = 0xffffffff
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type, data) {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'ascii')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

/** The chunks of a PNG file, in order. */
function chunksOf(png) {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG')
  const chunks = []
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at)
    chunks.push({ type: png.toString('ascii', at + 4, at + 8), data: png.subarray(at + 8, at + 8 + length) })
    at += 12 + length
  }
  return chunks
}

function frameControl(sequence, width, height) {
  const data = Buffer.alloc(26)
  data.writeUInt32BE(sequence, 0)
  data.writeUInt32BE(width, 4)
  data.writeUInt32BE(height, 8)
  // x and y offsets 0; delay FRAME_MS/1000 s; dispose none, blend source (each frame replaces the canvas).
  data.writeUInt16BE(FRAME_MS, 20)
  data.writeUInt16BE(1000, 22)
  return chunk('fcTL', data)
}

/** PNG files of one size and colour type → one looping APNG. Exported for its own check. */
export function assembleApng(pngs) {
  const frames = pngs.map(chunksOf)
  const ihdr = frames[0].find((c) => c.type === 'IHDR').data
  const same = frames.filter((f) => f.find((c) => c.type === 'IHDR').data.equals(ihdr))
  const width = ihdr.readUInt32BE(0)
  const height = ihdr.readUInt32BE(4)
  const animation = Buffer.alloc(8)
  animation.writeUInt32BE(same.length, 0) // frames; plays 0 = loop forever
  const parts = [SIGNATURE, chunk('IHDR', ihdr), chunk('acTL', animation)]
  // The first file's chunks that describe the image (colour space, gamma) before its data.
  for (const c of same[0]) {
    if (c.type === 'IDAT') break
    if (c.type !== 'IHDR') parts.push(chunk(c.type, c.data))
  }
  let sequence = 0
  same.forEach((frame, index) => {
    parts.push(frameControl(sequence++, width, height))
    for (const c of frame.filter((c) => c.type === 'IDAT')) {
      if (index === 0) {
        parts.push(chunk('IDAT', c.data))
      } else {
        const numbered = Buffer.alloc(4 + c.data.length)
        numbered.writeUInt32BE(sequence++, 0)
        c.data.copy(numbered, 4)
        parts.push(chunk('fdAT', numbered))
      }
    }
  })
  parts.push(chunk('IEND', Buffer.alloc(0)))
  return { apng: Buffer.concat(parts), frames: same.length, skipped: frames.length - same.length }
}

/** Starts a recording that `save()` writes into `dir`. */
export function startRecording(dir) {
  const enabled = process.env.E2E_RECORDING !== 'off'
  const pngs = []
  const sessions = new WeakMap()
  return {
    /** Adds the page as it stands now as the next frame. */
    async capture(page) {
      if (!enabled) return
      try {
        let cdp = sessions.get(page)
        if (cdp === undefined) {
          cdp = await page.context().newCDPSession(page)
          sessions.set(page, cdp)
        }
        const { width, height } = page.viewportSize() ?? { width: 1280, height: 860 }
        const shot = await cdp.send('Page.captureScreenshot', {
          format: 'png',
          clip: { x: 0, y: 0, width, height, scale: 0.5 },
        })
        pngs.push(Buffer.from(shot.data, 'base64'))
      } catch (error) {
        console.log(`  (recording: a frame was skipped: ${error instanceof Error ? error.message : error})`)
      }
    },
    /** Writes `demo-walk.png`; never throws. */
    save() {
      if (!enabled || pngs.length === 0) return
      try {
        const { apng, frames, skipped } = assembleApng(pngs)
        if (apng.length > MAX_BYTES) throw new Error(`${apng.length} bytes is over ${MAX_BYTES}`)
        writeFileSync(join(dir, 'demo-walk.png'), apng)
        const kb = Math.round(apng.length / 1024)
        console.log(`  (recording: docs/demo/demo-walk.png, ${frames} frames, ${kb} KB${skipped ? `, ${skipped} of another size left out` : ''})`)
      } catch (error) {
        console.log(`  (recording not written: ${error instanceof Error ? error.message : error})`)
      }
    },
  }
}
