// The global holdout (lib/results/global-holdout.ts, lib/db/global-holdout.ts):
// who is held out, that no campaign reaches them while it runs, and its
// results over lake files: the held-out group against everyone else.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudienceEngine } from '@/lib/audience/audience-engine';
import { resultsGoalSchema } from '@/lib/contracts/campaign-results';
import type { GlobalHoldout } from '@/lib/contracts/global-holdout';
import { createCampaign } from '@/lib/db/campaigns';
import { endGlobalHoldout, readGlobalHoldout, startGlobalHoldout } from '@/lib/db/global-holdout';
import { upsertSubscription } from '@/lib/db/push-subscriptions';
import { queueCampaign } from '@/lib/push/campaign-send';
import { inGlobalHoldout } from '@/lib/results/global-holdout';
import { writeLakeFiles } from '../fixtures/lake-files';
import { message, outboxHarness } from '../fixtures/outbox-harness';
import { trackEvent } from '../fixtures/track-event';

const day = 86_400_000;
const start = Date.UTC(2026, 10, 1);
const holdout = (share: number, salt = 'salt-0001'): GlobalHoldout => ({
  share,
  salt,
  startedAt: start,
  endsAt: start + 30 * day,
});
const ids = Array.from({ length: 20_000 }, (_, i) => `visitor-${i}`);

describe('who the global holdout holds out', () => {
  // Injected failures: a draw per call (a visitor moves in and out); the share ignored; the period ignored;
  // a new holdout drawing the same group; a larger share dropping visitors the smaller one held.
  it('holds out a stable share of visitors while it runs, a new group for a new salt', () => {
    const held = ids.filter((id) => inGlobalHoldout(holdout(0.1), id, start + day));
    expect(ids.filter((id) => inGlobalHoldout(holdout(0.1), id, start + day))).toEqual(held);
    // Expected 2,000; ±4 standard deviations of a binomial count.
    expect(Math.abs(held.length - 2_000)).toBeLessThan(4 * Math.sqrt(20_000 * 0.1 * 0.9));
    expect(held.some((id) => inGlobalHoldout(holdout(0.1), id, start - 1))).toBe(false);
    expect(held.some((id) => inGlobalHoldout(holdout(0.1), id, start + 30 * day))).toBe(false);
    expect(held.some((id) => inGlobalHoldout({ ...holdout(0.1), endsAt: null }, id, start + 400 * day))).toBe(true);
    const wider = new Set(ids.filter((id) => inGlobalHoldout(holdout(0.2), id, start)));
    expect(held.every((id) => wider.has(id))).toBe(true);
    const other = ids.filter((id) => inGlobalHoldout(holdout(0.1, 'salt-0002'), id, start));
    const overlap = other.filter((id) => held.includes(id)).length;
    expect(Math.abs(overlap - 200)).toBeLessThan(4 * Math.sqrt(20_000 * 0.01 * 0.99));
  });
});

describe('campaigns while a global holdout runs', () => {
  const t = outboxHarness();

  // Injected failures: a held-out visitor queued; held-out visitors counted as the campaign's control;
  // changing the share redrawing everyone; ending it leaving visitors held out.
  it('reaches nobody in the holdout, keeps its group when the share changes, and releases it when ended', async () => {
    const visitors = Array.from({ length: 40 }, (_, i) => `holdout-${i}`);
    for (const id of visitors) {
      await t.visitor(id);
      await upsertSubscription(t.handle.db, {
        subscription: await t.pushService.subscribe(t.keys.publicKey),
        anonymousId: id,
      });
    }
    const now = Date.now();
    const running = await startGlobalHoldout(t.handle.db, { share: 0.25, days: 30 }, now);
    expect(await readGlobalHoldout(t.handle.db)).toEqual(running);
    const held = visitors.filter((id) => inGlobalHoldout(running, id, now));
    expect(held.length).toBeGreaterThan(0);

    const campaign = await createCampaign(t.handle.db, { name: 'Holdout', message, controlShare: 0 });
    const sent = await queueCampaign(t.handle.db, campaign, visitors, new Date(now));
    expect(sent).toEqual({
      ok: true,
      queued: visitors.length - held.length,
      subscribedVisitors: visitors.length - held.length,
      control: 0,
      globalHoldout: held.length,
      awaitingWinner: 0,
    });

    const changed = await startGlobalHoldout(t.handle.db, { share: 0.5, days: 30 }, now + 1_000);
    expect(changed).toMatchObject({ salt: running.salt, startedAt: running.startedAt, share: 0.5 });
    expect(held.every((id) => inGlobalHoldout(changed, id, now + 1_000))).toBe(true);

    const ended = await endGlobalHoldout(t.handle.db, now + 2_000);
    expect(ended?.endsAt).toBe(now + 2_000);
    expect(visitors.some((id) => inGlobalHoldout(ended, id, now + 2_000))).toBe(false);
    expect(await endGlobalHoldout(t.handle.db, now + 3_000)).toBeNull();
    const next = await startGlobalHoldout(t.handle.db, { share: 0.25, days: null }, now + 4_000);
    expect(next.salt).not.toBe(running.salt);
    expect(next.endsAt).toBeNull();
  });
});

describe('the global holdout’s results', () => {
  let lakeDir: string;
  let engine: AudienceEngine;
  const running = holdout(0.5);
  const people = Array.from({ length: 40 }, (_, i) => `person-${i}`);
  const held = people.filter((id) => inGlobalHoldout(running, id, start));
  const reached = people.filter((id) => !held.includes(id));

  beforeAll(async () => {
    lakeDir = mkdtempSync(path.join(tmpdir(), 'kairos-holdout-'));
    engine = await AudienceEngine.open({ path: ':memory:', memoryLimit: '256MB', threads: 1 });
    const events = [
      ...people.map((id) => trackEvent(id, 'Page Viewed', start + day)),
      // Two reached visitors and one held-out visitor buy in the period; one reached visitor's
      // order is tracked twice (one conversion); a held-out visitor bought only before it began.
      ...reached
        .slice(0, 2)
        .map((id, i) => trackEvent(id, 'Order Completed', start + 2 * day, { order_id: `r-${i}`, revenue: 10 })),
      trackEvent(reached[0]!, 'Order Completed', start + 2 * day, { order_id: 'r-0', revenue: 10 }),
      trackEvent(held[0]!, 'Order Completed', start + 3 * day, { order_id: 'h-0', revenue: 5 }),
      trackEvent(held[1]!, 'Order Completed', start - day, { order_id: 'h-early', revenue: 99 }),
      // Not active in the period at all: not compared.
      trackEvent('gone', 'Page Viewed', start - 2 * day),
    ];
    await engine.refresh(lakeDir, writeLakeFiles(lakeDir, events));
  });
  afterAll(async () => {
    await engine.close();
    rmSync(lakeDir, { recursive: true, force: true });
  });

  // Injected failures: the held-out group taken from another hash than the sends'; a pre-period order
  // counted; a duplicated order counted twice; an inactive visitor counted.
  it('compares the held-out group with everyone else active since it began', async () => {
    expect(held.length).toBeGreaterThan(1);
    const outcome = await engine.holdoutOutcomes({
      holdout: running,
      goal: resultsGoalSchema.parse({}),
      from: start,
      to: start + 30 * day,
    });
    expect(outcome).toEqual({
      heldOut: { visitors: held.length, converted: 1, revenue: 5 },
      reached: { visitors: reached.length, converted: 2, revenue: 20 },
    });
  });
});
