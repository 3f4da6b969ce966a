/**
 * The demo-market warning, on every page while the server's data is simulated. It has no close button on purpose:
 * a trader must not be able to hide, once and for all, that these prices are not the NSE's.
 */
import { useSimulatedMarket } from '../../hooks/useSimulatedMarket'

export const DEMO_MARKET_TEXT = 'Demo market — simulated prices, not real NSE data'

export function DemoMarketBanner() {
  const simulated = useSimulatedMarket()
  if (!simulated) return null
  return (
    <div className="demo-market-banner" role="note" data-testid="demo-market-banner">
      {DEMO_MARKET_TEXT}
    </div>
  )
}
