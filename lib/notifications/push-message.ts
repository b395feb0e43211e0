// What a push message asks the service worker to do, whichever of the two
// shapes it came in (docs/browsers.md, "Both payload shapes"): the declarative
// message every send has used since Kairos adopted Declarative Web Push, or the
// payload sent before, which a push service may still hold for a device (up to
// the message's TTL) and which `{ kind: 'config' }` still uses.
import { parseKairosPushMessage, parsePushPayload } from '../contracts/worker-parsers';
import type { NotificationContent } from './display';

export type PushRequest = { kind: 'config' } | { kind: 'notification'; content: NotificationContent };

/** The message's request, or undefined where it is neither shape of ours (a site's own push, another sender). */
export function readPushMessage(json: unknown): PushRequest | undefined {
  const declarative = parseKairosPushMessage(json);
  if (declarative) {
    const { navigate, actions, data, ...shown } = declarative.notification;
    return {
      kind: 'notification',
      content: {
        ...shown,
        body: shown.body ?? '',
        url: navigate,
        ...(actions ? { actions: actions.map(({ action, title, navigate: url }) => ({ action, title, url })) } : {}),
        ...(data.campaignId === undefined ? {} : { campaignId: data.campaignId }),
        ...(data.variant === undefined ? {} : { variant: data.variant }),
        ...(data.deliveryId === undefined ? {} : { deliveryId: data.deliveryId }),
      },
    };
  }
  const legacy = parsePushPayload(json);
  if (!legacy) return undefined;
  if (legacy.kind === 'config') return legacy;
  const { kind, ...content } = legacy;
  return { kind, content };
}
