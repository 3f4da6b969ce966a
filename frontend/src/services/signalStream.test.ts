import { describe, expect, it, vi } from 'vitest'
import { detail } from '../test/fakeApi'
import { fakeStream } from '../test/fakeStream'
import { REFRESHED_TOKEN, SIGNALS } from '../test/fixtures'
import { fakeApiWith } from '../test/helpers'
import { logInAs } from '../test/render'
import { endSession } from './session'
import { backoffMs, openStream, type StreamStatus } from './signalStream'
import type { Signal } from './signalsContract'

const NEW_SIGNAL = { ...SIGNALS.signals[0], type: 'SELL', timestamp: '2026-11-25T09:20:00Z' } as Signal

/** Opens the stream with waits the test releases one by one. */
function open() {
  const signals: Signal[] = []
  const statuses: StreamStatus[] = []
  const waits: { ms: number; release(): void }[] = []
  const close = openStream({
    onSignal: (signal) => signals.push(signal),
    onStatus: (status) => statuses.push(status),
    wait: (ms) => new Promise<void>((release) => waits.push({ ms, release })),
  })
  return { signals, statuses, waits, close }
}

describe('the live signal stream', () => {
  it('sends the bearer token and hands over each signal event, skipping keep-alives and malformed data', async () => {
    fakeApiWith({})
    logInAs()
    const { signals, statuses, close } = open()

    const connection = await fakeStream().connection(0)
    expect(connection.url).toBe('/signals/stream')
    expect(connection.headers.get('Authorization')).toBe('Bearer token-abc')
    connection.accept()
    connection.write(': keep-alive\n\nevent: signal\ndata: {"symbol":"NIFTY"}\n\n')
    connection.write(`event: signal\ndata: ${JSON.stringify(NEW_SIGNAL)}\n\n`)

    await vi.waitFor(() => expect(signals).toEqual([NEW_SIGNAL]))
    expect(statuses).toEqual(['connecting', 'live'])
    close()
    expect(connection.aborted).toBe(true)
  })

  it('reconnects after a dropped connection with growing waits, back to the first once connected', async () => {
    fakeApiWith({})
    logInAs()
    const { waits, statuses, close } = open()

    ;(await fakeStream().connection(0)).refuse(502)
    await vi.waitFor(() => expect(waits).toHaveLength(1))
    waits[0]?.release()
    ;(await fakeStream().connection(1)).refuse(503)
    await vi.waitFor(() => expect(waits).toHaveLength(2))
    waits[1]?.release()
    const third = await fakeStream().connection(2)
    third.accept()
    third.end()
    await vi.waitFor(() => expect(waits).toHaveLength(3))

    expect(waits.map((w) => w.ms)).toEqual([1000, 2000, 1000])
    expect(statuses).toEqual(['connecting', 'reconnecting', 'reconnecting', 'live', 'reconnecting'])
    close()
  })

  it('on an expired token the server ends the stream and it comes back at once, renewed, resuming after the last event', async () => {
    const api = fakeApiWith({ 'POST /auth/refresh': { status: 200, body: REFRESHED_TOKEN } })
    logInAs()
    const { signals, waits, close } = open()

    const first = await fakeStream().connection(0)
    first.accept()
    first.write(`event: signal\nid: 1795000500-NIFTY\ndata: ${JSON.stringify(NEW_SIGNAL)}\n\n`)
    first.write('event: end\ndata: {"reason":"token_expired","reconnect":true}\n\n')

    const second = await fakeStream().connection(1)
    expect(second.headers.get('Last-Event-ID')).toBe('1795000500-NIFTY')
    expect(second.headers.get('Authorization')).toBe(`Bearer ${REFRESHED_TOKEN.access_token}`)
    expect(api.count('POST', '/auth/refresh')).toBe(1)
    expect(waits).toEqual([])
    expect(signals).toEqual([NEW_SIGNAL])
    close()
  })

  it('stops and says why when the server ends the stream for good', async () => {
    fakeApiWith({})
    logInAs()
    const ended: string[] = []
    const statuses: StreamStatus[] = []
    openStream({ onSignal: () => {}, onStatus: (s) => statuses.push(s), onEnded: (reason) => ended.push(reason) })

    const connection = await fakeStream().connection(0)
    connection.accept()
    connection.write('event: end\ndata: {"reason":"plan_ended","reconnect":false}\n\n')

    await vi.waitFor(() => expect(statuses.at(-1)).toBe('stopped'))
    expect(ended).toEqual(['plan_ended'])
    expect(fakeStream().connections).toHaveLength(1)
  })

  it('caps the wait at 30 seconds', () => {
    expect([0, 1, 4, 5, 12].map(backoffMs)).toEqual([1000, 2000, 16_000, 30_000, 30_000])
  })

  it('stops for good on a 403: the user is not on the paid plan', async () => {
    fakeApiWith({})
    logInAs()
    const { waits, statuses } = open()

    ;(await fakeStream().connection(0)).refuse(403)

    await vi.waitFor(() => expect(statuses).toEqual(['connecting', 'stopped']))
    expect(waits).toEqual([])
  })

  it('renews the token once on a 401 and connects again with the new one', async () => {
    const api = fakeApiWith({ 'POST /auth/refresh': { status: 200, body: REFRESHED_TOKEN } })
    logInAs()
    const { close } = open()

    ;(await fakeStream().connection(0)).refuse(401)
    const second = await fakeStream().connection(1)

    expect(second.headers.get('Authorization')).toBe('Bearer token-new')
    expect(api.count('POST', '/auth/refresh')).toBe(1)
    close()
  })

  it('stops when the refresh cookie no longer holds a session', async () => {
    fakeApiWith({ 'POST /auth/refresh': detail(401, 'refresh token revoked') })
    logInAs()
    const { statuses, waits } = open()

    ;(await fakeStream().connection(0)).refuse(401)

    await vi.waitFor(() => expect(statuses).toContain('stopped'))
    expect(fakeStream().connections).toHaveLength(1)
    expect(waits).toEqual([])
  })

  it('closes the connection when the session ends (logout here or in another tab)', async () => {
    fakeApiWith({})
    logInAs()
    const { statuses } = open()
    const connection = await fakeStream().connection(0)
    connection.accept()

    endSession()

    expect(connection.aborted).toBe(true)
    expect(statuses.at(-1)).toBe('stopped')
  })
})
