import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { SITE } from '../../test/fixtures'
import { fakeApiWith } from '../../test/helpers'
import { renderAt } from '../../test/render'

const SEBI_SENTENCE =
  'Registration granted by SEBI, membership of BASL and certification from NISM in no way guarantee performance of the intermediary or provide any assurance of returns to investors.'

describe('the site footer', () => {
  for (const page of ['/login', '/forgot-password', '/reset-password?token=t', '/disclosures']) {
    it(`shows the business, its SEBI registration, both addresses and SEBI’s sentence on ${page}`, async () => {
      fakeApiWith({})

      renderAt(page)

      const footer = await screen.findByTestId('site-footer')
      expect(await within(footer).findByText('Example Research Pvt Ltd')).toBeInTheDocument()
      expect(footer).toHaveTextContent('Research analyst: A. Analyst')
      expect(within(footer).getByTestId('ra-registration')).toHaveTextContent('INH000012345')
      expect(within(footer).getByRole('link', { name: 'support@example.in' })).toHaveAttribute('href', 'mailto:support@example.in')
      expect(within(footer).getByRole('link', { name: 'grievance@example.in' })).toHaveAttribute('href', 'mailto:grievance@example.in')
      expect(footer).toHaveTextContent(SEBI_SENTENCE)
      expect(within(footer).getByRole('link', { name: 'Disclosures' })).toHaveAttribute('href', '/disclosures')
      expect(within(footer).getByRole('link', { name: 'How it works' })).toHaveAttribute('href', '/how-it-works')
    })
  }

  it('says a demo has no registration number', async () => {
    fakeApiWith({
      'GET /site': { status: 200, body: { ...SITE, research_analyst: { name: 'Not registered', registration_no: null } } },
    })

    renderAt('/login')

    expect(await screen.findByTestId('ra-registration')).toHaveTextContent('none (demo)')
  })

  it('leads to the disclosures page from the login page', async () => {
    fakeApiWith({})
    renderAt('/login')

    await userEvent.click(within(await screen.findByTestId('site-footer')).getByRole('link', { name: 'Disclosures' }))

    expect(await screen.findByRole('heading', { name: 'Disclosures', level: 1 })).toBeInTheDocument()
    expect(window.location.pathname).toBe('/disclosures')
  })

  it('asks /site once per page load, however many pages are visited', async () => {
    const api = fakeApiWith({})
    renderAt('/login')
    await screen.findByText('Example Research Pvt Ltd')

    await userEvent.click(screen.getByRole('link', { name: 'Disclosures' }))
    await screen.findByRole('heading', { name: 'Disclosures', level: 1 })

    expect(api.background.length).toBe(1)
  })
})

describe('the demo-market banner before any signal', () => {
  it('shows on the login page of a brand-new browser when /site says the prices are simulated', async () => {
    fakeApiWith({ 'GET /site': { status: 200, body: { ...SITE, market: { simulated: true, source: 'simulator' } } } })

    renderAt('/login')

    expect(await screen.findByTestId('demo-market-banner')).toHaveTextContent('Demo market — simulated prices, not real NSE data')
  })

  it('stays away when /site says the prices are real', async () => {
    fakeApiWith({})

    renderAt('/login')

    await screen.findByText('Example Research Pvt Ltd')
    expect(screen.queryByTestId('demo-market-banner')).toBeNull()
  })
})
