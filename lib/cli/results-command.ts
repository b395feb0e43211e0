import 'server-only';
// `kairos results campaign <id>`: a campaign's results as the console's API
// gives them, computed here over the data folder's lake.
import type { ArmResults, CampaignResults, RateFigure, ResultsGoal } from '../contracts/campaign-results';
import type { Database } from '../db/client';
import { findCampaign } from '../db/campaigns';
import { serverCampaignResults } from '../audience/campaign-results';
import type { ServerAudiences } from '../audience/server-audience';

const rate = (figure: RateFigure | null) =>
  figure
    ? `${(figure.rate * 100).toFixed(1)}% (${(figure.low * 100).toFixed(1)}–${(figure.high * 100).toFixed(1)})`
    : '–';

function armLine(arm: ArmResults): string[] {
  return [
    arm.arm,
    String(arm.visitors),
    String(arm.sent),
    String(arm.shown),
    String(arm.clicked),
    String(arm.dismissed),
    String(arm.converted),
    arm.revenue.toFixed(2),
    rate(arm.rates.clickThrough),
    rate(arm.rates.conversion),
  ];
}

export function resultsText(results: CampaignResults): string {
  const header = [
    'arm',
    'visitors',
    'sent',
    'shown',
    'clicked',
    'dismissed',
    'converted',
    'revenue',
    'click-through (95%)',
    'conversion (95%)',
  ];
  const rows = [header, ...results.arms.map(armLine)];
  const widths = header.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const table = rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  const { goal } = results;
  return [
    `Campaign ${results.campaignId}: audience ${results.audience}, control ${results.control}; ` +
      `goal ${goal.event}, ${goal.clickWindowDays}-day click window` +
      (goal.viewWindowDays > 0 ? `, ${goal.viewWindowDays}-day view window` : ', no view-through') +
      `; over ${results.events} events.`,
    '',
    ...(results.arms.length > 0 ? [...table, ''] : []),
    ...results.summary,
  ].join('\n');
}

export async function resultsCommand(
  db: Database,
  audiences: ServerAudiences,
  campaignId: number,
  goal: ResultsGoal,
  options: { json: boolean },
): Promise<void> {
  if (!(await findCampaign(db, campaignId))) throw new Error(`No campaign ${campaignId}.`);
  const results = await serverCampaignResults(db, audiences, campaignId, goal);
  console.log(options.json ? JSON.stringify(results, null, 2) : resultsText(results));
}
