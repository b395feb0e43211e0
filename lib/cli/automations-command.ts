import 'server-only';
// `kairos automations list`: every automation with its status, trigger and
// where its visitors are, as the console's list shows them.
import { type AutomationListItem, triggerSummary } from '../contracts/automation';
import type { Database } from '../db/client';
import { listAutomations } from '../db/automations';

export function automationsText(items: readonly AutomationListItem[]): string {
  if (items.length === 0) return 'No automations.';
  const header = ['id', 'status', 'name', 'trigger', 'waiting', 'sent', 'exited', 'next run'];
  const rows = items.map((item) => [
    String(item.id),
    item.status,
    item.name,
    triggerSummary(item.trigger),
    String(item.entries.waiting),
    String(item.entries.sent),
    String(item.entries.exited),
    item.nextRunAt ?? '–',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export async function automationsCommand(db: Database, options: { json: boolean }): Promise<void> {
  const items = await listAutomations(db);
  console.log(options.json ? JSON.stringify({ automations: items }, null, 2) : automationsText(items));
}
