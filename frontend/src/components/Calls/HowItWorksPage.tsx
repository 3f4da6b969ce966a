/**
 * `/how-it-works`: how a signal and a call are made, rendered from `GET /signals/model` — the parameters the server
 * actually runs with, so this page cannot drift from the code. Public: readable before signing up.
 */
import { useRequest } from '../../hooks/useRequest'
import { Link } from '../../router/Link'
import { getModel } from '../../services/callsApi'
import { Brand } from '../Layout/Brand'
import { ErrorState } from '../Layout/ErrorState'
import { Skeleton } from '../Layout/Skeleton'
import './calls.css'

function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(1)} %`
}

export function HowItWorksPage({ loggedIn }: { loggedIn: boolean }) {
  const model = useRequest(getModel)
  let body
  if (model.data !== null) {
    const { indicators: i, levels: l, session: s, confidence: c } = model.data
    body = (
      <>
        <section aria-labelledby="hiw-signal">
          <h2 id="hiw-signal">The stance</h2>
          <p>
            On every closed {i.candle_minutes}-minute candle the model compares a fast {i.fast_ma_period}-candle moving
            average of closes with a slow {i.slow_ma_period}-candle one: fast above slow reads as an up-trend (BUY),
            below as a down-trend (SELL). A {i.rsi_period}-candle RSI above {i.rsi_overbought} vetoes a BUY and below{' '}
            {i.rsi_oversold} a SELL. A change of that read opens a call; the signal you see is the call's stance — BUY
            while a long call is open, SELL while a short one is, HOLD while flat.
          </p>
        </section>
        <section aria-labelledby="hiw-levels">
          <h2 id="hiw-levels">Stop-loss and target</h2>
          <p>
            A call's stop-loss sits <strong data-testid="model-stop-atr">{l.stop_loss_atr}</strong> × ATR against the entry
            and its target <strong data-testid="model-target-atr">{l.target_atr}</strong> × ATR for it, where ATR is the
            average true range of the last <strong data-testid="model-atr-period">{l.atr_period}</strong> candles; levels
            are rounded to {l.tick} points.
          </p>
        </section>
        <section aria-labelledby="hiw-session">
          <h2 id="hiw-session">The session</h2>
          <p>
            Calls live within the exchange session, {s.opens}–{s.closes} (UTC{s.utc_offset}). No call opens in the
            last <strong data-testid="model-no-entry">{s.no_entry_before_close_minutes}</strong> minutes, and every
            open call ends at the close: nothing is carried overnight.
          </p>
        </section>
        <section aria-labelledby="hiw-exits">
          <h2 id="hiw-exits">How a call ends</h2>
          <ol data-testid="model-exit-rules">
            {model.data.exit_rules.map((rule) => (
              <li key={rule.rule}>
                {rule.rule} <span className="exit-reason">({rule.exit_reason})</span>
              </li>
            ))}
          </ol>
        </section>
        <section aria-labelledby="hiw-cost">
          <h2 id="hiw-cost">Costs</h2>
          <p>
            Every result is judged net of a round trip of <strong data-testid="model-cost">{model.data.cost_bps}</strong>{' '}
            basis points ({(model.data.cost_bps / 100).toFixed(2)} %).
          </p>
        </section>
        <section aria-labelledby="hiw-confidence">
          <h2 id="hiw-confidence">Confidence</h2>
          <p>
            A call's confidence is {c.method}. Before there is evidence, the target's share starts at{' '}
            <strong data-testid="model-prior">{pct(c.prior_hit_rate)}</strong> — the odds of a market without edge —
            weighing {c.prior_weight} calls; the share of calls ending at a level at all starts at {pct(c.resolved_prior)}{' '}
            weighing {c.resolved_prior_weight}; each symbol and side departs from the pooled rates as if they were{' '}
            {c.kind_weight} calls of its own.
          </p>
        </section>
      </>
    )
  } else if (model.error !== null) {
    body = <ErrorState message={model.error.detail} onRetry={() => void model.reload()} />
  } else {
    body = <Skeleton lines={6} label="Loading how signals work" />
  }
  return (
    <main className="how-it-works">
      <header className="how-it-works-head">
        <Brand />
        <Link to={loggedIn ? '/dashboard' : '/login'}>{loggedIn ? 'Back to the dashboard' : 'Log in'}</Link>
      </header>
      <h1>How signals work</h1>
      {body}
      <p className="disclaimer">Signals are informational, not investment advice.</p>
    </main>
  )
}
