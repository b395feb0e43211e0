// Web Push contracts: the subscription a page registers, and the
// payload the server encrypts and the service worker shows. One file so the
// subscribe route, the sender and the service worker agree.
import { z } from 'zod';
import { declarativeWebPush, notificationOptionsAgree } from './declarative-push';

/**
 * A browser PushSubscription as `subscription.toJSON()` gives it. Key lengths
 * are checked here (RFC 8291 §3: p256dh is a 65-byte uncompressed P-256 point,
 * auth a 16-byte secret, both base64url); the endpoint's host is checked by
 * lib/push's SSRF guard before the server ever POSTs to it.
 */
export const pushSubscriptionSchema = z
  .object({
    endpoint: z.string().url().max(2_048),
    // Milliseconds since 1970, within what a Date can hold (ECMAScript's ±8.64e15 ms).
    expirationTime: z
      .number()
      .int()
      .min(0)
      .max(8.64e15, 'expirationTime is past the last date a clock can hold')
      .nullable()
      .optional(),
    keys: z
      .object({
        p256dh: z.string().regex(/^[A-Za-z0-9_-]{86,88}={0,2}$/, 'p256dh must be a 65-byte base64url key'),
        auth: z.string().regex(/^[A-Za-z0-9_-]{22,24}={0,2}$/, 'auth must be a 16-byte base64url secret'),
      })
      .strict(),
  })
  .strict();
export type PushSubscriptionJson = z.infer<typeof pushSubscriptionSchema>;

/** POST /api/push/subscribe body: the subscription and who it belongs to. */
export const subscribeRequestSchema = z
  .object({
    subscription: pushSubscriptionSchema,
    anonymousId: z.string().min(1).max(200),
    userId: z.string().max(200).nullable().optional(),
  })
  .strict();

/** A notification action button (Chromium shows at most two). */
export const notificationActionSchema = z
  .object({
    action: z.string().min(1).max(64),
    title: z.string().min(1).max(64),
    url: z.string().max(2_048).optional(),
  })
  .strict();

/**
 * The payload Kairos sent before it sent declarative messages (below), still
 * parsed by the service worker: a message queued at a push service before an
 * upgrade reaches the device in this shape (docs/browsers.md, "Both payload
 * shapes"). `kind: 'config'` asks the worker to refresh the published device
 * config (segments, cut points, moment rules); it stays in this shape, as it
 * shows nothing.
 */
export const pushPayloadSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('notification'),
      title: z.string().min(1).max(200),
      body: z.string().max(1_000).default(''),
      icon: z.string().max(2_048).optional(),
      image: z.string().max(2_048).optional(),
      badge: z.string().max(2_048).optional(),
      url: z.string().max(2_048).optional(),
      actions: z.array(notificationActionSchema).max(2).optional(),
      tag: z.string().max(64).optional(),
      renotify: z.boolean().optional(),
      campaignId: z.number().int().optional(),
      /** The campaign's message variant this visitor was given (0 = A); the device's events carry it. */
      variant: z.number().int().min(0).max(3).optional(),
      /**
       * The outbox row this message delivers (one per campaign and subscription).
       * Web Push has no idempotency key, so after a crash a message can reach the
       * device twice; the service worker shows a delivery id once (docs/campaigns-and-push.md,
       * "Delivery semantics"). Absent on test sends and moment pushes.
       */
      deliveryId: z.number().int().positive().optional(),
    })
    .strict(),
  z.object({ kind: z.literal('config') }).strict(),
]);
export type PushPayload = z.infer<typeof pushPayloadSchema>;

/**
 * What Kairos puts in `notification.data` of a declarative message: its own
 * fields, which the specification leaves to the site. The service worker reads
 * them back to de-duplicate and to record Shown/Clicked/Dismissed.
 */
export const kairosPushDataSchema = z
  .object({
    kairos: z.literal(1),
    campaignId: z.number().int().optional(),
    /** The campaign's message variant this visitor was given (0 = A); the device's events carry it. */
    variant: z.number().int().min(0).max(3).optional(),
    /**
     * The outbox row this message delivers (one per campaign and subscription).
     * Web Push has no idempotency key, so after a crash a message can reach the
     * device twice; the service worker shows a delivery id once (docs/campaigns-and-push.md,
     * "Delivery semantics"). Absent on test sends.
     */
    deliveryId: z.number().int().positive().optional(),
  })
  .strict();
export type KairosPushData = z.infer<typeof kairosPushDataSchema>;

/** A link in a message: a URL, absolute or relative to the service worker's scope (the site). */
const messageLink = z
  .string()
  .max(2_048)
  .refine((value) => URL.canParse(value, 'https://declarative.invalid/'), 'must be a URL');

/**
 * Every notification Kairos sends: a declarative push message
 * (lib/contracts/declarative-push.ts holds the specification's shape, and
 * tests/unit/declarative-push.test.ts holds this one to it) with Kairos's
 * bounds, and `mutable` so that a browser showing it on its own still runs
 * our service worker's `push` handler first where there is one.
 */
export const kairosPushMessageSchema = z
  .object({
    web_push: z.literal(declarativeWebPush),
    notification: z
      .object({
        title: z.string().min(1).max(200),
        body: z.string().max(1_000).optional(),
        navigate: messageLink,
        icon: messageLink.optional(),
        image: messageLink.optional(),
        badge: messageLink.optional(),
        tag: z.string().max(64).optional(),
        renotify: z.boolean().optional(),
        actions: z
          .array(
            z
              .object({ action: z.string().min(1).max(64), title: z.string().min(1).max(64), navigate: messageLink })
              .strict(),
          )
          .max(2)
          .optional(),
        data: kairosPushDataSchema,
      })
      .strict()
      .refine(notificationOptionsAgree, 'renotify needs a tag'),
    app_badge: z.number().int().min(0).optional(),
    mutable: z.boolean().optional(),
  })
  .strict();
export type KairosPushMessage = z.infer<typeof kairosPushMessageSchema>;

/**
 * Push services accept a 4096-byte body (RFC 8030 §7.2). With aes128gcm
 * (RFC 8188 §2, RFC 8291 §4) the body is an 86-byte header (16 salt, 4 record
 * size, 1 key-id length, 65 sender key) plus the plaintext, a 1-byte padding
 * delimiter and a 16-byte tag: the JSON payload may be 4096 - 103 bytes.
 */
export const maxPushPayloadBytes = 3_993;

/**
 * The `data` of every notification Kairos shows (campaign pushes and on-device
 * moments): the notificationclick and notificationclose handlers read it.
 */
export interface KairosNotificationData {
  kairos?: 1;
  /** Absolute URL opened by a click on the notification's body. */
  url: string;
  campaignId?: number;
  /** The campaign's variant shown (0 = A). */
  variant?: number;
  /** The campaign delivery shown (the message's `deliveryId`): a second push with it shows nothing. */
  deliveryId?: number;
  /** Moment notifications carry their rule instead of a campaign. */
  ruleId?: number;
  ruleVersion?: number;
  /** Absolute URL per action button that has its own. */
  actionUrls?: Record<string, string>;
}
