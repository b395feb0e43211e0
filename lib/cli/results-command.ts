import 'server-only';
// `kairos results campaign <id>`: a campaign's results as the console's API
// gives them, computed here over the data folder's lake.
import type { ArmResults, BreakdownRow, CampaignResults, RateFigure, ResultsGoal } from '../contracts/campaign-results';
import type { Database } from '../db/client';
import type { CampaignListItem } from '../contracts/campaign';
import { variantLetter } from '../contracts/campaign-message';
import { campaignItem } from '../db/campaigns';
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

/** Rows as columns padded to their widest cell. */
function textTable(rows: string[][]): string[] {
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

function breakdownTable(title: string, rows: BreakdownRow[]): string[] {
  if (rows.length === 0) return [];
  const header = [title, 'arm', 'visitors', 'shown', 'clicked', 'converted', 'revenue', 'conversion (95%)'];
  const lines = rows.map((row) => [
    row.bucket,
    row.arm,
    String(row.visitors),
    String(row.shown),
    String(row.clicked),
    String(row.converted),
    row.revenue.toFixed(2),
    rate(row.conversion),
  ]);
  return [...textTable([header, ...lines]), ''];
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
  const { goal, breakdowns } = results;
  const days = breakdowns.days.map((day) => [
    day.day,
    day.arm,
    String(day.shown),
    String(day.clicked),
    String(day.conversions),
    day.revenue.toFixed(2),
  ]);
  return [
    `Campaign ${results.campaignId}: audience ${results.audience}, control ${results.control}; ` +
      `goal ${goal.event}, ${goal.clickWindowDays}-day click window` +
      (goal.viewWindowDays > 0 ? `, ${goal.viewWindowDays}-day view window` : ', no view-through') +
      `; over ${results.events} events.`,
    '',
    ...(results.arms.length > 0 ? [...textTable([header, ...results.arms.map(armLine)]), ''] : []),
    ...results.summary,
    '',
    ...breakdownTable('RFM segment at the send', breakdowns.rfm),
    ...breakdownTable('intent tier at the send', breakdowns.intent),
    ...(days.length > 0
      ? textTable([['day (UTC)', 'arm', 'shown', 'clicked', 'conversions', 'revenue'], ...days])
      : []),
  ]
    .join('\n')
    .trimEnd();
}

/** A staged send's line: where it stands, or its winner and why. */
export function stageText(campaign: Pick<CampaignListItem, 'stage'>): string[] {
  const { stage } = campaign;
  if (!stage) return [];
  if (stage.winner === null) {
    return [
      `Staged send: the test share went to ${stage.testVisitors} visitors; the winner goes to the ${stage.restVisitors} waiting at ${stage.decideAt}.`,
      '',
    ];
  }
  return [`Staged send: winner variant ${variantLetter(stage.winner)}. ${stage.reason ?? ''}`.trimEnd(), ''];
}

export async function resultsCommand(
  db: Database,
  audiences: ServerAudiences,
  campaignId: number,
  goal: ResultsGoal,
  options: { json: boolean },
): Promise<void> {
  const campaign = await campaignItem(db, campaignId);
  if (!campaign) throw new Error(`No campaign ${campaignId}.`);
  const results = await serverCampaignResults(db, audiences, campaignId, goal);
  console.log(
    options.json
      ? JSON.stringify({ ...results, stage: campaign.stage }, null, 2)
      : [...stageText(campaign), resultsText(results)].join('\n'),
  );
}
