/**
 * An in-memory stand-in for the Signalbox server, plugged in as the axios adapter.
 *
 * Everything above the network stays real — the generated client, our interceptors, error extraction — so tests
 * exercise the same code path as the browser. Routes answer with a status, a JSON body and headers; a route can
 * also hold its answer back (`deferred`) to let a test look at loading states.
 */
import { AxiosError, AxiosHeaders, type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios'
import { configureApi } from '../services/api'

export interface FakeRequest {
  method: string
  path: string
  /** The query string, from the URL and axios `params` alike. */
  query: URLSearchParams
  headers: AxiosHeaders
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

function toResponse(config: InternalAxiosRequestConfig, answer: FakeResponse): AxiosResponse {
  return {
    data: answer.body,
    status: answer.status,
    statusText: String(answer.status),
    headers: new AxiosHeaders(answer.headers ?? {}),
    config,
    request: {},
  }
}

function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return data
  try {
    return JSON.parse(data)
  } catch {
    return data
  }
}

export class FakeApi {
  readonly requests: FakeRequest[] = []
  private readonly routes = new Map<string, FakeHandler>()

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

  readonly adapter: AxiosAdapter = async (config) => {
    const method = (config.method ?? 'get').toUpperCase()
    const url = new URL(config.url ?? '/', 'http://signalbox.test')
    const query = new URLSearchParams(url.search)
    for (const [key, value] of Object.entries((config.params ?? {}) as Record<string, unknown>)) query.set(key, String(value))
    const request: FakeRequest = {
      method,
      path: url.pathname,
      query,
      headers: AxiosHeaders.from(config.headers),
      body: parseBody(config.data),
    }
    this.requests.push(request)
    const handler = this.routes.get(`${method} ${url.pathname}`)
    const answer = handler
      ? await handler(request)
      : { status: 404, body: { detail: `no fake for ${method} ${url.pathname}` } }
    const response = toResponse(config, answer)
    const ok = config.validateStatus ? config.validateStatus(answer.status) : answer.status < 400
    if (ok) return response
    const code = answer.status >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST
    throw new AxiosError(`Request failed with status code ${answer.status}`, code, config, request, response)
  }
}

/** A fresh fake server, installed as the client's transport. */
export function installFakeApi(): FakeApi {
  const api = new FakeApi()
  configureApi({ baseURL: '', adapter: api.adapter })
  return api
}

export const detail = (status: number, text: string, headers?: Record<string, string>): FakeResponse => ({
  status,
  body: { detail: text },
  headers,
})
