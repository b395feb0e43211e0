/**
 * A fixed-window counter per client key, in memory. Enough for one process;
 * behind several instances each keeps its own count, which only makes the
 * limit per instance.
 */
export class RateLimiter {
  readonly #windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `key` may try again, or 0 when it is under the limit. */
  retryAfter(key: string): number {
    const window = this.#windows.get(key);
    if (!window || window.resetAt <= this.now()) return 0;
    return window.count >= this.limit ? Math.ceil((window.resetAt - this.now()) / 1000) : 0;
  }

  hit(key: string): void {
    const now = this.now();
    const window = this.#windows.get(key);
    if (!window || window.resetAt <= now) {
      this.#windows.set(key, { count: 1, resetAt: now + this.windowMs });
      if (this.#windows.size > 10_000) this.#sweep(now);
    } else {
      window.count += 1;
    }
  }

  reset(key: string): void {
    this.#windows.delete(key);
  }

  #sweep(now: number): void {
    for (const [key, window] of this.#windows) if (window.resetAt <= now) this.#windows.delete(key);
  }
}
