/**
 * The investor charter for research analysts, under the headings of SEBI's published charter, in plain words.
 */
export function InvestorCharter() {
  return (
    <section className="disclosure-section" aria-labelledby="charter-title">
      <h2 id="charter-title">Investor charter</h2>
      <h3>Vision</h3>
      <p>Invest with knowledge and safety.</p>
      <h3>Mission</h3>
      <p>
        Give every investor research that is honest about its method and its record, free of conflicts of interest,
        so that decisions are informed — and never a promise of returns.
      </p>
      <h3>Services we provide</h3>
      <ul>
        <li>Intraday research signals (buy, sell or hold) on the NIFTY and BANKNIFTY indices, with the reasoning shown.</li>
        <li>The history of every signal and its outcome, and a track record computed from it, net of costs.</li>
        <li>A free plan with a daily limit, and a ₹499 monthly subscription without one; cancel any time.</li>
        <li>
          No management of your money, no trades on your behalf, no guaranteed or assured returns, and no advice
          tailored to your personal circumstances.
        </li>
      </ul>
      <h3>Grievance redressal mechanism</h3>
      <p>
        Write to us first; if you are not satisfied, write to our grievance officer, then to SEBI through SCORES, and
        finally through the Smart ODR portal (the steps and addresses are below). We acknowledge a complaint promptly
        and aim to resolve it within 21 days.
      </p>
      <h3>Your rights</h3>
      <ul>
        <li>To be told our registration, our method, our fees and any conflict of interest before you pay.</li>
        <li>To fair and equal treatment, to privacy of your data, and to unsubscribe at any time.</li>
        <li>To have a complaint heard and answered in time, and to escalate it as described here.</li>
      </ul>
      <h3>Your responsibilities</h3>
      <ul>
        <li>Check our registration on SEBI’s website, and deal only with registered research analysts.</li>
        <li>Pay only through our official checkout, never to a personal account, and never share your passwords.</li>
        <li>Decide for yourself: research is not a recommendation fitted to your finances or risk appetite.</li>
        <li>Be wary of anyone promising assured returns; report it to us or to SEBI.</li>
      </ul>
    </section>
  )
}
