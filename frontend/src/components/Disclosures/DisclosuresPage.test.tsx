import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { fakeApiWith } from '../../test/helpers'
import { logInAs, renderAt } from '../../test/render'
import { ComplaintsTable } from './ComplaintsTable'

describe('/disclosures', () => {
  it('is open without a session and shows the registration from /site', async () => {
    fakeApiWith({})

    renderAt('/disclosures')

    const registration = screen.getByRole('region', { name: 'Registration' })
    expect(await within(registration).findByText('INH000012345')).toBeInTheDocument()
    expect(registration).toHaveTextContent('Example Research Pvt Ltd')
    expect(registration).toHaveTextContent('A. Analyst')
    expect(window.location.pathname).toBe('/disclosures')
  })

  it('stays open with a session', async () => {
    fakeApiWith({})
    logInAs()

    renderAt('/disclosures')

    expect(await screen.findByRole('heading', { name: 'Disclosures', level: 1 })).toBeInTheDocument()
    expect(window.location.pathname).toBe('/disclosures')
  })

  it('carries the investor charter’s headings, the risk notice and the grievance route in order', async () => {
    fakeApiWith({})

    renderAt('/disclosures')
    await screen.findByTestId('ra-registration')
    await screen.findAllByText('INH000012345')

    for (const heading of ['Vision', 'Mission', 'Services we provide', 'Grievance redressal mechanism', 'Your rights', 'Your responsibilities']) {
      expect(screen.getByRole('heading', { name: heading, level: 3 })).toBeInTheDocument()
    }
    expect(screen.getByRole('complementary', { name: 'Risk notice' })).toHaveTextContent('9 out of 10 individual traders')
    const route = within(screen.getByRole('region', { name: 'How to complain' })).getAllByRole('listitem')
    expect(route.map((step) => step.textContent)).toEqual([
      'Write to us at support@example.in.',
      'Not resolved? Write to our grievance officer at grievance@example.in.',
      'Still not resolved? Lodge it with SEBI on SCORES: https://scores.sebi.gov.in.',
      'After SCORES, you may take it to online dispute resolution through Smart ODR: https://smartodr.in.',
    ])
  })
})

describe('the complaints table', () => {
  it('is SEBI’s monthly format with zeros, as of this month, labelled as the format the operator fills in', () => {
    render(<ComplaintsTable now={new Date('2026-12-03T10:00:00+05:30')} />)

    expect(screen.getByTestId('complaints-as-of')).toHaveTextContent('As of December 2026.')
    expect(screen.getByTestId('complaints-as-of')).toHaveTextContent('format to be filled in by the operator')
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent)
    expect(headers).toEqual([
      'Received from',
      'Pending at end of last month',
      'Received',
      'Resolved',
      'Total pending',
      'Pending > 3 months',
      'Average resolution time (days)',
    ])
    const rows = screen.getAllByRole('row').slice(1).map((row) => within(row).getByRole('rowheader').textContent)
    expect(rows).toEqual(['Directly from investors', 'SEBI (SCORES)', 'Other sources (if any)', 'Grand total'])
    expect(screen.getAllByRole('cell').filter((c) => c.textContent !== '–').every((c) => c.textContent === '0')).toBe(true)
  })
})
