/**
 * A stand-in for `GET /signals/stream`, installed as the global `fetch` (the stream is the one request that does
 * not go through the generated client, whose `fetch` the fake API replaces). Every connection is recorded; the test decides what each one answers and writes events
 * into it. By default (see `setup.ts`) connections stay open and silent, so no test reaches the network.
 */
import { vi } from 'vitest'

export interface StreamConnection {
  url: string
  headers: Headers
  aborted: boolean
  /** Answers with this status and no body (403 for a free user, 401 for a stale token…). */
  refuse(status: number): void
  /** Answers 200 with an open event stream. */
  accept(): void
  /** Writes raw event-stream text (after `accept`). */
  write(text: string): void
  /** The server ends the response. */
  end(): void
}

export class FakeStream {
  readonly connections: StreamConnection[] = []
  private waiters: (() => void)[] = []

  readonly fetch = (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> =>
    new Promise((resolve, reject) => {
      const encoder = new TextEncoder()
      let controller: ReadableStreamDefaultController<Uint8Array> | null = null
      const connection: StreamConnection = {
        url: String(input),
        headers: new Headers(init.headers),
        aborted: false,
        refuse: (status) => resolve(new Response(null, { status })),
        accept: () =>
          resolve(
            new Response(new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) }), {
              status: 200,
              headers: { 'Content-Type': 'text/event-stream' },
            }),
          ),
        write: (text) => controller?.enqueue(encoder.encode(text)),
        end: () => controller?.close(),
      }
      init.signal?.addEventListener('abort', () => {
        connection.aborted = true
        const error = new DOMException('aborted', 'AbortError')
        try {
          controller?.error(error)
        } catch {
          // Already closed.
        }
        reject(error)
      })
      this.connections.push(connection)
      this.waiters.splice(0).forEach((wake) => wake())
    })

  /** The `n`th connection (0-based), once it has been opened. */
  async connection(n: number): Promise<StreamConnection> {
    while (this.connections.length <= n) await new Promise<void>((wake) => this.waiters.push(wake))
    return this.connections[n] as StreamConnection
  }
}

let current = new FakeStream()

export function installFakeStream(): FakeStream {
  current = new FakeStream()
  vi.stubGlobal('fetch', current.fetch)
  return current
}

export function fakeStream(): FakeStream {
  return current
}
