// Personalisation of a campaign message and the push payload it becomes.
// Pure and browser-safe: the console previews with the same code the sender
// runs, so what the marketer sees is what a visitor gets.
import type { CampaignMessage } from './campaign';
import { declarativeWebPush } from './declarative-push';
import { type KairosPushMessage, maxPushPayloadBytes } from './push';
import { cutText } from './text';

/** `{{trait}}` or `{{trait|fallback}}`; trait names as the tracker stores them. */
const placeholder = /\{\{\s*([A-Za-z0-9_.$-]{1,100})\s*(?:\|([^{}]*))?\}\}/g;

/** The template with each placeholder replaced by the visitor's trait (text, number or boolean), else its fallback. */
export function personalise(template: string, traits: Readonly<Record<string, unknown>>): string {
  return template.replace(placeholder, (_match, name: string, fallback: string | undefined) => {
    const value = Object.hasOwn(traits, name) ? traits[name] : undefined;
    if (typeof value === 'string' && value.trim() !== '') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value === 'boolean') return String(value);
    return (fallback ?? '').trim();
  });
}

/** The trait names a message's texts and links read: what its personalised payload depends on. */
export function traitNames(message: CampaignMessage): string[] {
  const texts = [message.title, message.body, message.url, ...(message.actions ?? []).flatMap((a) => [a.title, a.url])];
  const names = new Set<string>();
  for (const text of texts) for (const match of (text ?? '').matchAll(placeholder)) names.add(match[1]!);
  return [...names];
}

/**
 * The longest delivery id a payload can carry: ids are bigserial read as JS
 * numbers, so none has more digits than Number.MAX_SAFE_INTEGER (16).
 */
export const largestDeliveryId = Number.MAX_SAFE_INTEGER;

/** The campaign's variants in order: A is its message, then B, C, D. */
export const campaignVariants = (campaign: {
  message: CampaignMessage;
  variants?: readonly CampaignMessage[];
}): CampaignMessage[] => [campaign.message, ...(campaign.variants ?? [])];

/** The letter a variant is shown with: 0 → A. */
export const variantLetter = (variant: number): string => String.fromCharCode(65 + variant);

/** Which delivery a payload is: its outbox row and the variant it carries. */
export interface PayloadDelivery {
  /** The outbox row (the device shows each delivery once); a test send has none. */
  id?: number;
  /** The variant's index (0 = A); the device's Shown/Clicked/Dismissed events carry it. */
  variant?: number;
}

/**
 * Where a click goes when the message names no URL: the service worker's scope
 * (the site's start), as the spec resolves `navigate` against it.
 */
export const scopeStart = './';

/**
 * A link as the message may carry it, or undefined. A string that is no URL
 * (a personalised link gone wrong) would make the browser drop the whole
 * declarative message, so it goes: a click then opens the site's start and a
 * broken image shows none, as the service worker did with such links before.
 */
const asLink = (text: string | undefined): string | undefined =>
  text && URL.canParse(text, 'https://declarative.invalid/') ? text : undefined;

/**
 * The push message one visitor receives: a declarative push message
 * (docs/browsers.md, "The payload"), so a browser that shows it without any
 * service worker code (Safari) shows it, while our service worker
 * (`mutable`) shows it once per delivery id and records what happens to it.
 * Kairos's own fields travel in `notification.data`.
 */
export function campaignPayload(
  campaignId: number,
  message: CampaignMessage,
  traits: Readonly<Record<string, unknown>>,
  delivery: PayloadDelivery = {},
): KairosPushMessage {
  const fill = (text: string) => personalise(text, traits);
  const { id: deliveryId, variant } = delivery;
  const navigate = asLink(message.url && fill(message.url)) ?? scopeStart;
  const body = cutText(fill(message.body ?? ''), 1_000);
  return {
    web_push: declarativeWebPush,
    notification: {
      title: cutText(fill(message.title), 200) || message.title,
      ...(body ? { body } : {}),
      navigate,
      ...(asLink(message.icon) ? { icon: message.icon } : {}),
      ...(asLink(message.image) ? { image: message.image } : {}),
      ...(asLink(message.badge) ? { badge: message.badge } : {}),
      ...(message.actions?.length
        ? {
            // The spec gives every action its own `navigate`: a button without a link opens the message's.
            actions: message.actions.map((action) => ({
              action: action.action,
              title: cutText(fill(action.title), 64),
              navigate: asLink(action.url && fill(action.url)) ?? navigate,
            })),
          }
        : {}),
      // A resend of the same campaign replaces its notification instead of stacking a second one.
      tag: message.tag || `kairos-campaign-${campaignId}`,
      ...(message.renotify !== undefined ? { renotify: message.renotify } : {}),
      data: {
        kairos: 1,
        campaignId,
        ...(deliveryId === undefined ? {} : { deliveryId }),
        ...(variant === undefined ? {} : { variant }),
      },
    },
    mutable: true,
  };
}

/**
 * UTF-8 bytes of the payload as delivered (JSON). The delivery id and variant
 * count: a notification measured before its outbox row exists (the console's
 * preview, the check before queueing, a test send) is measured with the longest
 * id and a variant, so what passes here still fits once they are added.
 */
export function payloadBytes(payload: KairosPushMessage): number {
  const { data } = payload.notification;
  const delivered: KairosPushMessage = {
    ...payload,
    notification: {
      ...payload.notification,
      data: { ...data, deliveryId: data.deliveryId ?? largestDeliveryId, variant: data.variant ?? 0 },
    },
  };
  return new TextEncoder().encode(JSON.stringify(delivered)).byteLength;
}

/** A clear reason when the payload cannot fit one push message, else undefined. */
export function payloadSizeProblem(payload: KairosPushMessage): string | undefined {
  return payloadBytesProblem(payloadBytes(payload));
}

/** The same reason from the byte count of a payload already as delivered (the sender's JSON, id and variant in it). */
export function payloadBytesProblem(bytes: number): string | undefined {
  if (bytes <= maxPushPayloadBytes) return undefined;
  return (
    `The notification is ${bytes} bytes; a push message holds at most ${maxPushPayloadBytes}. ` +
    'Shorten the title, body or links (long personalised traits count too).'
  );
}
