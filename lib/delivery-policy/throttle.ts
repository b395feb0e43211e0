// Throttling: at most N deliveries a minute, per campaign and for all of
// them together. Counted in the database per minute window (lib/db/send-windows.ts),
// so senders in several processes share one rate (docs/delivery-policy.md#throttling).
export const windowMs = 60_000;

/** The start of the minute window `at` falls in. */
export const windowStart = (at: number): number => Math.floor(at / windowMs) * windowMs;

/** The scope a campaign's own rate is counted under; `global` for all campaigns together. */
export const campaignScope = (campaignId: number): string => `campaign:${campaignId}`;
export const globalScope = 'global';
