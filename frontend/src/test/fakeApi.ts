/**
 * An in-memory stand-in for the Signalbox server, plugged in as the generated client's `fetch`.
 *
 * Everything above the network stays real — the generated client, our interceptors, error extraction — so tests
 * exercise the same code path as the browser. Routes answer with a status, a JSON body and headers; a route can
 * also hold its answer back (`deferred`) to let a test look at loading states.
 *
 * The footer asks `GET /site` on every page. That question is answered with `SITE` unless a test sets the route, and
 * it is kept in `background` rather than `requests`, so tests about what a page sends are not about the footer.
 */
import { configureApi } from '../services/api'
import { SITE } from './fixtures'

const BACKGROUND = new Set(['GET /site'])

export interface FakeRequest {
  method: string
  path: string
  query: URLSearchParams
  headers: Headers
  /** The JSON body as sent (parsed), its text when it is not JSON, undefined when there is none. */
  body: unknown
}

export interface FakeResponse {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

export type FakeHandler = (request: FakeRequest) => FakeResponse | Promise<FakeResponse>

export interface Deferred {
  /** Resolves the held request with this answer. */
  respond(response: FakeResponse): void
}

function toResponse(answer: FakeResponse): Response {
  const headers = new Headers(answer.headers)
  if (answer.body === undefined) return new Response(null, { status: answer.status, headers })
  const text = typeof answer.body === 'string'
  if (!headers.has('Content-Type')) headers.set('Content-Type', text ? 'text/plain' : 'application/json')
  return new Response(text ? (answer.body as string) : JSON.stringify(answer.body), { status: answer.status, headers })
}

async function bodyOf(request: Request): Promise<unknown> {
  const text = await request.text()
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

export class FakeApi {
  readonly requests: FakeRequest[] = []
  /** The footer's `GET /site` requests (see the module's comment). */
  readonly background: FakeRequest[] = []
  private readonly routes = new Map<string, FakeHandler>([['GET /site', () => ({ status: 200, body: SITE })]])

  /** Answers `METHOD /path` with a fixed response or a handler (which may count calls, vary answers...). */
  on(method: string, path: string, answer: FakeResponse | FakeHandler): this {
    this.routes.set(`${method.toUpperCase()} ${path}`, typeof answer === 'function' ? answer : () => answer)
    return this
  }

  /** Holds the next request to `METHOD /path` until the test calls `respond`. */
  deferred(method: string, path: string): Deferred {
    let release: (response: FakeResponse) => void = () => {}
    const answer = new Promise<FakeResponse>((resolve) => {
      release = resolve
    })
    this.on(method, path, () => answer)
    return { respond: (response) => release(response) }
  }

  count(method: string, path: string): number {
    return this.requests.filter((r) => r.method === method.toUpperCase() && r.path === path).length
  }

  /** Same signature as the global `fetch`; the generated client always passes a `Request`. */
  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const sent = new Request(input, init)
    const url = new URL(sent.url)
    const request: FakeRequest = {
      method: sent.method,
      path: url.pathname,
      query: url.searchParams,
      headers: new Headers(sent.headers),
      body: await bodyOf(sent),
    }
    const route = `${request.method} ${url.pathname}`
    ;(BACKGROUND.has(route) ? this.background : this.requests).push(request)
    const handler = this.routes.get(`${request.method} ${url.pathname}`)
    const answer = handler
      ? await handler(request)
      : { status: 404, body: { detail: `no fake for ${request.method} ${url.pathname}` } }
    return toResponse(answer)
  }
}

/** A fresh fake server, installed as the client's transport. */
export function installFakeApi(): FakeApi {
  const api = new FakeApi()
  configureApi({ baseUrl: '', fetch: api.fetch })
  return api
}

export const detail = (status: number, text: string, headers?: Record<string, string>): FakeResponse => ({
  status,
  body: { detail: text },
  headers,
})
