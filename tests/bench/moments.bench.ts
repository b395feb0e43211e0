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
// Beside them, the browser's own floor (tests/bench/moments-floor.ts): a bare
// service worker that calls showNotification for every search navigation with
// no matching at all. Our worker and the floor are also timed cold: every
// service worker of the visitor's context stopped (CDP
// ServiceWorker.stopAllWorkers) before each search, so the navigation starts
// the worker from nothing (script evaluation, state from IndexedDB). Cold, a
// second floor reads one IndexedDB record before showing: the least a worker
// that keeps its rules on the device pays after a cold start.
// Five alternating rounds (on-device warm and cold, the floor warm and cold,
// the floor with state cold, the server way), each way in a fresh browser context, of 10 warm-up and 40
// measured moments: 200 per way. Each round also says where the time went (the
// page's Navigation Timing, probes in the service worker, the server's own clock).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium } from '@playwright/test';
import { chromiumArgs, findChromium } from '@/lib/build/chromium';
import { createMomentRuleSchema, momentRuleSchema } from '@/lib/contracts/moment-rule';
import { compileRules, decide } from '@/lib/moments';
import { deviceRuleIds, waitForControl } from '../fixtures/moments';
import { startApp } from './collector.bench';
import { type FloorSite, floorWay, startFloorSite, startupSteps, workerStopper } from './moments-floor';
import {
  benchRule,
  measured,
  notificationTime,
  pauseMs,
  queries,
  rounds,
  type Sample,
  searchNavigation,
  summary,
  warmup,
} from './moments-common';
import { lostPushMs, serverWay, type ServerWay, startServerWay } from './moments-server-way';
import type { BenchRow } from './report';

const adminPassword = 'bench-password-1';
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

/** One round on the device; `cold`: every worker of the context stopped before each search (no probe then). */
async function onDevice(browser: Browser, appUrl: string, round: number, cold = false): Promise<Sample[]> {
  const { context, page } = await storefrontVisitor(browser, appUrl);
  const samples: Sample[] = [];
  try {
    const all = queries(round, cold ? 'device-cold' : 'device');
    const stopWorkers = cold ? await workerStopper(page) : undefined;
    const pending: {
      query: string;
      started: number;
      workerStart: number;
      shown: number;
      startup: Record<string, number>;
    }[] = [];
    for (const [i, query] of all.entries()) {
      if (i === warmup && !cold) {
        const worker = context.serviceWorkers().find((candidate) => candidate.url().startsWith(appUrl));
        await worker?.evaluate(probeScript);
      }
      const target = `${appUrl}/search?q=${encodeURIComponent(query)}`;
      await stopWorkers?.();
      const { started, workerStart } = await searchNavigation(page, target);
      const where = `on the device${cold ? ' (cold)' : ''}, round ${round + 1}, moment ${i + 1}`;
      const shown = await notificationTime(page, query, where);
      const startup = cold ? await startupSteps(context, appUrl, started) : {};
      if (i >= warmup) pending.push({ query, started, workerStart, shown, startup });
    }
    const worker = context.serviceWorkers().find((candidate) => candidate.url().startsWith(appUrl));
    const probe = (await worker
      ?.evaluate(() => (self as unknown as { kairosBench?: unknown }).kairosBench)
      .catch(() => undefined)) as { shows: Record<string, { called: number; resolved: number }> } | undefined;
    for (const { query, started, workerStart, shown, startup } of pending) {
      const steps: Record<string, number> = { ...startup };
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

/** The median (and 95th percentile) end of each step, in the order the steps happen. */
function printBreakdown(title: string, samples: readonly Sample[]): void {
  const names = [...new Set(samples.flatMap((sample) => Object.keys(sample.steps)))];
  const ends = names
    .map((name) => {
      const values = samples.flatMap((sample) => (name in sample.steps ? [sample.steps[name]!] : []));
      return { name, ...summary(values), count: values.length };
    })
    .sort((a, b) => a.p50 - b.p50);
  console.log(`  ${title}: median (p95) time after the search navigation's start`);
  for (const { name, p50, p95, count } of ends) {
    const counted = count < samples.length ? ` (${count} samples)` : '';
    console.log(`    ${p50.toFixed(1).padStart(7)} ms (${p95.toFixed(1).padStart(6)})  ${name}${counted}`);
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
  let floor: FloorSite | undefined;
  let statefulFloor: FloorSite | undefined;
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
    floor = await startFloorSite();
    statefulFloor = await startFloorSite({ stateful: true });
    const device: Sample[] = [];
    const deviceCold: Sample[] = [];
    const floorWarm: Sample[] = [];
    const floorCold: Sample[] = [];
    const statefulCold: Sample[] = [];
    const serverSide: Sample[] = [];
    console.log(
      `  ${rounds} alternating rounds of ${warmup} warm-up + ${measured} measured moments each way` +
        (pauseMs > 0 ? `, ${pauseMs} ms idle before each search…` : ', back to back…'),
    );
    for (let round = 0; round < rounds; round++) {
      device.push(...(await onDevice(browser, appUrl, round)));
      deviceCold.push(...(await onDevice(browser, appUrl, round, true)));
      floorWarm.push(...(await floorWay(browser, floor, round, false)));
      floorCold.push(...(await floorWay(browser, floor, round, true)));
      statefulCold.push(...(await floorWay(browser, statefulFloor, round, true, 'floor-state-cold')));
      serverSide.push(...(await serverWay(browser, way, round)));
      const last = (samples: Sample[]) => {
        const { p50, p95 } = summary(samples.slice(-measured).map((sample) => sample.total));
        return `p50 ${p50.toFixed(1)} / p95 ${p95.toFixed(1)}`;
      };
      console.log(
        `  round ${round + 1} (ms): on the device ${last(device)}, cold ${last(deviceCold)}; ` +
          `the floor ${last(floorWarm)}, cold ${last(floorCold)}, with state cold ${last(statefulCold)}; ` +
          `the server way ${last(serverSide)}`,
      );
    }
    const ours = summary(device.map((sample) => sample.total));
    const theirs = summary(serverSide.map((sample) => sample.total));
    const oursCold = summary(deviceCold.map((sample) => sample.total));
    const floorW = summary(floorWarm.map((sample) => sample.total));
    const floorC = summary(floorCold.map((sample) => sample.total));
    const floorS = summary(statefulCold.map((sample) => sample.total));
    printBreakdown('on the device', device);
    printBreakdown('on the device, cold', deviceCold);
    printBreakdown('the floor (bare worker)', floorWarm);
    printBreakdown('the floor (bare worker), cold', floorCold);
    printBreakdown('the floor with state (one IndexedDB read), cold', statefulCold);
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
    for (const [name, warmOrCold, bare] of [
      ['warm', ours, floorW],
      ['cold', oursCold, floorC],
      ['cold, with state', oursCold, floorS],
    ] as const) {
      console.log(
        `  beside the floor, ${name}: p50 ${warmOrCold.p50.toFixed(1)} vs ${bare.p50.toFixed(1)} ms ` +
          `(${(warmOrCold.p50 / bare.p50).toFixed(2)}×), p95 ${warmOrCold.p95.toFixed(1)} vs ${bare.p95.toFixed(1)} ms ` +
          `(${(warmOrCold.p95 / bare.p95).toFixed(2)}×; target: p95 ≤ 1.5×)`,
      );
    }
    const label = `${device.length} moments a way, search navigation to notification shown`;
    const serverRows = (['p50', 'p95'] as const).map((p) => ({
      name: `${label}, ${p}`,
      unit: 'ms',
      ours: { label: 'on the device (service worker, lib/moments, state in memory)', value: ours[p] },
      peer: {
        label: 'server way (collector, lib/moments, Web Push via web-push-testing, CDP into the Kairos worker)',
        value: theirs[p],
      },
    }));
    const floorRows = (
      [
        ['warm', ours, floorW],
        ['cold: every worker stopped before each search', oursCold, floorC],
      ] as const
    ).flatMap(([name, warmOrCold, bare]) =>
      (['p50', 'p95'] as const).map((p) => ({
        name: `${label}, ${name}, ${p}`,
        unit: 'ms',
        ours: { label: 'on the device (the Kairos service worker)', value: warmOrCold[p] },
        peer: { label: 'the floor: a bare worker calling showNotification, no matching', value: bare[p] },
      })),
    );
    const statefulRows = (['p50', 'p95'] as const).map((p) => ({
      name: `${label}, cold, ${p}`,
      unit: 'ms',
      ours: { label: 'on the device (the Kairos service worker)', value: oursCold[p] },
      peer: { label: 'the floor with state: a bare worker reading one IndexedDB record first', value: floorS[p] },
    }));
    return [...serverRows, ...floorRows, ...statefulRows];
  } finally {
    way?.close();
    floor?.close();
    statefulFloor?.close();
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
