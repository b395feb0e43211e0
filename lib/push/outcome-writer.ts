import 'server-only';
import type { Database } from '../db/client';
import { type DeliveryOutcomes, emptyOutcomes, recordOutcomes } from '../db/deliveries';

export interface OutcomeWriterOptions {
  /** Write as soon as this many outcomes wait… */
  maxBatch?: number;
  /** …or this long after the first of them arrived. */
  maxDelayMs?: number;
  /** The clock the sent times are read from (the outbox's, so a test's clock holds for the caps too). */
  now?: () => number;
}

const size = (outcomes: DeliveryOutcomes) =>
  outcomes.sent.length +
  outcomes.expired.length +
  outcomes.failed.length +
  outcomes.retry.length +
  outcomes.dropped.length;

/**
 * Writes delivery outcomes in small batches, one write at a time. A statement
 * costs far more than a row, so outcomes are gathered for at most `maxDelayMs`
 * (or `maxBatch` of them); that bound is also the window in which a crash can
 * lose the record of a message the push service already accepted — the only
 * way a delivery is sent twice (docs/campaigns-and-push.md, "Delivery semantics").
 */
export class OutcomeWriter {
  readonly #maxBatch: number;
  readonly #maxDelayMs: number;
  readonly #now: () => number;
  #pending: DeliveryOutcomes = emptyOutcomes();
  #writing: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #failure: unknown;

  constructor(
    private readonly db: Database,
    options: OutcomeWriterOptions = {},
  ) {
    this.#maxBatch = options.maxBatch ?? 64;
    this.#maxDelayMs = options.maxDelayMs ?? 10;
    this.#now = options.now ?? Date.now;
  }

  add<K extends keyof DeliveryOutcomes>(kind: K, entry: DeliveryOutcomes[K][number]): void {
    (this.#pending[kind] as DeliveryOutcomes[K][number][]).push(entry);
    if (this.#writing) return; // the running write takes everything pending when it finishes
    if (size(this.#pending) >= this.#maxBatch) this.#flush();
    else this.#timer ??= setTimeout(() => this.#flush(), this.#maxDelayMs);
  }

  /** Writes what is pending now; resolves once all of it is stored (rejects if a write failed). */
  async settled(): Promise<void> {
    this.#flush();
    while (this.#writing) await this.#writing;
    if (this.#failure) {
      const failure = this.#failure;
      this.#failure = undefined;
      throw failure;
    }
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    // Only with work to do: #writeAll then awaits before it clears #writing, never synchronously.
    if (!this.#writing && size(this.#pending) > 0) this.#writing = this.#writeAll();
  }

  async #writeAll(): Promise<void> {
    try {
      while (size(this.#pending) > 0) {
        const batch = this.#pending;
        this.#pending = emptyOutcomes();
        // Unwritten outcomes stay 'sending' and are retried after their lease: never lost.
        await recordOutcomes(this.db, batch, new Date(this.#now())).catch((error: unknown) => {
          this.#failure = error;
        });
      }
    } finally {
      this.#writing = undefined;
    }
  }
}
