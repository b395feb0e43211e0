'use client';
// A campaign's results broken down: by the RFM segment each visitor was in at
// the send, by their intent tier then, and per day (a chart of conversions per
// arm, with the same figures in a table for screen readers).
import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import type { BreakdownRow, CampaignBreakdowns, DayRow } from '@/lib/contracts/campaign-results';
import { PlotFigure } from '../_charts/PlotFigure';
import { moneyFormat, numberFormat, rateText } from '../data/format';

const armName = (arm: string) => (arm === 'control' ? 'Control' : `Variant ${arm}`);
const cell = 'py-1 pr-3';

function BreakdownTable({
  title,
  caption,
  rows,
  id,
}: {
  title: string;
  caption: string;
  rows: BreakdownRow[];
  id: string;
}) {
  if (rows.length === 0) return null;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm tabular-nums" data-testid={`breakdown-${id}`}>
        <caption className="mb-2 text-left text-slate-600">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-200">
            {[title, 'Arm', 'Visitors', 'Shown', 'Clicked', 'Converted', 'Revenue', 'Conversion'].map((column) => (
              <th key={column} scope="col" className={cell}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.bucket}|${row.arm}`} className="border-b border-slate-100">
              <th scope="row" className={`${cell} font-medium`}>
                {row.bucket}
              </th>
              <td className={cell}>{armName(row.arm)}</td>
              {[row.visitors, row.shown, row.clicked, row.converted].map((value, i) => (
                <td key={i} className={cell}>
                  {numberFormat.format(value)}
                </td>
              ))}
              <td className={cell}>{moneyFormat.format(row.revenue)}</td>
              <td className={cell}>{rateText(row.conversion)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DaysChart({ days }: { days: DayRow[] }) {
  const options = useMemo<Plot.PlotOptions>(() => {
    const points = days.map((day) => ({ ...day, date: new Date(`${day.day}T00:00:00Z`), arm: armName(day.arm) }));
    const top = Math.max(1, ...days.map((day) => day.conversions));
    return {
      height: 220,
      marginLeft: 50,
      x: { label: 'Day (UTC)', type: 'utc' },
      y: {
        label: 'Conversions',
        grid: true,
        domain: [0, top],
        // Whole conversions only: no repeated labels when the counts are small.
        ticks: Math.min(5, top),
        tickFormat: 'd',
      },
      color: { legend: true },
      marks: [
        Plot.lineY(points, { x: 'date', y: 'conversions', stroke: 'arm', curve: 'step-after' }),
        Plot.dot(points, { x: 'date', y: 'conversions', fill: 'arm', r: 3 }),
        Plot.ruleY([0]),
      ],
    };
  }, [days]);
  return (
    <div aria-hidden="true" data-testid="results-days-chart">
      <PlotFigure options={options} label="Conversions per day by variant and control" />
    </div>
  );
}

function DaysTable({ days }: { days: DayRow[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm tabular-nums" data-testid="breakdown-days">
        <caption className="mb-2 text-left text-slate-600">
          Per day (UTC): notifications shown and clicked that day, and that day&apos;s conversions and revenue.
        </caption>
        <thead>
          <tr className="border-b border-slate-200">
            {['Day', 'Arm', 'Shown', 'Clicked', 'Conversions', 'Revenue'].map((column) => (
              <th key={column} scope="col" className={cell}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {days.map((day) => (
            <tr key={`${day.day}|${day.arm}`} className="border-b border-slate-100">
              <th scope="row" className={`${cell} font-medium`}>
                {day.day}
              </th>
              <td className={cell}>{armName(day.arm)}</td>
              {[day.shown, day.clicked, day.conversions].map((value, i) => (
                <td key={i} className={cell}>
                  {numberFormat.format(value)}
                </td>
              ))}
              <td className={cell}>{moneyFormat.format(day.revenue)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ResultsBreakdowns({ breakdowns }: { breakdowns: CampaignBreakdowns }) {
  const { rfm, intent, days } = breakdowns;
  if (rfm.length + intent.length + days.length === 0) return null;
  return (
    <section aria-labelledby="breakdowns-heading" className="space-y-4" data-testid="results-breakdowns">
      <h4 id="breakdowns-heading" className="font-semibold">
        Breakdowns
      </h4>
      {days.length > 0 ? (
        <>
          <DaysChart days={days} />
          <DaysTable days={days} />
        </>
      ) : null}
      <BreakdownTable
        id="rfm"
        title="RFM segment"
        caption="By the RFM segment each visitor was in when the campaign was first sent."
        rows={rfm}
      />
      <BreakdownTable
        id="intent"
        title="Intent tier"
        caption="By each visitor's intent tier at their send (their latest intent score then; unknown without one)."
        rows={intent}
      />
    </section>
  );
}
