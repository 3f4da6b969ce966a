/**
 * A QR code of `text`, drawn as SVG squares from `uqr`'s module matrix (no HTML strings). Loaded lazily: only the
 * Telegram card needs it, so the encoder stays out of the main bundle.
 */
import { encode } from 'uqr'

export default function QrCode({ text, label }: { text: string; label: string }) {
  const { data, size } = encode(text, { border: 2 })
  const cells: string[] = []
  data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) cells.push(`M${x} ${y}h1v1h-1z`)
    }),
  )
  return (
    <svg className="qr-code" role="img" aria-label={label} viewBox={`0 0 ${size} ${size}`} width="160" height="160">
      <rect width={size} height={size} fill="#fff" />
      <path d={cells.join('')} fill="#000" />
    </svg>
  )
}
