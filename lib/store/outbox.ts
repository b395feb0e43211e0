// Sends the device's outbox to the collector: batched under count and byte
// limits, oldest first, one request at a time. At-least-once: an entry leaves
// the outbox only after the collector answered for it; the collector's
// messageId de-duplication makes the server side exactly-once.
import { type CollectResponse, deviceBatchLimits } from '../contracts/collect-limits';
import type { DeviceDatabase } from './database';
import type { OutboxEntry } from './entities';
import { retryAfterMs, retryDelayMs } from './backoff';

export interface FlushOptions {
  collector: string;
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  /** Whether the device believes it is online (a failure while offline is not the server's fault). */
  isOnline?: () => boolean;
}

export interface FlushResult {
  sent: number;
  /** Dropped because the collector refused them for good (invalid, or too large alone). */
  refused: number;
  /** When the next attempt is due, if anything is left waiting (after a failure, or still backing off). */
  retryAt?: number;
}

/** The collector's answer: its result on a 200, the one error shape otherwise. */
type CollectAnswer = Partial<CollectResponse> & { error?: { message?: string } };

const encoder = new TextEncoder();
const requestTimeoutMs = 30_000;

/**
 * Events the collector refused for good leave the outbox (a retry would be
 * refused again and hold back everything queued behind them); the device's log
 * says how many and why, never their contents.
 */
function logRefused(count: number, body: CollectAnswer | undefined): void {
  const reasons = [...new Set((body?.invalid ?? []).map((item) => item.reason))].slice(0, 3);
  const why = reasons.length > 0 ? `: ${reasons.join('; ')}` : body?.error ? `: ${body.error.message}` : '';
  console.warn(`kairos: the collector refused ${count} events for good; they were dropped${why}`);
}

/** The oldest due entries that fit one request. */
function nextBatch(due: OutboxEntry[], maxEvents: number, unsendable: string[]): OutboxEntry[] {
  const batch: OutboxEntry[] = [];
  let bytes = 64; // {"batch":[],"sentAt":"…"}
  for (const entry of due) {
    let size: number;
    try {
      size = encoder.encode(JSON.stringify(entry.event)).length + 1;
    } catch {
      unsendable.push(entry.messageId); // not JSON (from an older tracker): it could never leave
      continue;
    }
    if (batch.length > 0 && (batch.length >= maxEvents || bytes + size > deviceBatchLimits.maxBytes)) break;
    batch.push(entry);
    bytes += size;
  }
  return batch;
}

export async function flushOutbox(db: DeviceDatabase, options: FlushOptions): Promise<FlushResult> {
  const { collector, fetch: send = fetch, now = Date.now, random = Math.random } = options;
  const isOnline = options.isOnline ?? (() => typeof navigator === 'undefined' || navigator.onLine !== false);
  const result: FlushResult = { sent: 0, refused: 0 };
  let maxEvents: number = deviceBatchLimits.maxEvents;
  for (;;) {
    // Oldest due first: entries are queued with nextAttemptAt = queuedAt, so this index orders them.
    const due = await db.outbox.find('nextAttemptAt', { atMost: now() }, maxEvents);
    const unsendable: string[] = [];
    const batch = nextBatch(due, maxEvents, unsendable);
    if (unsendable.length > 0) {
      await db.outbox.deleteAll(unsendable);
      result.refused += unsendable.length;
    }
    if (batch.length === 0 && unsendable.length > 0) continue;
    if (batch.length === 0) {
      // Entries still backing off: say when, so someone wakes the sender then.
      const [waiting] = await db.outbox.find('nextAttemptAt', {}, 1);
      if (waiting) result.retryAt = waiting.nextAttemptAt;
      return result;
    }
    const keys = batch.map((entry) => entry.messageId);

    let response: Response | undefined;
    try {
      response = await send(collector, {
        method: 'POST',
        // text/plain keeps this a "simple" cross-origin request: no preflight, and keepalive-safe.
        headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
        body: JSON.stringify({ batch: batch.map((entry) => entry.event), sentAt: new Date(now()).toISOString() }),
        keepalive: true,
        credentials: 'omit',
        mode: 'cors',
        // A request that never answers must not hold the outbox forever.
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
    } catch {
      response = undefined; // offline, DNS, connection reset: retry later
    }

    if (response && (response.ok || response.status === 400)) {
      // 200: stored (or known already); 400: refused as a whole, which a retry cannot change.
      const body = (await response.json().catch(() => undefined)) as CollectAnswer | undefined;
      const refused = response.ok ? (body?.invalid?.length ?? 0) : batch.length;
      await db.outbox.deleteAll(keys);
      result.sent += batch.length - refused;
      result.refused += refused;
      if (refused > 0) logRefused(refused, body);
      continue;
    }
    if (response?.status === 413) {
      if (batch.length > 1) {
        maxEvents = Math.max(1, Math.floor(batch.length / 2));
        continue;
      }
      await db.outbox.deleteAll(keys);
      result.refused += 1;
      logRefused(1, { invalid: [{ index: 0, reason: 'too large to send alone' }] });
      continue;
    }
    // 429, 5xx or no answer: back off, honouring Retry-After when the server gave one. Offline
    // failures do not count as attempts: coming back online (or Background Sync) retries at once.
    const offline = !response && !isOnline();
    const attempts = Math.max(...batch.map((entry) => entry.attempts)) + (offline ? 0 : 1);
    const delay = retryAfterMs(response?.headers.get('Retry-After') ?? null, now()) ?? retryDelayMs(attempts, random);
    const retryAt = now() + delay;
    await db.outbox.update({ attempts, nextAttemptAt: retryAt }, keys);
    result.retryAt = retryAt;
    return result;
  }
}
