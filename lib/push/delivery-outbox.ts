import 'server-only';
import { payloadBytesProblem } from '../contracts/campaign-message';
import type { Database } from '../db/client';
import {
  type ClaimedDelivery,
  claimDeliveries,
  finishCampaigns,
  markCampaignsSending,
  nextDueAt,
} from '../db/deliveries';
import { OutcomeWriter } from './outcome-writer';
import { PayloadJson } from './payload-json';
import { DeliveryPolicyGate } from './policy-gate';
import type { PushResponse, PushSender } from './sender';
import { cutText, storableText } from '../contracts/text';

export interface OutboxOptions {
  /** Messages in flight at once. */
  concurrency?: number;
  /** Rows claimed per query. */
  batchSize?: number;
  /** How long a claim holds a row before another worker may take it (a crashed worker's rows come back then). */
  leaseMs?: number;
  /** Attempts before a delivery is given up as failed. */
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Outcomes written per statement at most, and the longest they wait for one (OutcomeWriter). */
  outcomeBatch?: number;
  outcomeDelayMs?: number;
  /** Longest sleep between looks at the outbox when nothing is due. */
  idleMs?: number;
  random?: () => number;
  now?: () => number;
}

const defaults = {
  concurrency: 64,
  batchSize: 256,
  leaseMs: 5 * 60_000,
  maxAttempts: 6,
  backoffBaseMs: 2_000,
  backoffMaxMs: 10 * 60_000,
  outcomeBatch: 64,
  outcomeDelayMs: 10,
  idleMs: 2_000,
  random: Math.random,
  now: Date.now,
} satisfies Required<OutboxOptions>;

/** Without a Retry-After, a 429 pauses its push service this long. */
const defaultRateLimitPauseMs = 10_000;

/**
 * The durable delivery outbox's worker: claims due deliveries, personalises
 * and size-checks each payload, sends with bounded concurrency, and records
 * each outcome — 2xx sent; 404/410 expired (the subscription is deleted); 429
 * waits out Retry-After for that whole push service; 5xx and network errors
 * back off exponentially with jitter until maxAttempts, then failed.
 */
export class DeliveryOutbox {
  readonly #options: typeof defaults;
  readonly #pausedUntil = new Map<string, number>();
  readonly #payloads = new PayloadJson();
  /** Until when the global rate is spent (the loop sleeps until then rather than polling). */
  #throttledUntil = 0;
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(
    private readonly db: Database,
    private readonly sender: PushSender,
    options: OutboxOptions = {},
  ) {
    this.#options = { ...defaults, ...options };
  }

  /** Sends every delivery due now, then returns how many were handled. */
  async drain(): Promise<number> {
    const { concurrency, batchSize, leaseMs } = this.#options;
    const writer = new OutcomeWriter(this.db, {
      maxBatch: this.#options.outcomeBatch,
      maxDelayMs: this.#options.outcomeDelayMs,
      now: this.#options.now,
    });
    const touched = new Set<number>();
    // Each claimed row with the end of its lease: past it, another worker may have claimed it.
    const queue: { delivery: ClaimedDelivery; heldUntil: number }[] = [];
    let exhausted = false;
    let refill: Promise<void> | undefined;
    let handled = 0;
    const gate = await DeliveryPolicyGate.open(this.db, writer);

    const claimMore = () =>
      (refill ??= (async () => {
        const claimedAt = this.#options.now();
        const limit = await gate.globalSlots(batchSize, claimedAt);
        if (limit === 0) {
          exhausted = true;
          this.#throttledUntil = gate.nextWindow(claimedAt);
          return;
        }
        const claimed = await claimDeliveries(this.db, { limit, leaseMs, now: new Date(claimedAt) });
        const heldUntil = claimedAt + leaseMs;
        if (claimed.length === 0) exhausted = true;
        const fresh = [...new Set(claimed.map((row) => row.campaignId))].filter((id) => !touched.has(id));
        for (const id of fresh) touched.add(id);
        await markCampaignsSending(this.db, fresh);
        // Quiet hours, the guard, the caps and the campaigns' own rates: what is not sent now is recorded there.
        const ready = await gate.admit(claimed, limit, claimedAt);
        for (const delivery of ready) queue.push({ delivery, heldUntil });
      })().finally(() => {
        refill = undefined;
      }));

    const lane = async () => {
      for (;;) {
        // Claim the next batch while a whole batch still waits, so the lanes never idle
        // for a claim's round trip (PostgreSQL's commit waits for its log flush).
        if (!exhausted && queue.length < Math.max(concurrency, batchSize)) void claimMore();
        const next = queue.shift();
        if (next) {
          // A row whose lease ran out while it waited here (a slow push service, a busy
          // machine) is left to whoever claims it next, this worker included: sending it
          // now could race another worker's copy. A send needs a quarter of the lease left.
          if (this.#options.now() > next.heldUntil - leaseMs / 4) continue;
          await this.#deliver(next.delivery, writer);
          handled++;
          continue;
        }
        if (exhausted) return;
        await claimMore();
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    await writer.settled();
    await finishCampaigns(this.db, [...touched]);
    return handled;
  }

  async #deliver(delivery: ClaimedDelivery, writer: OutcomeWriter): Promise<void> {
    const { now, maxAttempts } = this.#options;
    if (!delivery.target) {
      writer.add('expired', {
        id: delivery.id,
        subscriptionId: delivery.subscriptionId,
        error: 'The subscription was removed.',
      });
      return;
    }
    const origin = new URL(delivery.target.endpoint).origin;
    const pausedUntil = this.#pausedUntil.get(origin) ?? 0;
    if (pausedUntil > now()) {
      const error = 'The push service asked to wait (429).';
      writer.add('retry', { id: delivery.id, at: new Date(pausedUntil), error, refundAttempt: true });
      return;
    }
    // Measured as sent: the payload carries its delivery id and variant, so its JSON is what payloadSizeProblem counts.
    const text = this.#payloads.of(delivery);
    const tooLarge = payloadBytesProblem(Buffer.byteLength(text));
    if (tooLarge) {
      writer.add('failed', { id: delivery.id, error: tooLarge });
      return;
    }
    const response = await this.sender.send(delivery.target, text, delivery);
    const { statusCode } = response;
    if (statusCode !== null && statusCode >= 200 && statusCode < 300) {
      writer.add('sent', delivery.id);
      return;
    }
    const error = describe(response);
    if (statusCode === 404 || statusCode === 410) {
      writer.add('expired', { id: delivery.id, subscriptionId: delivery.subscriptionId, error });
    } else if (statusCode === 429) {
      const until = now() + (response.retryAfterSeconds ?? defaultRateLimitPauseMs / 1000) * 1000;
      this.#pausedUntil.set(origin, Math.max(until, this.#pausedUntil.get(origin) ?? 0));
      if (delivery.attempts >= maxAttempts) writer.add('failed', { id: delivery.id, error });
      else writer.add('retry', { id: delivery.id, at: new Date(until), error });
    } else if (statusCode === null || statusCode >= 500) {
      if (delivery.attempts >= maxAttempts) writer.add('failed', { id: delivery.id, error });
      else
        writer.add('retry', {
          id: delivery.id,
          at: new Date(now() + this.backoffMs(delivery.attempts, response)),
          error,
        });
    } else {
      // 400 (bad request), 401/403 (VAPID refused), 413: sending again would fail the same way.
      writer.add('failed', { id: delivery.id, error });
    }
  }

  /** Exponential backoff with equal jitter (half fixed, half random), at least a 503's Retry-After. */
  backoffMs(attempt: number, response?: PushResponse): number {
    const { backoffBaseMs, backoffMaxMs, random } = this.#options;
    const ceiling = Math.min(backoffMaxMs, backoffBaseMs * 2 ** Math.max(0, attempt - 1));
    const jittered = ceiling / 2 + (random() * ceiling) / 2;
    return Math.max(jittered, (response?.retryAfterSeconds ?? 0) * 1000);
  }

  /** Runs until stop(): drains, sleeps until the next delivery is due (or wake()), repeats. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = (async () => {
      while (this.#running) {
        try {
          await this.drain();
          const due = await nextDueAt(this.db);
          const now = this.#options.now();
          const wait = Math.max(due ? due.getTime() - now : this.#options.idleMs, this.#throttledUntil - now);
          await this.#sleep(Math.min(Math.max(wait, 50), this.#options.idleMs));
        } catch (error) {
          console.error('Kairos push outbox:', error);
          await this.#sleep(this.#options.idleMs);
        }
      }
    })();
  }

  /** New deliveries were queued: look now instead of at the next poll. */
  wake(): void {
    this.#wake?.();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.wake();
    await this.#loop;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }
}

function describe(response: PushResponse): string {
  const status = response.statusCode === null ? 'network error' : `HTTP ${response.statusCode}`;
  // A push service's own words, stored: held to the text rule every stored string follows.
  return storableText(cutText(`${status}: ${response.error ?? ''}`, 500));
}
