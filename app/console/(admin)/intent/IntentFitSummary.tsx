// The fitted parameters and log-likelihood, as FHL 2005 report them.
import type { IntentFitReport } from '@/lib/contracts/analytics';
import { numberFormat } from '../data/format';
import { Stat } from '../Stat';

/**
 * Four decimals, as the paper prints them; a parameter the optimiser drove far out (a and b grow
 * without bound together where the data say little about dropping out) in exponent form, so it
 * fits its card on a phone.
 */
const fixed = (value: number) => (Math.abs(value) < 1e5 ? value.toFixed(4) : value.toExponential(4));

export function IntentFitSummary({ report }: { report: IntentFitReport }) {
  const { bgnbd, gammaGamma } = report;
  return (
    <div className="space-y-2">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
        <Stat label="r" value={fixed(bgnbd.r)} testId="bgnbd-r" />
        <Stat label="α (alpha)" value={fixed(bgnbd.alpha)} testId="bgnbd-alpha" />
        <Stat label="a" value={fixed(bgnbd.a)} testId="bgnbd-a" />
        <Stat label="b" value={fixed(bgnbd.b)} testId="bgnbd-b" />
        <Stat label="Log-likelihood" value={bgnbd.logLikelihood.toFixed(2)} testId="bgnbd-ll" />
      </dl>
      <p className="text-sm text-slate-600" data-testid="intent-fit-note">
        {numberFormat.format(report.customers)} customers with a purchase by {report.calibrationEnd},{' '}
        {numberFormat.format(report.repeatPurchases)} repeat purchase days; fitted in {(report.fitMs / 1000).toFixed(2)}{' '}
        s{bgnbd.converged ? '' : ' (the optimiser did not converge)'}.
        {gammaGamma &&
          ` Gamma-Gamma spend model: p ${fixed(gammaGamma.p)}, q ${fixed(gammaGamma.q)}, γ ${fixed(gammaGamma.gamma)} on ${numberFormat.format(gammaGamma.customers)} repeat customers.`}
      </p>
    </div>
  );
}
