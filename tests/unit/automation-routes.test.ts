// The automation admin API in-process (lib/contracts/automation.ts): a session
// required on every route, bad input answered 400 with the field named and
// nothing stored, then create, list, pause, resume, results and delete over a
// real database; and `npm run kairos -- automations list` over a data folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as collection from '@/app/api/admin/automations/route';
import * as single from '@/app/api/admin/automations/[id]/route';
import * as pause from '@/app/api/admin/automations/[id]/pause/route';
import * as resume from '@/app/api/admin/automations/[id]/resume/route';
import * as results from '@/app/api/admin/automations/[id]/results/route';
import * as campaignRoute from '@/app/api/admin/campaigns/[id]/route';
import { AudienceEngine } from '@/lib/audience/audience-engine';
import { ServerAudiences } from '@/lib/audience/server-audience';
import { createSession, sessionCookieName } from '@/lib/auth/session';
import { type CreateAutomation, createAutomationSchema } from '@/lib/contracts/automation';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@/lib/db';
import { createAutomation } from '@/lib/db/automations';
import { automations, campaigns } from '@/lib/db/schema';
import { runKairos } from '../fixtures/kairos-cli';
import { siteOrigin } from '../fixtures/route-calls';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const abandonedCart: CreateAutomation = {
  name: 'Abandoned cart',
  trigger: {
    kind: 'event',
    event: { name: 'Product Added' },
    unless: { event: { name: 'Order Completed' }, withinMinutes: 60 },
  },
  exitEvent: { name: 'Order Completed' },
  message: { title: 'Your basket is waiting', body: '' },
};

const holder = globalThis as typeof globalThis & {
  kairosDatabase?: Promise<DatabaseHandle>;
  kairosAudiences?: Promise<ServerAudiences>;
};

describe('the automation admin routes', () => {
  let handle: DatabaseHandle;
  let cookie: string;
  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
    await migrateDatabase(handle);
    holder.kairosDatabase = Promise.resolve(handle);
    const engine = await AudienceEngine.open({ path: ':memory:', memoryLimit: '256MB', threads: 1 });
    const lake = {
      dir: tmpdir(),
      upToDate: async () => ({
        version: 1 as const,
        watermark: 0,
        files: [],
        tail: { rows: 0, url: '' },
        generatedAt: 0,
      }),
    };
    holder.kairosAudiences = Promise.resolve(new ServerAudiences(engine, lake));
    cookie = `${sessionCookieName}=${(await createSession(handle.db)).cookieValue}`;
  });
  afterAll(async () => {
    await (await holder.kairosAudiences)?.close();
    holder.kairosAudiences = undefined;
    holder.kairosDatabase = undefined;
    await handle.close();
  });

  async function call(
    handler: Handler,
    method: string,
    url: string,
    options: { id?: number; body?: unknown; session?: boolean } = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const headers: Record<string, string> = { origin: siteOrigin };
    if (options.session !== false) headers.cookie = cookie;
    const request = new Request(`${siteOrigin}${url}`, {
      method,
      headers: { ...headers, ...(options.body !== undefined && { 'content-type': 'application/json' }) },
      ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
    });
    const params: Record<string, string> = options.id === undefined ? {} : { id: String(options.id) };
    const response = await handler(request, { params: Promise.resolve(params) });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  // Injected failure: an admin route answering without a session.
  it('needs an admin session on every route', async () => {
    const none = { session: false, id: 1 };
    expect((await call(collection.GET, 'GET', '/api/admin/automations', none)).status).toBe(401);
    expect(
      (await call(collection.POST, 'POST', '/api/admin/automations', { ...none, body: abandonedCart })).status,
    ).toBe(401);
    expect((await call(single.DELETE, 'DELETE', '/api/admin/automations/1', none)).status).toBe(401);
    expect((await call(pause.POST, 'POST', '/api/admin/automations/1/pause', none)).status).toBe(401);
    expect((await call(resume.POST, 'POST', '/api/admin/automations/1/resume', none)).status).toBe(401);
    expect((await call(results.GET, 'GET', '/api/admin/automations/1/results', none)).status).toBe(401);
    expect(await handle.db.select().from(automations)).toEqual([]);
  });

  // Injected failures: a segment checked more often than every 15 minutes; a recurring trigger
  // without a segment; a time zone that does not exist; a segment id that names nothing.
  it('refuses bad input with the field named, storing nothing', async () => {
    const post = (body: unknown) => call(collection.POST, 'POST', '/api/admin/automations', { body });
    const tooOften = await post({
      ...abandonedCart,
      trigger: { kind: 'segment', on: 'enter', everyMinutes: 5, segmentId: 1 },
    });
    expect(tooOften.status).toBe(400);
    expect(JSON.stringify(tooOften.body)).toContain('everyMinutes');
    const noSegment = await post({
      ...abandonedCart,
      trigger: { kind: 'recurring', schedule: { every: 'day', at: '10:00' } },
    });
    expect(noSegment.status).toBe(400);
    expect(JSON.stringify(noSegment.body)).toContain('segmentId');
    const badZone = await post({
      ...abandonedCart,
      trigger: { kind: 'recurring', schedule: { every: 'day', at: '10:00', timeZone: 'Mars/Olympus' }, segmentId: 1 },
    });
    expect(JSON.stringify(badZone.body)).toContain('IANA time zone');
    const missing = await post({
      ...abandonedCart,
      trigger: { kind: 'segment', on: 'exit', everyMinutes: 15, segmentId: 99 },
    });
    expect(missing).toMatchObject({ status: 400, body: { error: { message: 'trigger.segmentId: no segment 99.' } } });
    expect(await handle.db.select().from(automations)).toEqual([]);
    expect(await handle.db.select().from(campaigns)).toEqual([]);
  });

  // Injected failures: pause not holding, delete leaving the campaign behind, the automation's
  // campaign editable through the campaign routes.
  it('creates, lists, pauses, resumes, reports and deletes', async () => {
    const created = await call(collection.POST, 'POST', '/api/admin/automations', { body: abandonedCart });
    expect(created.status).toBe(201);
    const automation = created.body.automation as { id: number; campaignId: number; status: string };
    expect(automation).toMatchObject({ status: 'active', name: 'Abandoned cart', delayMinutes: 0 });
    const list = await call(collection.GET, 'GET', '/api/admin/automations');
    expect(list.body.automations).toMatchObject([
      { id: automation.id, entries: { waiting: 0, sent: 0 }, deliveries: { queued: 0 } },
    ]);
    const id = automation.id;
    const paused = await call(pause.POST, 'POST', `/api/admin/automations/${id}/pause`, { id });
    expect(paused.body).toMatchObject({ automation: { status: 'paused' } });
    const resumed = await call(resume.POST, 'POST', `/api/admin/automations/${id}/resume`, { id });
    expect(resumed.body).toMatchObject({ automation: { status: 'active' } });
    const report = await call(results.GET, 'GET', `/api/admin/automations/${id}/results?goal=Order%20Completed`, {
      id,
    });
    expect(report).toMatchObject({ status: 200, body: { results: { campaignId: automation.campaignId } } });
    // The automation's campaign is not reachable as a campaign.
    const asCampaign = await call(campaignRoute.GET, 'GET', `/api/admin/campaigns/${automation.campaignId}`, {
      id: automation.campaignId,
    });
    expect(asCampaign.status).toBe(404);
    expect((await call(single.DELETE, 'DELETE', `/api/admin/automations/${id}`, { id })).status).toBe(204);
    expect((await call(single.GET, 'GET', `/api/admin/automations/${id}`, { id })).status).toBe(404);
    expect(await handle.db.select().from(campaigns)).toEqual([]);
    expect((await call(pause.POST, 'POST', `/api/admin/automations/${id}/pause`, { id })).status).toBe(404);
  });
});

describe('npm run kairos -- automations list', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kairos-cli-automations-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints each automation with its status and trigger', async () => {
    const handle = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
    try {
      await migrateDatabase(handle);
      await createAutomation(handle.db, createAutomationSchema.parse(abandonedCart));
    } finally {
      await handle.close();
    }
    const env: NodeJS.ProcessEnv = { ...process.env, KAIROS_DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    const run = runKairos(['automations', 'list'], env);
    expect(run.code, run.out).toBe(0);
    expect(run.stdout).toContain('active  Abandoned cart  Product Added, not followed by Order Completed within 1 h');
    const wrong = runKairos(['automations', 'lsit'], env);
    expect(wrong.code).not.toBe(0);
    expect(wrong.out).toContain('Usage: kairos automations list');
  }, 120_000);
});
