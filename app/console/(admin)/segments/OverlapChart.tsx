'use client';
// Overlap of two or three saved segments: visitors in exactly each combination,
// counted in the engine over the compiled segments, as Plot bars.
import * as Plot from '@observablehq/plot';
import { useEffect, useMemo, useState } from 'react';
import type { WorkerEngine } from '@/lib/analytics/worker-client';
import type { OverlapRegion } from '@/lib/contracts/analytics';
import { PlotFigure } from '../_charts/PlotFigure';
import { namedRegions } from './overlap-regions';
import type { SavedSegment } from './saved-segments';

const numberFormat = new Intl.NumberFormat('en');

type OverlapState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'loaded'; regions: OverlapRegion[] }
  | { status: 'error'; message: string };

interface OverlapChartProps {
  engine: WorkerEngine | null;
  generation: number;
  segments: SavedSegment[];
}

export function OverlapChart({ engine, generation, segments }: OverlapChartProps) {
  const [state, setState] = useState<OverlapState>({ status: 'idle' });
  const definitions = JSON.stringify(segments.map((segment) => segment.definition));
  useEffect(() => {
    if (!engine || segments.length < 2) {
      setState({ status: 'idle' });
      return;
    }
    let current = true;
    setState({ status: 'loading' });
    engine.segmentOverlap({ trees: JSON.parse(definitions) }, { supersede: 'overlap' }).then(
      (regions) => current && setState({ status: 'loaded', regions }),
      (error: unknown) => {
        if (!current || (error instanceof Error && error.name === 'AbortError')) return;
        setState({ status: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      current = false;
    };
    // segments.length is part of `definitions`.
  }, [engine, generation, definitions, segments.length]);
  const names = segments.map((segment) => segment.name);
  const regions = state.status === 'loaded' ? namedRegions(state.regions, names) : [];
  const options = useMemo<Plot.PlotOptions>(
    () => ({
      marginLeft: 8,
      height: 40 + regions.length * 34,
      x: { grid: true, label: 'customers' },
      y: { axis: null, domain: regions.map((r) => r.label) },
      color: { type: 'ordinal', scheme: 'blues', domain: [1, 2, 3] },
      marks: [
        Plot.barX(regions, { y: 'label', x: 'customers', fill: 'memberships' }),
        Plot.text(regions, { y: 'label', x: 0, text: 'label', textAnchor: 'start', dx: 4, dy: -10, fill: '#0f172a' }),
        Plot.text(regions, {
          y: 'label',
          x: 'customers',
          text: (d: { customers: number }) => numberFormat.format(d.customers),
          textAnchor: 'start',
          dx: 4,
          dy: 4,
        }),
        Plot.ruleX([0]),
      ],
    }),
    [regions],
  );
  return (
    <section aria-labelledby="overlap-heading" className="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
      <h2 id="overlap-heading" className="text-lg font-semibold">
        Overlap
      </h2>
      {segments.length < 2 ? (
        <p className="text-sm text-slate-600" data-testid="overlap-empty">
          Tick “Compare” on two or three saved segments to see how they overlap (the first three ticked).
        </p>
      ) : state.status === 'loading' ? (
        <p className="text-sm text-slate-600">Counting the overlap…</p>
      ) : state.status === 'error' ? (
        <p role="alert" className="text-sm text-red-800">
          The overlap could not be counted: {state.message}
        </p>
      ) : state.status === 'loaded' ? (
        <>
          <PlotFigure options={options} label={`Overlap of ${names.join(', ')}`} className="overflow-x-auto" />
          <table className="w-full text-sm" data-testid="overlap-table">
            <caption className="sr-only">Customers in each overlap region</caption>
            <thead>
              <tr className="text-left text-slate-600">
                <th scope="col" className="py-1 font-medium">
                  Region
                </th>
                <th scope="col" className="py-1 text-right font-medium">
                  Customers
                </th>
              </tr>
            </thead>
            <tbody>
              {regions.map((region) => (
                <tr key={region.label} className="border-t border-slate-100">
                  <td className="py-1 break-words">{region.label}</td>
                  <td className="py-1 text-right tabular-nums">{numberFormat.format(region.customers)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
