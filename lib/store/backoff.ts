// Exponential backoff with jitter for outbox retries: devices that failed
// together (a server restart) do not all come back in the same second.
export const backoffPolicy = { baseMs: 2_000, capMs: 10 * 60_000 } as const;

/** Delay before attempt `attempts + 1`: base·2^attempts, capped, times a random factor in [0.5, 1). */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const exponential = Math.min(backoffPolicy.capMs, backoffPolicy.baseMs * 2 ** Math.max(0, attempts));
  return Math.round(exponential * (0.5 + random() * 0.5));
}

/** A Retry-After header (seconds or an HTTP date) in ms, or undefined. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
