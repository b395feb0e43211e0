/**
 * At most `limit` password checks run at once (scrypt costs ~128 MiB and tens
 * of milliseconds each); the rest wait in arrival order. There is no cap on
 * how many wait in all: such a cap is a queue guesses can fill, and then the
 * right password is turned away. What is capped is each key's share (a client
 * address, a known device): `perKey` checks waiting or running, more are
 * refused to that key alone. So the list is as long as the number of distinct
 * clients guessing, each of which holds an open request anyway.
 */
export class CheckThrottle {
  #running = 0;
  readonly #waiting: (() => void)[] = [];
  readonly #held = new Map<string, number>();

  constructor(
    readonly limit: number,
    readonly perKey: number,
  ) {}

  /** Runs `work` when a slot is free; undefined if `key` already has `perKey` checks waiting or running. */
  async run<T>(key: string, work: () => Promise<T>): Promise<T | undefined> {
    const held = this.#held.get(key) ?? 0;
    if (held >= this.perKey) return undefined;
    this.#held.set(key, held + 1);
    try {
      if (this.#running < this.limit) this.#running += 1;
      // A finishing check hands its slot straight to the first in line, so none can jump the queue.
      else await new Promise<void>((resolve) => this.#waiting.push(resolve));
      try {
        return await work();
      } finally {
        const next = this.#waiting.shift();
        if (next) next();
        else this.#running -= 1;
      }
    } finally {
      const left = (this.#held.get(key) ?? 1) - 1;
      if (left > 0) this.#held.set(key, left);
      else this.#held.delete(key);
    }
  }
}
