'use client';
// FHL 2005's Figure 4: mean repeat purchases in the holdout period, actual and
// expected, by repeat purchases in calibration (0 .. 7+), drawn with
// Observable Plot into a div. The numbers are also in a table for screen readers.
import { useEffect, useRef } from 'react';
import type { IntentHoldout } from '@/lib/contracts/analytics';

const frequencyLabel = (frequency: number) => (frequency === 7 ? '7+' : String(frequency));

export function HoldoutChart({ holdout }: { holdout: IntentHoldout | null }) {
  const chart = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const target = chart.current;
    if (!holdout || !target) return;
    let cancelled = false;
    let svg: Element | null = null;
    void import('@observablehq/plot').then((Plot) => {
      if (cancelled) return;
      const points = holdout.rows.flatMap((row) => [
        { frequency: frequencyLabel(row.frequency), purchases: row.actual, series: 'Actual' },
        { frequency: frequencyLabel(row.frequency), purchases: row.expected, series: 'BG/NBD' },
      ]);
      svg = Plot.plot({
        width: Math.min(target.clientWidth || 640, 720),
        height: 320,
        marginLeft: 50,
        x: {
          type: 'point',
          label: 'Repeat purchases in calibration',
          domain: holdout.rows.map((r) => frequencyLabel(r.frequency)),
        },
        y: { label: 'Mean repeat purchases in holdout', grid: true, zero: true },
        color: { domain: ['Actual', 'BG/NBD'], range: ['#0f172a', '#2563eb'] },
        marks: [
          ...(['Actual', 'BG/NBD'] as const).map((series) =>
            Plot.line(
              points.filter((p) => p.series === series),
              {
                x: 'frequency',
                y: 'purchases',
                stroke: 'series',
                marker: 'circle',
                ...(series === 'BG/NBD' && { strokeDasharray: '6 4' }),
              },
            ),
          ),
          Plot.ruleY([0]),
        ],
        ariaLabel: 'Expected and actual repeat purchases in the holdout period by repeat purchases in calibration',
      });
      target.replaceChildren(svg);
    });
    return () => {
      cancelled = true;
      svg?.remove();
    };
  }, [holdout]);

  if (!holdout) {
    return (
      <p
        className="rounded-xl border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600"
        data-testid="holdout-none"
      >
        No events after the calibration end: pick an earlier end to compare the model with what happened.
      </p>
    );
  }
  return (
    <figure className="rounded-xl border border-slate-200 bg-white p-4" data-testid="holdout-chart">
      <figcaption className="text-sm font-medium">
        Expected vs actual repeat purchases, {holdout.start} to {holdout.end} ({holdout.days} days): actual{' '}
        {holdout.actualTotal.toFixed(0)}, expected {holdout.expectedTotal.toFixed(0)}
      </figcaption>
      {/* Our own legend: Plot's swatches stack under Tailwind's preflight (svg is display: block). */}
      <p className="mt-2 flex gap-4 text-xs text-slate-700">
        <span className="flex items-center gap-1">
          <span className="inline-block h-0.5 w-6 bg-slate-900" /> Actual
        </span>
        <span className="flex items-center gap-1">
          <span className="inline-block w-6 border-t-2 border-dashed border-blue-600" /> BG/NBD expected
        </span>
      </p>
      {/* The drawing is for sighted readers; the same numbers are in the table below for screen readers. */}
      <div ref={chart} className="mt-3" data-testid="holdout-plot" aria-hidden="true" />
      {/* sr-only on the wrapper: a table with sr-only still sizes to its content and scrolls a phone sideways. */}
      <div className="sr-only">
        <table>
          <caption>Mean repeat purchases in the holdout period</caption>
          <thead>
            <tr>
              <th scope="col">Repeat purchases in calibration</th>
              <th scope="col">Customers</th>
              <th scope="col">Actual</th>
              <th scope="col">Expected</th>
            </tr>
          </thead>
          <tbody>
            {holdout.rows.map((row) => (
              <tr key={row.frequency}>
                <th scope="row">{frequencyLabel(row.frequency)}</th>
                <td>{row.customers}</td>
                <td>{row.actual.toFixed(3)}</td>
                <td>{row.expected.toFixed(3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
