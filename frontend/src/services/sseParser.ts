/**
 * A server-sent-events parser for a byte stream read with `fetch` (EventSource cannot send a Bearer header).
 *
 * Follows the HTML spec's event-stream interpretation for what this API uses: lines end in CR, LF or CRLF — and a
 * chunk may end between the CR and the LF, or in the middle of a line; `event:` names the event (default
 * "message"); `data:` lines join with "\n"; one optional space after the colon is dropped; lines starting with ":"
 * are comments (the server's keep-alives); a blank line dispatches, and an event with no data is dropped. `id`
 * is handed over with its event (the stream resumes from it with `Last-Event-ID`); `retry` is not used and ignored.
 */

export interface SseEvent {
  event: string
  data: string
  /** The event's `id:`, when it had one. */
  id?: string
}

/** Returns `push(textChunk)`; each complete event is handed to `onEvent` as soon as its blank line arrives. */
export function createSseParser(onEvent: (event: SseEvent) => void): (chunk: string) => void {
  let buffer = ''
  let afterCR = false
  let event = ''
  let data: string[] = []
  let id: string | undefined

  const line = (text: string) => {
    if (text === '') {
      if (data.length > 0) onEvent({ event: event || 'message', data: data.join('\n'), ...(id === undefined ? {} : { id }) })
      event = ''
      data = []
      id = undefined
      return
    }
    if (text.startsWith(':')) return
    const colon = text.indexOf(':')
    const field = colon === -1 ? text : text.slice(0, colon)
    let value = colon === -1 ? '' : text.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'event') event = value
    else if (field === 'data') data.push(value)
    else if (field === 'id') id = value
  }

  return (chunk) => {
    // An LF straight after a CR that ended the previous chunk belongs to that line ending.
    buffer += afterCR && chunk.startsWith('\n') ? chunk.slice(1) : chunk
    afterCR = false
    let match
    while ((match = /\r\n|\r|\n/.exec(buffer)) !== null) {
      // A CR at the very end may be the first half of a CRLF: end the line now, skip the LF if it comes next.
      if (match[0] === '\r' && match.index === buffer.length - 1) afterCR = true
      line(buffer.slice(0, match.index))
      buffer = buffer.slice(match.index + match[0].length)
    }
  }
}
