// What a Kairos notification looks like on screen, for a campaign's push
// payload and for an on-device moment alike: the title and options for
// registration.showNotification(), and the data the click handler reads back.
import { campaignVariantProperty, momentRuleIdProperty, momentRuleVersionProperty } from '../contracts/event-names';
import type { KairosNotificationData, PushPayload } from '../contracts/push';

/** A campaign's push payload, or a moment's message with the rule it came from. */
export type NotificationContent = Omit<Extract<PushPayload, { kind: 'notification' }>, 'kind'> & {
  ruleId?: number;
  ruleVersion?: number;
};

/** Kept on the notification (`notification.data`); one contract for campaigns and moments. */
export type { KairosNotificationData };

/**
 * showNotification()'s options, with the fields TypeScript's DOM library
 * leaves out (actions, image, renotify: Notifications API §2.4).
 */
export interface ShownOptions {
  body: string;
  icon?: string;
  image?: string;
  badge?: string;
  tag?: string;
  renotify?: boolean;
  actions?: { action: string; title: string }[];
  data: KairosNotificationData;
}

/**
 * Relative URLs in a push payload are relative to the service worker's scope
 * (the site). Without a scope (a moment's own rule, written for this site) a URL
 * is kept as written: the click handler opens it relative to the scope.
 */
const absolute = (url: string | undefined, base: string | undefined): string | undefined => {
  if (!url) return undefined;
  if (base === undefined) return url;
  try {
    return new URL(url, base).href;
  } catch {
    return undefined;
  }
};

export function notificationFor(
  payload: NotificationContent,
  scope?: string,
): { title: string; options: ShownOptions } {
  const actionUrls: Record<string, string> = {};
  for (const { action, url } of payload.actions ?? []) {
    const resolved = absolute(url, scope);
    if (resolved) actionUrls[action] = resolved;
  }
  const options: ShownOptions = {
    body: payload.body,
    data: {
      kairos: 1,
      url: absolute(payload.url, scope) ?? scope ?? '/',
      ...(payload.campaignId === undefined ? {} : { campaignId: payload.campaignId }),
      ...(payload.variant === undefined ? {} : { variant: payload.variant }),
      ...(payload.deliveryId === undefined ? {} : { deliveryId: payload.deliveryId }),
      ...(payload.ruleId === undefined ? {} : { ruleId: payload.ruleId, ruleVersion: payload.ruleVersion }),
      actionUrls,
    },
  };
  for (const key of ['icon', 'image', 'badge'] as const) {
    const resolved = absolute(payload[key], scope);
    if (resolved) options[key] = resolved;
  }
  if (payload.actions?.length) options.actions = payload.actions.map(({ action, title }) => ({ action, title }));
  if (payload.tag) {
    options.tag = payload.tag;
    // renotify without a tag makes showNotification() throw (Notifications API §2.4 step 7).
    if (payload.renotify) options.renotify = true;
  }
  return { title: payload.title, options };
}

/** A site's own notifications on the same worker are left to the site's handlers. */
export function isKairosNotificationData(data: unknown): data is KairosNotificationData {
  if (typeof data !== 'object' || data === null) return false;
  const { kairos, url, ruleId } = data as Partial<Record<keyof KairosNotificationData, unknown>>;
  return typeof url === 'string' && (kairos === 1 || typeof ruleId === 'number');
}

/**
 * What the notification's events say about where it came from besides the
 * campaign (the segment tree reads campaignId): the campaign's variant, or the
 * moment's rule.
 */
export const originProperties = (data: KairosNotificationData): Record<string, number> => ({
  ...(data.variant === undefined ? {} : { [campaignVariantProperty]: data.variant }),
  ...(data.ruleId === undefined ? {} : { [momentRuleIdProperty]: data.ruleId }),
  ...(data.ruleVersion === undefined ? {} : { [momentRuleVersionProperty]: data.ruleVersion }),
});
