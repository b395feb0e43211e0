// `npm run kairos -- results campaign <id>` as an operator runs it: a separate
// process over a data folder holding a sent campaign and a lake.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignResults } from '@/lib/contracts/campaign-results';
import type { LakeManifest } from '@/lib/contracts/lake';
import { migrateDatabase, openDatabase } from '@/lib/db';
import { recordControls } from '@/lib/db/campaign-controls';
import { createCampaign } from '@/lib/db/campaigns';
import { deliveries } from '@/lib/db/schema';
import { runKairos } from '../fixtures/kairos-cli';
import { writeLakeFiles } from '../fixtures/lake-files';
import { trackEvent } from '../fixtures/track-event';

const dataDir = mkdtempSync(path.join(tmpdir(), 'kairos-cli-results-'));
const sentAt = Date.UTC(2026, 10, 2, 9);
let campaignId = 0;

const kairos = (...args: string[]) => {
  const env: NodeJS.ProcessEnv = { ...process.env, KAIROS_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  return runKairos(args, env);
};

const event = trackEvent;

beforeAll(async () => {
  const handle = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
  try {
    await migrateDatabase(handle);
    const campaign = await createCampaign(handle.db, { name: 'CLI', message: { title: 'Hi', body: '' } });
    campaignId = campaign.id;
    await handle.db.insert(deliveries).values(
      ['buyer', 'browser'].map((anonymousId, i) => ({
        campaignId,
        subscriptionId: i + 1,
        anonymousId,
        variant: 0,
        status: 'sent' as const,
        sentAt: new Date(sentAt),
      })),
    );
    await recordControls(handle.db, campaignId, ['held-out'], new Date(sentAt));
  } finally {
    await handle.close();
  }
  const lakeDir = path.join(dataDir, 'lake');
  mkdirSync(lakeDir, { recursive: true });
  const origin = { campaignId, variant: 0 };
  const files = writeLakeFiles(lakeDir, [
    event('buyer', 'Notification Shown', sentAt + 60_000, origin),
    event('buyer', 'Notification Clicked', sentAt + 120_000, origin),
    event('buyer', 'Order Completed', sentAt + 3_600_000, { order_id: 'o-1', revenue: 42 }),
    event('browser', 'Notification Shown', sentAt + 60_000, origin),
  ]);
  const manifest: LakeManifest = { version: 1, watermark: 4, files, tail: { rows: 0, url: '' }, generatedAt: sentAt };
  writeFileSync(path.join(lakeDir, 'manifest.json'), JSON.stringify(manifest));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm run kairos -- results campaign', () => {
  it('prints the arms as a table, and the same figures as JSON', () => {
    const text = kairos('results', 'campaign', String(campaignId));
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Campaign ${campaignId}: audience 3, control 1`);
    expect(text.stdout).toMatch(/^A\s+2\s+2\s+2\s+1\s+0\s+1\s+42\.00/m);
    expect(text.stdout).toMatch(/^control\s+1\s+0/m);
    // The breakdowns: nobody had bought before the send; one day of events.
    expect(text.stdout).toMatch(/^RFM segment at the send\s+arm/m);
    expect(text.stdout).toMatch(/^No purchase yet\s+A\s+2\s+2\s+1\s+1\s+42\.00/m);
    expect(text.stdout).toMatch(/^unknown\s+control\s+1\s+0\s+0\s+0\s+0\.00/m);
    expect(text.stdout).toMatch(/^2026-11-02\s+A\s+2\s+1\s+1\s+42\.00$/m);

    const json = kairos('results', 'campaign', String(campaignId), '--json', '--click-window-days', '3');
    expect(json.code).toBe(0);
    const results = JSON.parse(json.stdout) as CampaignResults;
    expect(results.goal.clickWindowDays).toBe(3);
    expect(results.arms.map((arm) => [arm.arm, arm.visitors, arm.converted, arm.revenue])).toEqual([
      ['A', 2, 1, 42],
      ['control', 1, 0, 0],
    ]);
  });

  it('says so for a campaign that does not exist, or a bad window', () => {
    expect(kairos('results', 'campaign', '999').out).toContain('No campaign 999.');
    expect(kairos('results', 'campaign', String(campaignId), '--click-window-days', '0').code).toBe(1);
  });
});
