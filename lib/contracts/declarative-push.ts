// The W3C Push API's declarative push message, as the specification defines
// it (https://w3c.github.io/push-api/#declarative-push-message, merged from
// WebKit's proposal: "Meet Declarative Web Push", webkit.org/blog/16535). A
// browser that implements it (Safari 18.4 on iOS and iPadOS, 18.5 on macOS)
// shows such a message itself, with no service worker code; with `mutable`
// true it first hands the notification to the service worker's `push` event.
//
// This file is the specification's shape and nothing of ours: member names
// and types as the spec's "declarative push message parser" reads them, so a
// unit test can hold Kairos's payload (lib/contracts/push.ts) to it. The spec
// ignores members it does not know; these schemas refuse them, so a misspelt
// member (`url` for `navigate`) fails the test instead of silently not showing.
import { z } from 'zod';

/**
 * A string that holds a URL. The parser resolves it against the push
 * subscription's service worker scope, so a relative URL is one (the base here
 * only tells whether it parses at all).
 */
export const declarativeUrlSchema = z
  .string()
  .refine((value) => URL.canParse(value, 'https://declarative.invalid/'), 'must be a URL');

/** "A 32-bit unsigned integer" (vibrate entries). */
const uint32 = z.number().int().min(0).max(4_294_967_295);
/** "A 64-bit unsigned integer", as far as a JSON number holds one exactly (timestamp, app_badge). */
const uint64 = z.number().int().min(0);

/** An entry of `notification.actions`: every action has its own `navigate` (no service worker needed for it). */
export const declarativeActionSchema = z
  .object({
    action: z.string(),
    title: z.string(),
    navigate: declarativeUrlSchema,
    icon: declarativeUrlSchema.optional(),
  })
  .strict();

/** The members of `notification`: `title` and `navigate` are required; the rest mirror NotificationOptions. */
export const declarativeNotificationShape = {
  title: z.string(),
  dir: z.enum(['auto', 'ltr', 'rtl']).optional(),
  lang: z.string().optional(),
  body: z.string().optional(),
  navigate: declarativeUrlSchema,
  tag: z.string().optional(),
  image: declarativeUrlSchema.optional(),
  icon: declarativeUrlSchema.optional(),
  badge: declarativeUrlSchema.optional(),
  vibrate: z.array(uint32).optional(),
  timestamp: uint64.optional(),
  renotify: z.boolean().optional(),
  silent: z.boolean().optional(),
  requireInteraction: z.boolean().optional(),
  data: z.unknown().optional(),
  actions: z.array(declarativeActionSchema).optional(),
};

/**
 * "Create a notification" (Notifications API §2.4) throws for `renotify`
 * without a tag and for `silent` with a vibration pattern; the declarative
 * parser then fails.
 */
export const notificationOptionsAgree = (notification: {
  renotify?: boolean | undefined;
  tag?: string | undefined;
  silent?: boolean | undefined;
  vibrate?: number[] | undefined;
}): boolean =>
  !(notification.renotify === true && !notification.tag) &&
  !(notification.silent === true && notification.vibrate !== undefined);

export const declarativeNotificationSchema = z
  .object(declarativeNotificationShape)
  .strict()
  .refine(notificationOptionsAgree, 'renotify needs a tag, and silent forbids vibrate');

/** The spec's magic number: `web_push` is 8030 (the Web Push protocol's RFC), which tells a declarative message from other JSON. */
export const declarativeWebPush = 8030;

export const declarativePushMessageSchema = z
  .object({
    web_push: z.literal(declarativeWebPush),
    notification: declarativeNotificationSchema,
    app_badge: uint64.optional(),
    mutable: z.boolean().optional(),
  })
  .strict();
export type DeclarativePushMessage = z.infer<typeof declarativePushMessageSchema>;
