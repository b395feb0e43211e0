import 'server-only';
import type { Database } from '../db/client';
import { type DeliveryOutcomes, emptyOutcomes, recordOutcomes } from '../db/deliveries';

/**
 * Writes delivery outcomes as soon as they arrive, coalescing the ones that
 * arrive while a write is running into the next write. This keeps the window
 * between "the push service accepted it" and "the database knows" to about
 * one statement: a crash inside that window is the only way a delivery can be
 * sent twice (see README, "Delivery semantics").
 */
export class OutcomeWriter {
  #pending: DeliveryOutcomes = emptyOutcomes();
  #writing: Promise<void> | undefined;
  #failure: unknown;

  constructor(private readonly db: Database) {}

  add<K extends keyof DeliveryOutcomes>(kind: K, entry: DeliveryOutcomes[K][number]): void {
    (this.#pending[kind] as DeliveryOutcomes[K][number][]).push(entry);
    this.#writing ??= this.#writeAll();
  }

  /** Resolves once everything added so far is stored (rejects if a write failed). */
  async settled(): Promise<void> {
    while (this.#writing) await this.#writing;
    if (this.#failure) {
      const failure = this.#failure;
      this.#failure = undefined;
      throw failure;
    }
  }

  async #writeAll(): Promise<void> {
    try {
      for (;;) {
        const batch = this.#pending;
        if (!batch.sent.length && !batch.expired.length && !batch.failed.length && !batch.retry.length) return;
        this.#pending = emptyOutcomes();
        // Unwritten outcomes stay 'sending' and are retried after their lease: never lost.
        await recordOutcomes(this.db, batch).catch((error: unknown) => {
          this.#failure = error;
        });
      }
    } finally {
      this.#writing = undefined;
    }
  }
}
