// GET /api/admin/campaigns/:id/results in-process: the admin session, 404 for
// a campaign that does not exist, 400 for a bad goal, and the documented shape
// over a real database and lake files read by the server's engine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/admin/campaigns/[id]/results/route';
import { AudienceEngine } from '@/lib/audience/audience-engine';
import { ServerAudiences } from '@/lib/audience/server-audience';
import { createSession, sessionCookieName } from '@/lib/auth/session';
import type { CampaignResults } from '@/lib/contracts/campaign-results';
import type { KairosEvent } from '@/lib/contracts/event';
import type { LakeFile } from '@/lib/contracts/lake';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@/lib/db';
import { createCampaign } from '@/lib/db/campaigns';
import { upsertSubscription } from '@/lib/db/push-subscriptions';
import { deliveries } from '@/lib/db/schema';
import { queueCampaign } from '@/lib/push/campaign-send';
import { campaignArm } from '@/lib/results/arm-assignment';
import { writeLakeFiles } from '../fixtures/lake-files';
import { sinkSubscription } from '../fixtures/push-sink';
import { getWith } from '../fixtures/route-calls';

const sentAt = Date.UTC(2026, 10, 2, 9);
const holder = globalThis as typeof globalThis & {
  kairosDatabase?: Promise<DatabaseHandle>;
  kairosAudiences?: Promise<ServerAudiences>;
};

const event = (anonymousId: string, name: string, at: number, properties: Record<string, unknown>): KairosEvent => ({
  messageId: crypto.randomUUID(),
  type: 'track',
  event: name,
  properties,
  traits: {},
  anonymousId,
  userId: null,
  sessionId: null,
  timestamp: new Date(at).toISOString(),
  context: {},
});

describe('GET /api/admin/campaigns/:id/results', () => {
  let handle: DatabaseHandle;
  let lakeDir: string;
  let files: LakeFile[] = [];
  let cookie: string;

  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
    await migrateDatabase(handle);
    holder.kairosDatabase = Promise.resolve(handle);
    lakeDir = mkdtempSync(path.join(tmpdir(), 'kairos-results-route-'));
    const engine = await AudienceEngine.open({ path: ':memory:', memoryLimit: '256MB', threads: 1 });
    const lake = {
      dir: lakeDir,
      upToDate: async () => ({ version: 1 as const, watermark: 0, files, tail: { rows: 0, url: '' }, generatedAt: 0 }),
    };
    holder.kairosAudiences = Promise.resolve(new ServerAudiences(engine, lake));
    cookie = `${sessionCookieName}=${(await createSession(handle.db)).cookieValue}`;
  });
  afterAll(async () => {
    await (await holder.kairosAudiences)?.close();
    holder.kairosAudiences = undefined;
    holder.kairosDatabase = undefined;
    await handle.close();
    rmSync(lakeDir, { recursive: true, force: true });
  });

  const results = (id: number | string, query = '', headers: Record<string, string> = { cookie }) =>
    getWith(GET, `/api/admin/campaigns/${id}/results${query}`, { id: String(id) }, headers);

  // Injected failures: results open without a session; a missing campaign answered 200 with zeros.
  it('needs an admin session and an existing campaign', async () => {
    expect((await results(1, '', {})).status).toBe(401);
    const missing = await results(999);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('refuses a goal it cannot compute with, saying why', async () => {
    const campaign = await createCampaign(handle.db, { name: 'Bad goal', message: { title: 'Hi', body: '' } });
    for (const query of ['?clickWindowDays=0', '?viewWindowDays=x', '?where=%5B', '?where=%5B%7B%7D%5D']) {
      const answer = await results(campaign.id, query);
      expect(answer.status).toBe(400);
      expect(await answer.json()).toMatchObject({ error: { code: 'bad_request' } });
    }
  });

  it('answers "no deliveries yet" for a campaign not sent', async () => {
    const campaign = await createCampaign(handle.db, { name: 'Unsent', message: { title: 'Hi', body: '' } });
    const answer = await results(campaign.id);
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { results: CampaignResults };
    expect(body.results).toMatchObject({ campaignId: campaign.id, audience: 0, empty: 'no_deliveries', arms: [] });
  });

  it('gives the variants, the control and the lift of a sent campaign', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `route-${i}`);
    for (const id of ids) {
      await upsertSubscription(handle.db, {
        subscription: sinkSubscription('https://push.example', `/${id}`),
        anonymousId: id,
      });
    }
    const message = { title: 'Hi', body: '' };
    const campaign = await createCampaign(handle.db, {
      name: 'Sent',
      message,
      variants: [{ title: 'Hello', body: '' }],
      controlShare: 0.3,
    });
    const queued = await queueCampaign(handle.db, campaign, ids, new Date(sentAt));
    expect(queued.ok).toBe(true);
    await handle.db
      .update(deliveries)
      .set({ status: 'sent', sentAt: new Date(sentAt) })
      .where(eq(deliveries.campaignId, campaign.id));
    const arms = new Map(ids.map((id) => [id, campaignArm(campaign.id, id, { controlShare: 0.3, variants: 2 })]));
    const events: KairosEvent[] = [];
    for (const [id, arm] of arms) {
      if (arm.control) {
        events.push(event(id, 'Order Completed', sentAt + 3_600_000, { order_id: `o-${id}`, revenue: 10 }));
        continue;
      }
      const origin = { campaignId: campaign.id, variant: arm.variant };
      events.push(event(id, 'Notification Shown', sentAt + 60_000, origin));
      events.push(event(id, 'Notification Clicked', sentAt + 120_000, origin));
      if (arm.variant === 1)
        events.push(event(id, 'Order Completed', sentAt + 3_600_000, { order_id: `o-${id}`, revenue: 20 }));
    }
    files = writeLakeFiles(lakeDir, events);

    const answer = await results(campaign.id);
    expect(answer.status).toBe(200);
    const { results: body } = (await answer.json()) as { results: CampaignResults };
    const count = (pick: (arm: { control: boolean; variant?: number }) => boolean) =>
      [...arms.values()].filter((arm) => pick(arm as { control: boolean; variant?: number })).length;
    const [nA, nB, nControl] = [
      count((a) => !a.control && a.variant === 0),
      count((a) => !a.control && a.variant === 1),
      count((a) => a.control),
    ];
    expect(body).toMatchObject({
      campaignId: campaign.id,
      audience: 30,
      control: nControl,
      empty: null,
      events: events.length,
    });
    expect(body.goal).toEqual({ event: 'Order Completed', where: [], clickWindowDays: 7, viewWindowDays: 0 });
    expect(
      body.arms.map((arm) => [arm.arm, arm.visitors, arm.sent, arm.shown, arm.clicked, arm.converted, arm.revenue]),
    ).toEqual([
      ['A', nA, nA, nA, nA, 0, 0],
      ['B', nB, nB, nB, nB, nB, nB * 20],
      ['control', nControl, 0, 0, 0, nControl, nControl * 10],
    ]);
    expect(body.lift).toMatchObject({ control: { rate: 1 } });
    expect(body.lift?.difference).toBeCloseTo(nB / (nA + nB) - 1, 12);
    expect(body.comparisons.map((c) => `${c.metric} ${c.arm}-${c.against}`)).toEqual([
      'conversion A-control',
      'conversion B-control',
      'clickThrough B-A',
      'conversion B-A',
    ]);
    expect(body.summary.length).toBeGreaterThan(0);
  });
});
