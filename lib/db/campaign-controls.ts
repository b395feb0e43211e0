import 'server-only';
// A campaign's control group as stored: the visitors the arm hash held out.
import { eq } from 'drizzle-orm';
import type { Database } from './client';
import { campaignControls } from './schema';

/** Records these visitors as held out (one already recorded keeps its first time); returns how many are new. */
export async function recordControls(
  db: Database,
  campaignId: number,
  anonymousIds: readonly string[],
  selectedAt: Date,
): Promise<number> {
  let added = 0;
  for (let start = 0; start < anonymousIds.length; start += 1_000) {
    const rows = anonymousIds
      .slice(start, start + 1_000)
      .map((anonymousId) => ({ campaignId, anonymousId, selectedAt }));
    added += (await db.insert(campaignControls).values(rows).onConflictDoNothing().returning()).length;
  }
  return added;
}

export async function controlsOf(
  db: Database,
  campaignId: number,
): Promise<{ anonymousId: string; selectedAt: Date }[]> {
  return db
    .select({ anonymousId: campaignControls.anonymousId, selectedAt: campaignControls.selectedAt })
    .from(campaignControls)
    .where(eq(campaignControls.campaignId, campaignId));
}
