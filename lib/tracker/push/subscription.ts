// kairos.subscribe() / kairos.unsubscribe(): the browser's permission, the push
// subscription made with the server's VAPID key, and its registration with the
// Kairos server under this visitor's ids.
import type { PushSubscriptionJson } from '../../contracts/push';
import { dropSubscription, registerSubscription, vapidPublicKey } from '../../notifications/subscription';
import type { TrackerConfig } from '../config';
import { type HomeScreenGuideText, showHomeScreenGuide } from './home-screen-guide';
import { browserSurface, type PushSupport, pushSupport } from './push-support';

/**
 * The visitor as kairos.js knows it. Passed in, never read from a second copy
 * of the identity module: kairos.js caches ids and the consent choice, so a
 * copy here would miss a consent(true) or reset() made after it first looked.
 */
export interface TrackerIdentity {
  anonymousId(): string;
  userId(): string | null;
  /** Storing and sending are allowed (consent given, or not required). */
  allowed(): boolean;
}

const fail = (message: string) => new Error(`Kairos: ${message}`);

/**
 * Where to subscribe: the service worker on this site's origin (Kairos's, or
 * the site's with the Kairos line), which shows each delivery once and
 * records what happens to it; else, where the browser offers one,
 * `window.pushManager` (Declarative Web Push: the browser shows our
 * declarative messages itself, no service worker needed).
 */
async function pushManager(support: PushSupport): Promise<PushManager> {
  if (support === 'unsupported' || support === 'add-to-home-screen') throw fail('this browser has no Web Push.');
  if (support === 'service-worker' && (await navigator.serviceWorker.getRegistration())) {
    return (await navigator.serviceWorker.ready).pushManager;
  }
  const declarative = (window as Window & { pushManager?: PushManager }).pushManager;
  if (declarative) return declarative;
  throw fail('push needs the Kairos service worker on this site (see data-sw).');
}

/** What subscribe() resolves with: the subscription, or why there is none yet (no throw: nothing failed). */
export type SubscribeResult = (PushSubscriptionJson & { status: 'subscribed' }) | { status: 'add-to-home-screen' };

const base64Url = (key: ArrayBuffer | null | undefined) =>
  key
    ? btoa(String.fromCharCode(...new Uint8Array(key)))
        .replace(/\+/g, '-')
        .replace(/\//g, '_')
        .replace(/=+$/, '')
    : '';

export async function subscribe(
  config: TrackerConfig,
  visitor: TrackerIdentity,
  guide: HomeScreenGuideText,
): Promise<SubscribeResult> {
  if (!visitor.allowed()) throw fail('the visitor has not consented to tracking (kairos.consent(true)).');
  const support = pushSupport(browserSurface());
  if (support === 'add-to-home-screen') {
    showHomeScreenGuide(guide);
    return { status: 'add-to-home-screen' };
  }
  const worker = { pushManager: await pushManager(support) };
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') throw fail(`notifications are ${permission === 'denied' ? 'blocked' : 'not allowed'}.`);
  const key = await vapidPublicKey(config.collector);
  let subscription = await worker.pushManager.getSubscription();
  // A subscription made with another key (the server's keys were rotated) cannot receive our pushes.
  if (subscription && base64Url(subscription.options.applicationServerKey) !== key.replace(/=+$/, '')) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await worker.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  const json = subscription.toJSON() as PushSubscriptionJson;
  await registerSubscription(config.collector, json, { anonymousId: visitor.anonymousId(), userId: visitor.userId() });
  return { status: 'subscribed', ...json };
}

/** Resolves true when there was a subscription to end. */
export async function unsubscribe(config: TrackerConfig): Promise<boolean> {
  const support = pushSupport(browserSurface());
  if (support === 'add-to-home-screen') return false;
  const subscription = await (await pushManager(support)).getSubscription();
  if (!subscription) return false;
  try {
    await dropSubscription(config.collector, subscription.endpoint);
  } finally {
    // The browser's side ends even if the server cannot be told now: its next send gets a 410.
    await subscription.unsubscribe();
  }
  return true;
}
