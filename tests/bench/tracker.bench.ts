// The tracker beside its peers, in the same run: bytes a page downloads
// (posthog-js and @segment/analytics-next from their npm packages), and the
// main-thread time of one track() call in headless Chromium.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from '@playwright/test';
import { chromiumArgs, findChromium } from '@/lib/build/chromium';
import { measure, printSizes } from '@/lib/build/size-report';
import { buildTracker, trackerOutputs } from '@/lib/build/tracker';
import type { BenchRow } from './report';

const peers = {
  posthog: 'node_modules/posthog-js/dist/array.js',
  segment: 'node_modules/@segment/analytics-next/dist/umd/standalone.js',
} as const;

export async function trackerSizeBench(): Promise<BenchRow[]> {
  await buildTracker();
  const ours = measure('kairos.js', trackerOutputs.tracker);
  const posthog = measure('posthog-js dist/array.js', peers.posthog);
  const segment = measure('@segment/analytics-next umd/standalone.js', peers.segment);
  printSizes([
    ours,
    posthog,
    segment,
    measure('kairos-sw.js (service worker, off the page)', trackerOutputs.serviceWorker),
  ]);
  return [
    {
      name: 'page-side script, gzip',
      unit: 'B',
      ours: { label: 'kairos.js', value: ours.gzip },
      peer: { label: 'posthog-js', value: posthog.gzip },
    },
    {
      name: 'page-side script, gzip',
      unit: 'B',
      ours: { label: 'kairos.js', value: ours.gzip },
      peer: { label: '@segment/analytics-next (before its lazy chunks)', value: segment.gzip },
    },
  ];
}

/** A page per tracker, served from loopback; the collectors are unreachable on purpose (sending is not measured). */
const pages: Record<string, string> = {
  '/kairos': `<script>!function(w){var k=w.kairos={q:[]};['page','track','identify','reset','consent','flush'].forEach(function(m){k[m]=function(){k.q.push([m,[].slice.call(arguments),Date.now()])}})}(window);</script>
<script src="/kairos.js" data-collector="http://127.0.0.1:9/api/collect"></script>`,
  '/posthog': `<script src="/posthog.js"></script>
<script>posthog.init('phc_bench', { api_host: 'http://127.0.0.1:9', autocapture: false, capture_pageview: false, disable_session_recording: true, advanced_disable_decide: true, persistence: 'localStorage' });</script>`,
};

export async function trackCallBench(): Promise<BenchRow[]> {
  const files: Record<string, string> = {
    '/kairos.js': readFileSync(trackerOutputs.tracker, 'utf8'),
    '/posthog.js': readFileSync(peers.posthog, 'utf8'),
  };
  const server = createServer((request, response) => {
    const url = request.url ?? '/';
    const body = pages[url] ?? files[url];
    response.writeHead(body ? 200 : 404, { 'Content-Type': url.endsWith('.js') ? 'text/javascript' : 'text/html' });
    response.end(body ?? '');
  }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
  const calls = 5_000;
  try {
    const timePerCall = async (path: string, call: string) => {
      const page = await browser.newPage();
      await page.goto(`${base}${path}`);
      await page.waitForLoadState('load');
      const ms = await page.evaluate(
        ({ calls, call }) => {
          const track = new Function('i', call) as (i: number) => void;
          for (let i = 0; i < 200; i++) track(i); // warm up
          const started = performance.now();
          for (let i = 0; i < calls; i++) track(i);
          return (performance.now() - started) / calls;
        },
        { calls, call },
      );
      await page.close();
      return ms * 1000;
    };
    const ours = await timePerCall('/kairos', "kairos.track('Product Viewed', { product_id: 'p' + i, price: 10 })");
    const posthog = await timePerCall(
      '/posthog',
      "posthog.capture('Product Viewed', { product_id: 'p' + i, price: 10 })",
    );
    return [
      {
        name: `main-thread time per track() call (mean of ${calls})`,
        unit: 'µs',
        ours: { label: 'kairos.track', value: ours },
        peer: { label: 'posthog.capture', value: posthog },
      },
    ];
  } finally {
    await browser.close();
    server.close();
  }
}
