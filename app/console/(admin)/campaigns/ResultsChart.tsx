'use client';
// Conversion rate by arm (variants and the control) with each rate's 95%
// interval as a bar, drawn with Observable Plot. A picture for sighted
// readers: the same figures are in the results table.
import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import type { ArmResults } from '@/lib/contracts/campaign-results';
import { PlotFigure } from '../_charts/PlotFigure';

const armLabel = (arm: ArmResults) => (arm.variant === null ? 'Control' : `Variant ${arm.arm}`);

export function ResultsChart({ arms }: { arms: ArmResults[] }) {
  const options = useMemo<Plot.PlotOptions>(() => {
    // The control's rate and the variants' since-send rates are what the lift compares; the
    // attributed rate of a variant is in the table.
    const points = arms.flatMap((arm) => {
      const figure = arm.rates.conversionSinceSend;
      return figure
        ? [{ arm: armLabel(arm), rate: figure.rate, low: figure.low, high: figure.high, control: arm.variant === null }]
        : [];
    });
    return {
      height: 60 + points.length * 40,
      marginLeft: 90,
      x: {
        label: 'Conversion rate within the window after the send (95% interval)',
        percent: true,
        grid: true,
        // `percent` scales the values by 100 before the domain applies: the domain is in percent.
        domain: [0, 100 * Math.max(0.05, ...points.map((p) => p.high))],
      },
      y: { label: null, domain: points.map((p) => p.arm) },
      marks: [
        Plot.ruleY(points, { y: 'arm', x1: 'low', x2: 'high', stroke: '#64748b', strokeWidth: 2 }),
        Plot.dot(points, {
          y: 'arm',
          x: 'rate',
          r: 5,
          fill: (p: { control: boolean }) => (p.control ? '#0f172a' : '#2563eb'),
        }),
        Plot.ruleX([0]),
      ],
    };
  }, [arms]);
  return (
    <div aria-hidden="true" data-testid="results-chart">
      <PlotFigure options={options} label="Conversion rate by variant and control, with 95% intervals" />
    </div>
  );
}
