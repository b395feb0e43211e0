import 'server-only';
// What the getting-started panel ticks off, from the events stored since the
// demo's story was set up (the demo's own history is older, so it never
// counts). One query per step, limited to a row; the partitions of `events`
// are by received_at, so only the months since then are read.
import { and, desc, eq, gte } from 'drizzle-orm';
import { ecommerceEvents, momentEventNames, momentRuleIdProperty } from '../contracts/event-names';
import type { DemoStoryMarker, GettingStartedProgress } from '../contracts/getting-started';
import type { Database } from './client';
import { events } from './schema';
import { readSetting, settingKeys } from './settings';

export async function gettingStartedProgress(db: Database): Promise<GettingStartedProgress | null> {
  const marker = await readSetting<DemoStoryMarker>(db, settingKeys.demoStory);
  if (!marker) return null;
  const since = new Date(marker.preparedAt);
  const latest = (where: ReturnType<typeof and>) =>
    db
      .select({ properties: events.properties })
      .from(events)
      .where(and(gte(events.receivedAt, since), where))
      .orderBy(desc(events.receivedAt))
      .limit(1);
  const [page, search, fired] = await Promise.all([
    latest(eq(events.type, 'page')),
    latest(eq(events.event, ecommerceEvents.productsSearched)),
    latest(eq(events.event, momentEventNames.fired)),
  ]);
  const ruleId = fired[0]?.properties[momentRuleIdProperty];
  return {
    query: marker.query,
    since: marker.preparedAt,
    storeOpened: page.length > 0,
    searched: search.length > 0,
    momentFired: fired[0] ? { ruleId: typeof ruleId === 'number' ? ruleId : null } : null,
  };
}
