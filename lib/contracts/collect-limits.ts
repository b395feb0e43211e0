// The collector's limits and answer, apart from its zod schema so device code can use them unbundled.
/** Limits the collector enforces; the device's batcher stays under them. */
export const collectLimits = {
  /** Events in one request. */
  maxBatchEvents: 500,
  /** Bytes of one request body (413 above). */
  maxBodyBytes: 512 * 1024,
  /** Bytes of one event, serialised (reported invalid above). */
  maxEventBytes: 32 * 1024,
  /** A corrected timestamp this far past the server's clock is refused. */
  maxFutureMs: 5 * 60 * 1000,
  /** An event older than this is refused (a device's clock gone wrong, or a replay). */
  maxAgeMs: 400 * 24 * 60 * 60 * 1000,
} as const;

/** The device batcher's own limits: below the collector's, and below keepalive's 64 KiB body cap. */
export const deviceBatchLimits = { maxEvents: 50, maxBytes: 60 * 1024 } as const;

export interface CollectResponse {
  /** Events stored now. */
  accepted: number;
  /** Events the server already had (same messageId): a retry, not an error. */
  duplicates: number;
  /** Events refused, by their index in the batch, with the reason. */
  invalid: { index: number; reason: string }[];
}
