import { describe, expect, it } from 'vitest'
import { TOKEN } from '../test/fixtures'
import { configureApi } from './api'
import { apiBaseUrl, isCrossOrigin } from './apiUrl'
import { requestToken } from './authApi'

/** Configures the client for `baseUrl` and returns the credentials mode its login request went with. */
async function credentialsOfLoginWith(baseUrl: string): Promise<RequestCredentials | undefined> {
  const sent: Request[] = []
  configureApi({
    baseUrl,
    fetch: async (input, init) => {
      sent.push(new Request(input, init))
      return new Response(JSON.stringify(TOKEN), { status: 200, headers: { 'Content-Type': 'application/json' } })
    },
  })
  await requestToken({ email: 'trader@example.com', password: 'correct horse' })
  return sent[0]?.credentials
}

describe('the API base URL chosen at build time', () => {
  it('is the page’s own origin when neither variable is set', () => {
    expect(apiBaseUrl({})).toBe('')
    expect(apiBaseUrl({ VITE_API_URL: '  ', REACT_APP_API_URL: '' })).toBe('')
  })

  it('reads VITE_API_URL', () => {
    expect(apiBaseUrl({ VITE_API_URL: 'https://api.example.com' })).toBe('https://api.example.com')
  })

  it('accepts REACT_APP_API_URL, the name a Create-React-App setup uses', () => {
    expect(apiBaseUrl({ REACT_APP_API_URL: 'https://api.example.com/' })).toBe('https://api.example.com')
  })

  it('prefers VITE_API_URL when both are set', () => {
    expect(apiBaseUrl({ VITE_API_URL: 'https://vite.example.com', REACT_APP_API_URL: 'https://cra.example.com' })).toBe(
      'https://vite.example.com',
    )
  })
})

describe('whether requests must ask for the refresh cookie', () => {
  it('only when the API is on another origin', () => {
    expect(isCrossOrigin('', 'https://app.example.com')).toBe(false)
    expect(isCrossOrigin('https://app.example.com', 'https://app.example.com')).toBe(false)
    expect(isCrossOrigin('https://api.example.com', 'https://app.example.com')).toBe(true)
    expect(isCrossOrigin('http://localhost:8000', 'http://localhost:5173')).toBe(true)
  })
})

describe('the configured client', () => {
  it('asks for the refresh cookie on an API of another origin', async () => {
    expect(await credentialsOfLoginWith('https://api.example.com')).toBe('include')
  })

  it('keeps cookies same-origin when the API is the page’s own', async () => {
    expect(await credentialsOfLoginWith(window.location.origin)).toBe('same-origin')
  })
})
