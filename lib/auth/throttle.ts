/**
 * At most `limit` password checks run at once (scrypt costs ~128 MiB and tens
 * of milliseconds each): parallel guesses queue instead of running together,
 * and past `maxQueue` waiting they are turned away. Whatever addresses a
 * client claims, guessing is bounded by this rate.
 */
export class CheckThrottle {
  #running = 0;
  readonly #queue: (() => void)[] = [];

  constructor(
    readonly limit: number,
    readonly maxQueue: number,
  ) {}

  /** Runs `work` when a slot is free; undefined if too many are already waiting. */
  async run<T>(work: () => Promise<T>): Promise<T | undefined> {
    if (this.#running >= this.limit) {
      if (this.#queue.length >= this.maxQueue) return undefined;
      await new Promise<void>((resolve) => this.#queue.push(resolve));
    }
    this.#running += 1;
    try {
      return await work();
    } finally {
      this.#running -= 1;
      this.#queue.shift()?.();
    }
  }
}
