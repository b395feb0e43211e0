// Geography against the started server (server.ts, embedded storage): the e2e
// server trusts 127.0.0.1 as a proxy (tests/fixtures/e2e-server.ts), so these
// requests play visitors behind a proxy with X-Forwarded-For. The place is in
// the stored event, never the address, and a country segment counts them on the
// server; the console's visitor view shows the place with DB-IP's credit.
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import type { SegmentTree } from '@/lib/contracts/segment';
import { loginAsAdmin } from '../fixtures/admin';
import { loadSegmentsPage } from '../fixtures/console-segments';

/** Paris (80.67.169.12) and London (81.2.69.160) in DB-IP Lite City. */
const paris = '80.67.169.12';
const london = '81.2.69.160';

const trackerEvent = (anonymousId: string) => ({
  messageId: randomUUID(),
  type: 'track',
  event: 'Product Viewed',
  properties: { product_id: 'p1' },
  traits: {},
  anonymousId,
  timestamp: new Date(Date.now() - 1_000).toISOString(),
  context: { locale: 'fr-FR' },
});

const numberFormat = new Intl.NumberFormat('en');
// The builder test loads the server's events into the page's engine on a shared machine.
test.describe.configure({ timeout: 120_000 });

interface StoredVisitor {
  place: { country: string; region?: string; city?: string } | null;
  events: { context: Record<string, unknown> }[];
}

test('addresses behind the trusted proxy become places in the stored events and a country segment', async ({
  request,
  page,
}) => {
  const run = randomUUID().slice(0, 8);
  await loginAsAdmin(request);
  // The server's count (what a campaign would reach) over the lake, before and after: a delta, so
  // the demo's visitors (no place) and an earlier run's do not matter.
  const inFrance: SegmentTree = { kind: 'geo', field: 'country', op: 'in', values: ['FR'] };
  const sizeOf = async (tree: SegmentTree) =>
    ((await (await request.post('/api/admin/audience/size', { data: { tree } })).json()) as { members: number })
      .members;
  const before = await sizeOf(inFrance);
  const inParis = [`geo-paris-a-${run}`, `geo-paris-b-${run}`];
  const inLondon = `geo-london-${run}`;
  const sent = [...inParis.map((id) => [id, paris] as const), [inLondon, london] as const];
  for (const [anonymousId, address] of sent) {
    // The client's hop, then a proxy inside the network: the right-most untrusted hop is the client.
    const answer = await request.post('/api/collect', {
      headers: { 'Content-Type': 'text/plain', 'X-Forwarded-For': `${address}, 127.0.0.1` },
      data: JSON.stringify({ batch: [trackerEvent(anonymousId)], sentAt: new Date().toISOString() }),
    });
    expect((await answer.json()).accepted).toBe(1);
  }

  // A backend's Segment call: placed by the visitor's context.ip, not by the backend's own address.
  const created = await request.post('/api/admin/write-keys', { data: { name: `geo-${run}` } });
  const { key } = (await created.json()) as { key: string };
  const fromBackend = `geo-backend-${run}`;
  const segmentCall = await request.post('/v1/batch', {
    headers: { Authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`, 'X-Forwarded-For': london },
    data: { batch: [{ type: 'track', event: 'Order Completed', anonymousId: fromBackend, context: { ip: paris } }] },
  });
  expect(await segmentCall.json()).toEqual({ accepted: 1, duplicates: 0, invalid: [] });

  for (const anonymousId of [...inParis, fromBackend]) {
    const stored = (await (await request.get(`/api/admin/visitors/${anonymousId}/events`)).json()) as StoredVisitor;
    expect(stored.place).toMatchObject({ country: 'FR' });
    expect(stored.events[0]?.context.geo).toMatchObject({ country: 'FR', city: expect.any(String) });
    expect(JSON.stringify(stored)).not.toContain(paris);
  }
  const londoner = (await (await request.get(`/api/admin/visitors/${inLondon}/events`)).json()) as StoredVisitor;
  expect(londoner.place).toMatchObject({ country: 'GB' });

  expect(await sizeOf(inFrance)).toBe(before + 3);
  const inLondonCity: SegmentTree = {
    all: [
      { kind: 'geo', field: 'country', op: 'in', values: ['GB'] },
      { kind: 'geo', field: 'city', op: 'in', values: [londoner.place?.city ?? ''] },
    ],
  };
  expect(await sizeOf(inLondonCity)).toBeGreaterThanOrEqual(1);

  // The console's visitor view: the place in words, and the credit DB-IP's licence asks for.
  await loginAsAdmin(page.context().request);
  await page.goto(`/console/visitors/${inParis[0]}`);
  await expect(page.getByTestId('visitor-place')).toContainText('France');
  await expect(page.getByRole('link', { name: 'IP geolocation by DB-IP' })).toHaveAttribute(
    'href',
    'https://db-ip.com',
  );
});

test('the device config tells each device its own place, and a loopback device none', async ({ request }) => {
  const fromParis = await request.get('/api/device/config', { headers: { 'X-Forwarded-For': paris } });
  expect((await fromParis.json()).geo).toMatchObject({ country: 'FR' });
  expect(fromParis.headers()['cache-control']).toBe('private, no-cache');
  const local = await request.get('/api/device/config');
  expect((await local.json()).geo).toBeNull();
});

test('the segment builder picks France from the data’s countries and counts what the server counts', async ({
  page,
  request,
}) => {
  const visitor = `geo-builder-${randomUUID().slice(0, 8)}`;
  const answer = await request.post('/api/collect', {
    headers: { 'Content-Type': 'text/plain', 'X-Forwarded-For': paris },
    data: JSON.stringify({ batch: [trackerEvent(visitor)], sentAt: new Date().toISOString() }),
  });
  expect((await answer.json()).accepted).toBe(1);
  await loginAsAdmin(request);
  const inFrance: SegmentTree = { kind: 'geo', field: 'country', op: 'in', values: ['FR'] };
  const server = await request.post('/api/admin/audience/size', { data: { tree: inFrance } });
  const expected = ((await server.json()) as { members: number }).members;
  expect(expected).toBeGreaterThanOrEqual(1);

  await loadSegmentsPage(page);
  await page.getByLabel('Segment: new condition').selectOption({ label: 'Country, region or city' });
  await page.getByRole('button', { name: 'Add condition' }).click();
  // The countries listed are the loaded visitors', by name.
  await page.getByLabel('Countries').selectOption({ label: 'France (FR)' });
  await expect(page.getByTestId('segment-count')).toHaveText(numberFormat.format(expected), { timeout: 20_000 });
  await expect(page.getByRole('link', { name: 'IP geolocation by DB-IP' }).first()).toBeVisible();

  // The visitor's own view (the demo's French visitors fill the members table's first page).
  await page.goto(`/console/visitors/${visitor}`);
  await expect(page.getByTestId('visitor-place')).toContainText('France');
});
