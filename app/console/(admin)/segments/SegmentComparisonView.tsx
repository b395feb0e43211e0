'use client';
// Two to five saved segments side by side on the figures a marketer compares,
// each later one tested against the first (lib/results/segment-comparison.ts),
// computed in the console's engine over the loaded events; then any two
// behavioural measures per customer against each other, as a density plot
// with their correlation.
import * as Plot from '@observablehq/plot';
import { useEffect, useMemo, useState } from 'react';
import type { WorkerEngine } from '@/lib/analytics/worker-client';
import type { CustomerMeasureName, MeasureCorrelation } from '@/lib/contracts/analytics';
import { type SegmentComparison, type SegmentKpi, segmentComparison } from '@/lib/results/segment-comparison';
import { PlotFigure } from '../_charts/PlotFigure';
import { moneyFormat, percentText } from '../data/format';
import type { SavedSegment } from './saved-segments';

const numberFormat = new Intl.NumberFormat('en');
const decimal = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

function kpiText(kpi: SegmentKpi, value: number | null): string {
  if (value === null) return '–';
  if (kpi.kind === 'count') return numberFormat.format(value);
  if (kpi.kind === 'money') return moneyFormat.format(value);
  if (kpi.kind === 'rate') return percentText(value);
  return decimal.format(value);
}

type Loaded<T> =
  { status: 'idle' } | { status: 'loading' } | { status: 'loaded'; data: T } | { status: 'error'; message: string };

/** Runs `call` whenever its key changes; the latest answer wins. */
function useEngineCall<T>(key: string | null, call: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ status: 'idle' });
  useEffect(() => {
    if (key === null) {
      setState({ status: 'idle' });
      return;
    }
    let current = true;
    setState({ status: 'loading' });
    call().then(
      (data) => current && setState({ status: 'loaded', data }),
      (error: unknown) => {
        if (!current || (error instanceof Error && error.name === 'AbortError')) return;
        setState({ status: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      current = false;
    };
    // `call` is rebuilt each render; `key` says when it means something new.
  }, [key]);
  return state;
}

function ComparisonTable({ comparison }: { comparison: SegmentComparison }) {
  const cell = 'py-1 pr-3';
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm tabular-nums" data-testid="segment-comparison">
        <caption className="mb-2 text-left text-slate-600">
          Each figure per segment; under a later segment, its difference from the first with the 95% interval (* :
          significant at 5%).
        </caption>
        <thead>
          <tr className="border-b border-slate-200">
            <th scope="col" className={cell}>
              Figure
            </th>
            {comparison.segments.map((segment) => (
              <th key={segment.name} scope="col" className={`${cell} break-words`}>
                {segment.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {comparison.kpis.map((kpi) => (
            <tr key={kpi.key} className="border-b border-slate-100" data-testid={`kpi-${kpi.key}`}>
              <th scope="row" className={`${cell} font-medium`}>
                {kpi.label}
              </th>
              {kpi.values.map((value, i) => {
                const test = kpi.against[i];
                return (
                  <td key={i} className={cell}>
                    {kpiText(kpi, value)}
                    {test ? (
                      <span className="block text-xs text-slate-600">
                        {kpi.kind === 'rate'
                          ? `${test.difference >= 0 ? '+' : '−'}${(Math.abs(test.difference) * 100).toFixed(1)} pts`
                          : `${test.difference >= 0 ? '+' : '−'}${decimal.format(Math.abs(test.difference))}`}
                        {test.significant ? ' *' : ''}
                      </span>
                    ) : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const measureLabels: Record<CustomerMeasureName, string> = {
  sessions: 'Visits (sessions)',
  events: 'Events',
  orders: 'Orders',
  revenue: 'Revenue',
  clicks: 'Notification clicks',
};

function DensityPlot({ correlation }: { correlation: MeasureCorrelation }) {
  const options = useMemo<Plot.PlotOptions>(
    () => ({
      height: 300,
      marginLeft: 60,
      x: { label: `${measureLabels[correlation.x]} (log scale, 1 + value)`, type: 'log' },
      y: { label: `${measureLabels[correlation.y]} (log scale, 1 + value)`, type: 'log' },
      color: { type: 'log', scheme: 'blues', legend: true, label: 'Customers' },
      marks: [
        Plot.rect(correlation.cells, {
          x1: (c: { xLow: number }) => 1 + c.xLow,
          x2: (c: { xHigh: number }) => 1 + c.xHigh,
          y1: (c: { yLow: number }) => 1 + c.yLow,
          y2: (c: { yHigh: number }) => 1 + c.yHigh,
          fill: 'customers',
        }),
      ],
    }),
    [correlation],
  );
  return (
    <div aria-hidden="true" data-testid="correlation-plot">
      <PlotFigure options={options} label={`Customers by ${correlation.x} and ${correlation.y}`} />
    </div>
  );
}

function CorrelationView({ engine, generation }: { engine: WorkerEngine; generation: number }) {
  const [x, setX] = useState<CustomerMeasureName>('sessions');
  const [y, setY] = useState<CustomerMeasureName>('orders');
  const state = useEngineCall(`${generation}|${x}|${y}`, () =>
    engine.measureCorrelation({ x, y }, { supersede: 'correlation' }),
  );
  const select = (label: string, value: CustomerMeasureName, set: (m: CustomerMeasureName) => void) => (
    <label className="space-y-1 text-sm">
      <span className="block text-slate-700">{label}</span>
      <select
        value={value}
        onChange={(e) => set(e.target.value as CustomerMeasureName)}
        className="rounded-md border border-slate-300 px-2 py-1"
      >
        {Object.entries(measureLabels).map(([name, text]) => (
          <option key={name} value={name}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
  const r = (value: number | null) => (value === null ? '–' : value.toFixed(2));
  return (
    <div className="space-y-3">
      <h3 className="font-semibold">Two measures per customer</h3>
      <div className="flex flex-wrap gap-3">
        {select('Across', x, setX)}
        {select('Up', y, setY)}
      </div>
      {state.status === 'loading' ? (
        <p className="text-sm text-slate-600">Measuring every customer…</p>
      ) : state.status === 'error' ? (
        <p role="alert" className="text-sm text-red-800">
          The measures could not be computed: {state.message}
        </p>
      ) : state.status === 'loaded' ? (
        <>
          <p className="text-sm" data-testid="correlation-text">
            Over {numberFormat.format(state.data.customers)} customers: Pearson&apos;s r = {r(state.data.pearson)},
            Spearman&apos;s ρ = {r(state.data.spearman)} (ranks, less swayed by a few very large customers).
          </p>
          {state.data.cells.length > 0 ? <DensityPlot correlation={state.data} /> : null}
        </>
      ) : null}
    </div>
  );
}

export function SegmentComparisonView({
  engine,
  generation,
  segments,
}: {
  engine: WorkerEngine | null;
  generation: number;
  segments: SavedSegment[];
}) {
  const definitions = JSON.stringify(segments.map((segment) => segment.definition));
  const names = segments.map((segment) => segment.name);
  const key = engine && segments.length >= 2 ? `${generation}|${definitions}` : null;
  const state = useEngineCall(key, async () =>
    segmentComparison(
      names,
      await engine!.segmentComparison({ trees: JSON.parse(definitions) }, { supersede: 'compare' }),
    ),
  );
  return (
    <section
      aria-labelledby="compare-heading"
      className="space-y-4 rounded-xl border border-slate-200 bg-white p-4"
      data-testid="segments-compared"
    >
      <h2 id="compare-heading" className="text-lg font-semibold">
        Segments compared
      </h2>
      {segments.length < 2 ? (
        <p className="text-sm text-slate-600" data-testid="compare-empty">
          Tick “Compare” on two to five saved segments to put them side by side.
        </p>
      ) : state.status === 'loading' ? (
        <p className="text-sm text-slate-600">Comparing the segments…</p>
      ) : state.status === 'error' ? (
        <p role="alert" className="text-sm text-red-800">
          The segments could not be compared: {state.message}
        </p>
      ) : state.status === 'loaded' ? (
        <>
          <ComparisonTable comparison={state.data} />
          <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="compare-summary">
            {state.data.summary.map((sentence) => (
              <li key={sentence}>{sentence}</li>
            ))}
          </ul>
        </>
      ) : null}
      {engine ? <CorrelationView engine={engine} generation={generation} /> : null}
    </section>
  );
}
