'use client';
// A saved segment's size over time (its recorded sizes), as a small Plot line.
import type * as Plot from '@observablehq/plot';
import { line, dot } from '@observablehq/plot';
import { useMemo } from 'react';
import { PlotFigure } from './PlotFigure';

export interface SizePoint {
  at: string;
  size: number;
}

export function Sparkline({ points, label }: { points: SizePoint[]; label: string }) {
  const options = useMemo<Plot.PlotOptions>(() => {
    const data = points.map((point) => ({ at: new Date(point.at), size: point.size }));
    return {
      width: 120,
      height: 32,
      margin: 3,
      axis: null,
      x: { type: 'utc' },
      y: { zero: true },
      marks: [
        line(data, { x: 'at', y: 'size', stroke: '#4f46e5' }),
        dot(data.slice(-1), { x: 'at', y: 'size', fill: '#4f46e5', r: 2 }),
      ],
    };
  }, [points]);
  if (points.length === 0) return <span className="text-xs text-slate-500">no sizes yet</span>;
  return <PlotFigure options={options} label={label} />;
}
