// Micro-moment latency, in headless Chromium, two ways in the same run, both
// timed from the search navigation's start (Navigation Timing: the document's
// time origin) to the notification's own timestamp (set by showNotification),
// on the browser's clock:
// - on the device: a search navigation on the storefront, detected by our
//   service worker (lib/moments, state in memory) inside the navigation's
//   fetch event and shown at once;
// - the server way: the search page posts the search to a server (no tracker
//   batching: the fastest a server way can be), which stores it through the
//   app's real collector, decides with the same lib/moments, encrypts a Web
//   Push (web-push's generateRequestDetails, VAPID) to web-push-testing (a mock
//   push service that checks the signature and decrypts), and the push
//   service's message is delivered with the DevTools protocol
//   (ServiceWorker.deliverPushMessage) into the real Kairos service worker
//   (a one-line worker, importScripts('/kairos-sw.js'), as a site installs it),
//   whose own push handler (lib/notifications) shows it.
// Five alternating rounds (on-device, server, on-device, …), each in a fresh
// browser context, of 10 warm-up and 40 measured moments: 200 per way. Each
// round also says where the time went (the page's Navigation Timing, probes in
// the service worker, the server's own clock).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from '@playwright/test';
import webpush from 'web-push';
import { chromiumArgs, findChromium } from '@/lib/build/chromium';
import { createMomentRuleSchema, momentRuleSchema, type MomentRuleInput } from '@/lib/contracts/moment-rule';
import { compileRules, decide } from '@/lib/moments';
import { budgetTravelRule } from '../fixtures/moment-rules';
import { deviceRuleIds, waitForControl } from '../fixtures/moments';
import { startApp } from './collector.bench';
import type { BenchRow } from './report';

const require = createRequire(import.meta.url);
const rounds = Number(process.env.KAIROS_BENCH_MOMENT_ROUNDS ?? 5);
const measured = Number(process.env.KAIROS_BENCH_MOMENTS ?? 40);
const warmup = 10;
const momentTimeoutMs = 20_000;
/** A pushed message not shown after this long was lost on its way into the worker: it is delivered once more. */
const lostPushMs = 5_000;
/**
 * Idle time before each search (both ways). 0 (the default): back to back, each search right after the
 * previous page's load, while the worker, the page and the app still process its events.
 */
const pauseMs = Number(process.env.KAIROS_BENCH_MOMENT_PAUSE_MS ?? 0);
const adminPassword = 'bench-password-1';
/**
 * Caps out of the way: the benchmark measures the path, not the policy. A round's 50 moments are
 * exactly the largest daily cap across rules the contract allows, so each round is a fresh visitor.
 */
const benchRule = {
  ...budgetTravelRule,
  cooldownMinutes: 0,
  frequencyCap: { count: 100, periodHours: 1 },
  globalDailyCap: 50,
} satisfies MomentRuleInput;

const queries = (round: number, way: string) =>
  Array.from({ length: warmup + measured }, (_, i) => `cheap hotels in mexico ${way} ${round} ${i}`);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))] ?? Number.NaN;
}
const summary = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) };
};
const median = (values: readonly number[]) => summary(values).p50;

/** One measured moment: the total, and the steps' ends (ms after the navigation's start) where known. */
interface Sample {
  total: number;
  steps: Record<string, number>;
}

/** The search's notification: its timestamp (browser clock), waiting for it at most `momentTimeoutMs`. */
async function notificationTime(page: Page, query: string, where: string, timeout = momentTimeoutMs): Promise<number> {
  const shown = await page.evaluate(
    async ({ wanted, timeout }) => {
      const registration = await navigator.serviceWorker.ready;
      const deadline = Date.now() + timeout;
      while (Date.now() < deadline) {
        const found = (await registration.getNotifications()).find((n) => n.body.includes(`“${wanted}”`));
        if (found) return (found as Notification & { timestamp: number }).timestamp;
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      return null;
    },
    { wanted: query, timeout },
  );
  if (shown === null) {
    throw new Error(`${where}: no notification for “${query}” within ${timeout / 1_000} s`);
  }
  return shown;
}

/** Navigates to the search and returns its start (the new document's time origin, browser clock). */
async function searchNavigation(page: Page, target: string): Promise<{ started: number; workerStart: number }> {
  // The previous page is idle first: its hydration must not delay the next navigation's start.
  await page.waitForLoadState('load');
  if (pauseMs > 0) await page.waitForTimeout(pauseMs);
  await page.evaluate((url) => location.assign(url), target);
  await page.waitForURL(target, { waitUntil: 'commit' });
  return page.evaluate(() => {
    const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    // workerStart: just before the browser dispatched the navigation's fetch event to the service worker.
    return { started: performance.timeOrigin, workerStart: entry?.workerStart ?? 0 };
  });
}

/**
 * A probe in the storefront's running service worker, for the breakdown only (added after the warm-up;
 * a worker restarted mid-round loses it and its moments count in the totals alone): when
 * showNotification was called (the moment decided) and when its promise resolved. (A fetch listener
 * added now would not run: Chromium takes a worker's fetch listeners from its first evaluation.)
 */
// Plain text: tsx would wrap a function's inner names in a helper the worker does not have.
const probeScript = `(() => {
  if (self.kairosBench) return;
  const probe = { shows: {} };
  self.kairosBench = probe;
  const show = self.registration.showNotification.bind(self.registration);
  self.registration.showNotification = (title, options) => {
    const called = performance.timeOrigin + performance.now();
    const shown = show(title, options);
    shown.then(() => (probe.shows[options?.body ?? ''] = { called, resolved: performance.timeOrigin + performance.now() }));
    return shown;
  };
})()`;

/** A fresh visitor of the storefront, its worker holding the rule (a page reloaded if its tracker missed the worker). */
async function storefrontVisitor(browser: Browser, appUrl: string) {
  const context = await browser.newContext();
  await context.grantPermissions(['notifications'], { origin: appUrl });
  const page = await context.newPage();
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.goto(`${appUrl}/`);
    await waitForControl(page);
    for (let i = 0; i < 100 && (await deviceRuleIds(page)).length === 0; i++) await page.waitForTimeout(100);
    if ((await deviceRuleIds(page)).length > 0) return { context, page };
  }
  await context.close();
  throw new Error('on the device: the storefront worker never received the published rule');
}

async function onDevice(browser: Browser, appUrl: string, round: number): Promise<Sample[]> {
  const { context, page } = await storefrontVisitor(browser, appUrl);
  const samples: Sample[] = [];
  try {
    const all = queries(round, 'device');
    const pending: { query: string; started: number; workerStart: number; shown: number }[] = [];
    for (const [i, query] of all.entries()) {
      if (i === warmup) {
        const worker = context.serviceWorkers().find((candidate) => candidate.url().startsWith(appUrl));
        await worker?.evaluate(probeScript);
      }
      const target = `${appUrl}/search?q=${encodeURIComponent(query)}`;
      const { started, workerStart } = await searchNavigation(page, target);
      const shown = await notificationTime(page, query, `on the device, round ${round + 1}, moment ${i + 1}`);
      if (i >= warmup) pending.push({ query, started, workerStart, shown });
    }
    const worker = context.serviceWorkers().find((candidate) => candidate.url().startsWith(appUrl));
    const probe = (await worker
      ?.evaluate(() => (self as unknown as { kairosBench?: unknown }).kairosBench)
      .catch(() => undefined)) as { shows: Record<string, { called: number; resolved: number }> } | undefined;
    for (const { query, started, workerStart, shown } of pending) {
      const steps: Record<string, number> = {};
      if (workerStart > 0) steps['fetch event dispatch starts (Navigation Timing workerStart)'] = workerStart;
      const show = Object.entries(probe?.shows ?? {}).find(([body]) => body.includes(`“${query}”`))?.[1];
      if (show) {
        steps['decided: showNotification called'] = show.called - started;
        steps['showNotification resolved'] = show.resolved - started;
      }
      steps['notification timestamp'] = shown - started;
      samples.push({ total: shown - started, steps });
    }
  } finally {
    await context.close();
  }
  return samples;
}

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => resolve(body));
  });

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );

/** The search page of the server way: it posts the search the moment it runs (what a tracker would send). */
const searchPage = `<!doctype html><title>search</title><script>
fetch('/collect', { method: 'POST', keepalive: true,
  body: JSON.stringify({ query: new URLSearchParams(location.search).get('q'), anonymousId: 'bench-visitor' }) });
</script>`;

interface ServerWay {
  origin: string;
  /** Server-side times (epoch ms) per query: received, decided, accepted by the push service, delivered. */
  marks: Map<string, Record<string, number>>;
  setDeliver(deliver: (payload: string) => Promise<void>): void;
  /** Delivers a query's message into the worker again; false if it was never delivered. */
  redeliver(query: string): Promise<boolean>;
  /** Messages delivered a second time (see lostPushMs). */
  redelivered: number;
  close(): void;
}

async function startServerWay(appUrl: string): Promise<ServerWay> {
  // The push service: web-push-testing, in this process, on loopback.
  const { PushApiModel } = require('web-push-testing/src/PushApiModel.js') as { PushApiModel: new () => unknown };
  const PushTestingServer = require('web-push-testing/src/server.js') as new (
    model: unknown,
    port: number,
  ) => { startServer(): void; _server?: Server };
  const probe = createServer();
  const pushPort = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  const pushService = new PushTestingServer(new PushApiModel(), pushPort);
  const log = console.log;
  console.log = () => {}; // its "Server running" line
  pushService.startServer();
  await new Promise((resolve) => setTimeout(resolve, 200));
  console.log = log;
  const vapid = webpush.generateVAPIDKeys();
  const subscribed = await fetch(`http://localhost:${pushPort}/subscribe`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    // web-push-testing takes the flag as text.
    body: JSON.stringify({ userVisibleOnly: 'true', applicationServerKey: vapid.publicKey }),
  });
  if (!subscribed.ok) throw new Error(`web-push-testing refused the subscription: ${await subscribed.text()}`);
  const { data: subscription } = (await subscribed.json()) as {
    data: { endpoint: string; keys: { p256dh: string; auth: string }; clientHash: string };
  };
  // The site's service worker is Kairos's own library, fetched from the app as a site would import it.
  const kairosWorker = await (await fetch(`${appUrl}/kairos-sw.js`)).text();

  // The deciding server: the same rule, compiled by the same lib/moments.
  const rules = compileRules([
    momentRuleSchema.parse({ ...createMomentRuleSchema.parse(benchRule), id: 1, version: 1 }),
  ]);
  const marks = new Map<string, Record<string, number>>();
  let deliver: (payload: string) => Promise<void> = async () => {};
  const delivered = new Map<string, string>();
  const server = createServer((request, response) =>
    handle(request, response).catch((error: unknown) => {
      console.error(`  the server way failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) response.writeHead(500).end();
    }),
  );
  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const send = (type: string, body: string) => void response.writeHead(200, { 'Content-Type': type }).end(body);
    if (url.pathname === '/') return send('text/html', '<!doctype html><title>server way</title>');
    if (url.pathname === '/search') return send('text/html', searchPage);
    if (url.pathname === '/push-sw.js') return send('text/javascript', "importScripts('/kairos-sw.js');");
    if (url.pathname === '/kairos-sw.js') return send('text/javascript', kairosWorker);
    if (request.method !== 'POST' || url.pathname !== '/collect') return void response.writeHead(404).end();
    const received = Date.now();
    const { query, anonymousId } = JSON.parse(await readBody(request)) as { query: string; anonymousId: string };
    // Filled in step by step: a moment that times out says how far it got.
    const mark: Record<string, number> = { received };
    marks.set(query, mark);
    const timestamp = new Date().toISOString();
    // 1. The event reaches the collector (the app's, stored in its database).
    const stored = await fetch(`${appUrl}/api/collect`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({
        sentAt: timestamp,
        batch: [
          {
            messageId: randomUUID(),
            type: 'track',
            event: 'Products Searched',
            properties: { query },
            traits: {},
            anonymousId,
            timestamp,
            context: {},
          },
        ],
      }),
    });
    mark.collected = Date.now();
    // 2. The server decides.
    const result = decide({
      rules,
      moment: { kind: 'search', source: 'searchBox', text: query },
      now: Date.now(),
      timeZone: 'UTC',
      // As on the device (a fresh visitor each round, caps set high), caps never decide here.
      log: [],
      inSegment: () => true,
    });
    if (stored.ok && result.fired) {
      const { message, rule } = result.fired;
      // Kairos's push payload (lib/contracts/push.ts), as the app's own sender builds it.
      const payload = JSON.stringify({
        kind: 'notification',
        title: message.title,
        body: message.body,
        url: message.url,
        tag: `kairos-moment-${rule.id}`,
      });
      // 3. Web Push, encrypted and signed, to the push service.
      const details = webpush.generateRequestDetails(subscription, payload, {
        vapidDetails: { subject: 'mailto:bench@kairos.test', publicKey: vapid.publicKey, privateKey: vapid.privateKey },
        TTL: 60,
      });
      mark.decided = Date.now();
      const pushed = await fetch(details.endpoint, {
        method: details.method,
        headers: details.headers as Record<string, string>,
        body: new Uint8Array(details.body as Buffer),
      });
      if (pushed.status !== 201) throw new Error(`the push service answered ${pushed.status}`);
      mark.accepted = Date.now();
      // 4. The push service hands the (decrypted) message to the browser.
      const inbox = await fetch(`http://localhost:${pushPort}/get-notifications`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ clientHash: subscription.clientHash }),
      });
      const { data } = (await inbox.json()) as { data: { messages: string[] } };
      mark.fetched = Date.now();
      const latest = data.messages.at(-1) ?? '';
      delivered.set(query, latest);
      await deliver(latest);
      mark.delivered = Date.now();
    }
    response.writeHead(202).end();
  }
  const port = await listen(server);
  const way: ServerWay = {
    origin: `http://localhost:${port}`,
    marks,
    setDeliver: (next) => (deliver = next),
    async redeliver(query) {
      const pushed = delivered.get(query);
      if (pushed === undefined) return false;
      way.redelivered++;
      await deliver(pushed);
      return true;
    },
    redelivered: 0,
    close() {
      server.close();
      pushService._server?.close();
    },
  };
  return way;
}

async function serverWay(browser: Browser, way: ServerWay, round: number): Promise<Sample[]> {
  const { origin } = way;
  const context = await browser.newContext();
  await context.grantPermissions(['notifications'], { origin });
  // The DevTools session lives on a page that stays put: the measured page navigates for every search.
  const control = await context.newPage();
  const cdp = await context.newCDPSession(control);
  const registrations = new Map<string, string>();
  cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: updated }) => {
    for (const registration of updated) registrations.set(registration.scopeURL, registration.registrationId);
  });
  await cdp.send('ServiceWorker.enable');
  await control.goto(`${origin}/`);
  await control.evaluate(async () => {
    await navigator.serviceWorker.register('/push-sw.js');
    await navigator.serviceWorker.ready;
  });
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  const registrationId = registrations.get(`${origin}/`);
  if (!registrationId) throw new Error('the server way: no service worker registration');
  way.setDeliver(async (data) => {
    await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId, data });
  });
  const samples: Sample[] = [];
  try {
    for (const [i, query] of queries(round, 'server').entries()) {
      const { started } = await searchNavigation(page, `${origin}/search?q=${encodeURIComponent(query)}`);
      const where = `the server way, round ${round + 1}, moment ${i + 1}`;
      const explain = (error: unknown) => {
        const reached = Object.keys(way.marks.get(query) ?? {});
        throw new Error(`${(error as Error).message} (the server got to: ${reached.join(', ') || 'nothing'})`);
      };
      // CDP's deliverPushMessage answers before the push event runs and reports no failure: a message it
      // lost (seen about once in 600) shows nothing. It is delivered once more, counted and printed; the
      // moment keeps the time it took, lost seconds included.
      const shown = await notificationTime(page, query, where, lostPushMs).catch(async (error: unknown) =>
        (await way.redeliver(query)) ? notificationTime(page, query, where).catch(explain) : explain(error),
      );
      if (i < warmup) continue;
      const marks = way.marks.get(query) ?? {};
      const steps: Record<string, number> = {};
      const label: Record<string, string> = {
        received: 'search received by the server',
        collected: 'stored by the app collector',
        decided: 'decided, push encrypted and signed',
        accepted: 'accepted by the push service (201)',
        fetched: 'message fetched from the push service',
        delivered: 'delivered into the worker (CDP)',
      };
      for (const [key, at] of Object.entries(marks)) steps[label[key] ?? key] = at - started;
      steps['notification timestamp'] = shown - started;
      samples.push({ total: shown - started, steps });
    }
  } finally {
    await context.close();
  }
  return samples;
}

/** Our decision alone (lib/moments' decide() for the bench rule and a fresh search), in Node, in µs. */
function decisionMicros(): number {
  const rules = compileRules([
    momentRuleSchema.parse({ ...createMomentRuleSchema.parse(benchRule), id: 1, version: 1 }),
  ]);
  const runs = 2_000;
  const decideOne = (i: number) =>
    decide({
      rules,
      moment: { kind: 'search', source: 'url', url: new URL(`http://localhost/search?q=cheap+hotels+in+mexico+${i}`) },
      now: Date.now(),
      timeZone: 'UTC',
      log: [],
      inSegment: () => true,
    });
  for (let i = 0; i < 200; i++) decideOne(i);
  const start = performance.now();
  for (let i = 0; i < runs; i++) decideOne(i);
  return ((performance.now() - start) / runs) * 1_000;
}

/** The median end of each step, in the order the steps happen. */
function printBreakdown(title: string, samples: readonly Sample[]): void {
  const names = [...new Set(samples.flatMap((sample) => Object.keys(sample.steps)))];
  const ends = names
    .map((name) => {
      const values = samples.flatMap((sample) => (name in sample.steps ? [sample.steps[name]!] : []));
      return { name, at: median(values), count: values.length };
    })
    .sort((a, b) => a.at - b.at);
  console.log(`  ${title}: median time after the search navigation's start`);
  for (const { name, at, count } of ends) {
    console.log(`    ${at.toFixed(1).padStart(7)} ms  ${name}${count < samples.length ? ` (${count} samples)` : ''}`);
  }
}

export async function momentsBench(): Promise<BenchRow[]> {
  if (!existsSync('.next/BUILD_ID')) throw new Error('Build the app first: npm run build');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kairos-bench-'));
  const { url: appUrlLoopback, server } = await startApp({
    KAIROS_DATA_DIR: dataDir,
    DATABASE_URL: '',
    KAIROS_ADMIN_PASSWORD: adminPassword,
  });
  // Never leave the app running, even when this process is ended from outside.
  const stopApp = () => server.kill('SIGTERM');
  process.once('exit', stopApp);
  // localhost is a secure context for service workers and notifications.
  const appUrl = appUrlLoopback.replace('127.0.0.1', 'localhost');
  const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
  let way: ServerWay | undefined;
  try {
    const login = await fetch(`${appUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ password: adminPassword }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const created = await fetch(`${appUrl}/api/admin/moments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie },
      body: JSON.stringify(benchRule),
    });
    if (created.status !== 201) throw new Error(`rule not created: ${created.status} ${await created.text()}`);
    way = await startServerWay(appUrl);
    const device: Sample[] = [];
    const serverSide: Sample[] = [];
    console.log(
      `  ${rounds} alternating rounds of ${warmup} warm-up + ${measured} measured moments each way` +
        (pauseMs > 0 ? `, ${pauseMs} ms idle before each search…` : ', back to back…'),
    );
    for (let round = 0; round < rounds; round++) {
      device.push(...(await onDevice(browser, appUrl, round)));
      serverSide.push(...(await serverWay(browser, way, round)));
      const last = (samples: Sample[]) => summary(samples.slice(-measured).map((sample) => sample.total));
      const [d, s] = [last(device), last(serverSide)];
      console.log(
        `  round ${round + 1}: on the device p50 ${d.p50.toFixed(1)} / p95 ${d.p95.toFixed(1)} ms; ` +
          `the server way p50 ${s.p50.toFixed(1)} / p95 ${s.p95.toFixed(1)} ms`,
      );
    }
    const ours = summary(device.map((sample) => sample.total));
    const theirs = summary(serverSide.map((sample) => sample.total));
    printBreakdown('on the device', device);
    console.log(`    (our decision itself, lib/moments decide() in Node: ${decisionMicros().toFixed(0)} µs a moment)`);
    printBreakdown('the server way', serverSide);
    if (way.redelivered > 0) {
      console.log(
        `    (${way.redelivered} pushed message(s) not shown after ${lostPushMs / 1_000} s, delivered again)`,
      );
    }
    console.log(
      `  on-device is ${(theirs.p50 / ours.p50).toFixed(1)}× faster at p50 and ${(theirs.p95 / ours.p95).toFixed(1)}× at p95` +
        ` (target: ≥ 10×, p95 < 50 ms)`,
    );
    const label = `${device.length} moments a way, search navigation to notification shown`;
    return (['p50', 'p95'] as const).map((p) => ({
      name: `${label}, ${p}`,
      unit: 'ms',
      ours: { label: 'on the device (service worker, lib/moments, state in memory)', value: ours[p] },
      peer: {
        label: 'server way (collector, lib/moments, Web Push via web-push-testing, CDP into the Kairos worker)',
        value: theirs[p],
      },
    }));
  } finally {
    way?.close();
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
