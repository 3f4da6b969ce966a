import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { MarketBadge } from './MarketBadge'

describe('the market badge', () => {
  it('never calls a year without a market calendar closed or open', () => {
    render(<MarketBadge market={{ status: 'unknown', as_of: '2027-01-26T04:25:00Z', next_open: null, simulated: true }} />)

    expect(screen.getByText('Market status unknown')).toBeInTheDocument()
  })
})
