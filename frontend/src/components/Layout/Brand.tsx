/**
 * The Signalbox wordmark, shared by the login card and the dashboard header.
 */
export function Brand() {
  return (
    <span className="brand">
      <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="7" />
        <path d="M5 21l6-7 5 4 6-9 5 5" />
      </svg>
      <span className="brand-name">Signalbox</span>
    </span>
  )
}
