// The public Web Push routes. CORS open (sites on other origins call
// them), bounded bodies, rate limited per client like /api/collect; errors as
// { error: { code, message, status } }.
//
//   GET  /api/push/vapid-public-key  → VapidPublicKeyResponse
//        (the applicationServerKey for pushManager.subscribe)
//   POST /api/push/subscribe         body subscribeRequestSchema (lib/contracts/push.ts)
//        → 201 SubscribeResponse; the same endpoint again updates its row (keys,
//        owner). 400 `bad_request` for a malformed body, 422 `endpoint_refused`
//        when the endpoint is not https on a public address (the SSRF guard).
//   POST /api/push/unsubscribe       body unsubscribeRequestSchema → { deleted: boolean }
//        Knowing the endpoint (a secret capability URL) entitles the caller to drop it.
import { z } from 'zod';

export interface VapidPublicKeyResponse {
  /** base64url of the 65-byte P-256 public key. */
  publicKey: string;
}

export interface SubscribeResponse {
  subscribed: true;
}

export const unsubscribeRequestSchema = z.object({ endpoint: z.string().url().max(2_048) }).strict();
export type UnsubscribeRequest = z.infer<typeof unsubscribeRequestSchema>;

/** Bytes of a subscribe or unsubscribe body. */
export const pushRouteMaxBodyBytes = 8 * 1024;
