import { describe, expect, it } from 'vitest'
import { SIGNALS, history, pastSignal } from '../test/fixtures'
import { fakeApiWith } from '../test/helpers'
import { logInAs } from '../test/render'
import { getHistory, getQuota, getSignals } from './signalsApi'

/** `value` without its `null` fields, deep: how the generated types allow an unknown field to arrive. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  )
}

describe('the signals wrappers', () => {
  it('pass the contract’s answers through unchanged', async () => {
    const answer = history('NIFTY', [pastSignal('09:20', 'HOLD', 24500, null), pastSignal('09:15', 'BUY', 24490)])
    fakeApiWith({ 'GET /signals': { status: 200, body: SIGNALS }, 'GET /signals/history': { status: 200, body: answer } })
    logInAs()

    await expect(getSignals()).resolves.toEqual(SIGNALS)
    await expect(getHistory('NIFTY')).resolves.toEqual(answer)
  })

  it('read an unknown field left out of the JSON as null, at every depth', async () => {
    const paid = { ...SIGNALS, remaining: null, resets_at: null }
    const answer = history('NIFTY', [pastSignal('09:20', 'HOLD', 24500), pastSignal('09:15', 'SELL', 24490, null)])
    const quota = { unlimited: true, limit: null, remaining: null, resets_at: null }
    fakeApiWith({
      'GET /signals': { status: 200, body: withoutNulls(paid) },
      'GET /signals/history': { status: 200, body: withoutNulls(answer) },
      'GET /signals/quota': { status: 200, body: withoutNulls(quota) },
    })
    logInAs()

    await expect(getSignals()).resolves.toEqual(paid)
    await expect(getHistory('NIFTY')).resolves.toEqual(answer)
    await expect(getQuota()).resolves.toEqual(quota)
  })

  it('ask for the symbol’s history with the limit as query parameters', async () => {
    const api = fakeApiWith({})
    logInAs()

    await getHistory('BANKNIFTY', 20)

    expect(api.requests[0]?.query.get('symbol')).toBe('BANKNIFTY')
    expect(api.requests[0]?.query.get('limit')).toBe('20')
  })
})
