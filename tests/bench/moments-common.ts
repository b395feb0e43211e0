// What both ways of the moments benchmark share (tests/bench/moments.bench.ts):
// the rounds, the rule, the queries, the samples and how a notification and a
// search navigation are timed on the browser's clock.
import type { Page } from '@playwright/test';
import type { MomentRuleInput } from '@/lib/contracts/moment-rule';
import { budgetTravelRule } from '../fixtures/moment-rules';

export const rounds = Number(process.env.KAIROS_BENCH_MOMENT_ROUNDS ?? 5);
export const measured = Number(process.env.KAIROS_BENCH_MOMENTS ?? 40);
export const warmup = 10;
const momentTimeoutMs = 20_000;
/**
 * Idle time before each search (both ways). 0 (the default): back to back, each search right after the
 * previous page's load, while the worker, the page and the app still process its events.
 */
export const pauseMs = Number(process.env.KAIROS_BENCH_MOMENT_PAUSE_MS ?? 0);
/**
 * Caps out of the way: the benchmark measures the path, not the policy. A round's 50 moments are
 * exactly the largest daily cap across rules the contract allows, so each round is a fresh visitor.
 */
export const benchRule = {
  ...budgetTravelRule,
  cooldownMinutes: 0,
  frequencyCap: { count: 100, periodHours: 1 },
  globalDailyCap: 50,
} satisfies MomentRuleInput;

export const queries = (round: number, way: string) =>
  Array.from({ length: warmup + measured }, (_, i) => `cheap hotels in mexico ${way} ${round} ${i}`);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))] ?? Number.NaN;
}
export const summary = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) };
};
export const median = (values: readonly number[]) => summary(values).p50;

/** One measured moment: the total, and the steps' ends (ms after the navigation's start) where known. */
export interface Sample {
  total: number;
  steps: Record<string, number>;
}

/** The search's notification: its timestamp (browser clock), waiting for it at most `momentTimeoutMs`. */
export async function notificationTime(
  page: Page,
  query: string,
  where: string,
  timeout = momentTimeoutMs,
): Promise<number> {
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
export async function searchNavigation(page: Page, target: string): Promise<{ started: number; workerStart: number }> {
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
