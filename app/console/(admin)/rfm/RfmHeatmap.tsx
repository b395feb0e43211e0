'use client';
// The 5×5 R×F grid as a Plot cell mark: colour is the named segment region,
// the number is its customers; a cell with nobody in it is neutral grey (its
// region's colour would claim customers that are not there). Each cell is a focusable button (click, Enter
// or Space) that lists its members. Plot writes labels as SVG text nodes.
import * as Plot from '@observablehq/plot';
import { useCallback, useMemo } from 'react';
import type { RfmReport } from '@/lib/contracts/analytics';
import type { RfmSegmentName } from '@/lib/contracts/segment';
import { PlotFigure } from '../_charts/PlotFigure';
import { emptyCellColour, emptyCellFill, rfmColourScale, rfmSegmentColours } from './rfm-colours';

export interface RfmCell {
  r: number;
  f: number;
  customers: number;
  segment: RfmSegmentName;
  label: string;
}

const numberFormat = new Intl.NumberFormat('en');

export function rfmCells(report: RfmReport): RfmCell[] {
  return report.grid.flatMap((row, r) =>
    row.map((customers, f) => {
      const segment = report.model.segmentGrid[r]?.[f] ?? 'hibernating';
      return {
        r: r + 1,
        f: f + 1,
        customers,
        segment,
        label:
          customers === 0
            ? `R ${r + 1}, F ${f + 1}: no customers (${segment} region)`
            : `R ${r + 1}, F ${f + 1}: ${numberFormat.format(customers)} customers, ${segment}`,
      };
    }),
  );
}

interface RfmHeatmapProps {
  report: RfmReport;
  selected: { r: number; f: number } | null;
  onSelect: (cell: RfmCell) => void;
}

export function RfmHeatmap({ report, selected, onSelect }: RfmHeatmapProps) {
  const cells = useMemo(() => rfmCells(report), [report]);
  const options = useMemo<Plot.PlotOptions>(
    () => ({
      width: 520,
      height: 420,
      marginLeft: 48,
      marginBottom: 44,
      padding: 0.06,
      x: { label: 'F score (purchases) →', domain: [1, 2, 3, 4, 5], labelAnchor: 'center', labelArrow: 'none' },
      y: { label: '↑ R score (recency)', domain: [1, 2, 3, 4, 5], reverse: true, labelArrow: 'none' },
      color: rfmColourScale,
      marks: [
        Plot.cell(cells, {
          x: 'f',
          y: 'r',
          fill: (cell: RfmCell) => (cell.customers === 0 ? emptyCellFill : cell.segment),
          ariaLabel: (cell: RfmCell) => cell.label,
          stroke: (cell: RfmCell) => (selected && cell.r === selected.r && cell.f === selected.f ? '#0f172a' : 'white'),
          strokeWidth: (cell: RfmCell) => (selected && cell.r === selected.r && cell.f === selected.f ? 3 : 1),
          title: (cell: RfmCell) => cell.label,
        }),
        Plot.text(cells, {
          x: 'f',
          y: 'r',
          text: (cell: RfmCell) => numberFormat.format(cell.customers),
          fill: (cell: RfmCell) => (cell.customers === 0 ? '#64748b' : '#0f172a'),
          fontSize: 14,
          fontWeight: 600,
          pointerEvents: 'none',
        }),
      ],
    }),
    [cells, selected],
  );
  const makeCellsButtons = useCallback(
    (svg: SVGSVGElement) => {
      const byLabel = new Map(cells.map((cell) => [cell.label, cell]));
      const rects = [...svg.querySelectorAll<SVGRectElement>('rect[aria-label]')];
      const listeners: (() => void)[] = [];
      for (const rect of rects) {
        const cell = byLabel.get(rect.getAttribute('aria-label') ?? '');
        if (!cell) continue;
        rect.setAttribute('tabindex', '0');
        rect.setAttribute('role', 'button');
        rect.setAttribute('data-testid', `rfm-cell-${cell.r}-${cell.f}`);
        rect.style.cursor = 'pointer';
        const click = () => onSelect(cell);
        const key = (event: KeyboardEvent) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            onSelect(cell);
          }
        };
        rect.addEventListener('click', click);
        rect.addEventListener('keydown', key);
        listeners.push(() => {
          rect.removeEventListener('click', click);
          rect.removeEventListener('keydown', key);
        });
      }
      return () => listeners.forEach((remove) => remove());
    },
    [cells, onSelect],
  );
  return (
    <div className="space-y-3">
      <div className="overflow-x-auto">
        <PlotFigure options={options} label="RFM grid: customers by R and F score" onRender={makeCellsButtons} />
      </div>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs" aria-label="Segment colours">
        {Object.entries(rfmSegmentColours).map(([name, colour]) => (
          <li key={name} className="flex items-center gap-1">
            <span aria-hidden="true" className="inline-block h-3 w-3 rounded-sm" style={{ background: colour }} />
            {name}
          </li>
        ))}
        <li className="flex items-center gap-1">
          <span
            aria-hidden="true"
            className="inline-block h-3 w-3 rounded-sm border border-slate-300"
            style={{ background: emptyCellColour }}
          />
          no customers
        </li>
      </ul>
    </div>
  );
}
