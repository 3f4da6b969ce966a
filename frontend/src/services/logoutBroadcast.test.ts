import { describe, expect, it, vi } from 'vitest'

type Tab = typeof import('./logoutBroadcast')

/** A second copy of the module, with its own channel: what another open tab runs. */
async function openTab(): Promise<Tab> {
  vi.resetModules()
  return import('./logoutBroadcast')
}

describe('telling the other tabs about a logout', () => {
  it('reaches a listener in another tab over a BroadcastChannel', async () => {
    const [here, there] = [await openTab(), await openTab()]
    const heard = vi.fn()
    const stop = there.listenForLogoutElsewhere(heard)

    here.announceLogout()

    await vi.waitFor(() => expect(heard).toHaveBeenCalledTimes(1))
    stop()
    here.closeLogoutChannel()
    there.closeLogoutChannel()
  })

  it('does not echo back to the tab that announced it', async () => {
    const [here, there] = [await openTab(), await openTab()]
    const heardHere = vi.fn()
    const heardThere = vi.fn()
    here.listenForLogoutElsewhere(heardHere)
    there.listenForLogoutElsewhere(heardThere)

    here.announceLogout()

    await vi.waitFor(() => expect(heardThere).toHaveBeenCalledTimes(1))
    expect(heardHere).not.toHaveBeenCalled()
    here.closeLogoutChannel()
    there.closeLogoutChannel()
  })

  it('falls back to a storage event without BroadcastChannel, and leaves nothing in storage', async () => {
    vi.stubGlobal('BroadcastChannel', undefined)
    const tab = await openTab()
    const written = vi.spyOn(Storage.prototype, 'setItem')
    const heard = vi.fn()
    const stop = tab.listenForLogoutElsewhere(heard)

    tab.announceLogout()
    const [key, value] = written.mock.calls[0] ?? []
    // What another tab's window receives: the write, then the removal.
    window.dispatchEvent(new StorageEvent('storage', { key, newValue: value, oldValue: null }))
    window.dispatchEvent(new StorageEvent('storage', { key, newValue: null, oldValue: value }))

    expect(heard).toHaveBeenCalledTimes(1)
    expect(window.localStorage.length).toBe(0)
    stop()
  })

  it('ignores storage events about other keys', async () => {
    vi.stubGlobal('BroadcastChannel', undefined)
    const tab = await openTab()
    const heard = vi.fn()
    const stop = tab.listenForLogoutElsewhere(heard)

    window.dispatchEvent(new StorageEvent('storage', { key: 'theme', newValue: 'dark' }))

    expect(heard).not.toHaveBeenCalled()
    stop()
  })
})

describe('while the page sits in the back/forward cache', () => {
  it('closes the channel, so a logout message cannot evict the page, and opens it again on the way back', async () => {
    const [here, there] = [await openTab(), await openTab()]
    const heard = vi.fn()
    const stop = here.listenForLogoutElsewhere(heard)
    const closed = vi.spyOn(BroadcastChannel.prototype, 'close')

    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }))
    expect(closed).toHaveBeenCalledTimes(1)

    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))
    there.announceLogout()
    await vi.waitFor(() => expect(heard).toHaveBeenCalledTimes(1))
    stop()
    there.closeLogoutChannel()
  })

  it('keeps the channel open when the page is left for good', async () => {
    const tab = await openTab()
    const stop = tab.listenForLogoutElsewhere(vi.fn())
    const closed = vi.spyOn(BroadcastChannel.prototype, 'close')

    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }))

    expect(closed).not.toHaveBeenCalled()
    stop()
  })
})
