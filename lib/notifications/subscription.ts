// Registering a push subscription with the Kairos server, shared by the page
// (kairos.subscribe(), the soft prompt) and the service worker
// (pushsubscriptionchange). The push routes sit beside the collector:
// …/api/collect → …/api/push/subscribe. Bodies go as text/plain so another
// origin's page needs no CORS preflight (the routes parse the text as JSON).
import type { PushSubscriptionJson } from '../contracts/push';
import type { VapidPublicKeyResponse } from '../contracts/push-api';
import { besideCollector } from '../contracts/routes';

export const pushRoute = (collector: string, name: 'subscribe' | 'unsubscribe' | 'vapid-public-key') =>
  besideCollector(collector, `push/${name}`);

export interface SubscriptionOwner {
  anonymousId: string;
  userId?: string | null;
}

/** The server's VAPID public key (base64url), which pushManager.subscribe() takes as is. */
export async function vapidPublicKey(collector: string): Promise<string> {
  const response = await fetch(pushRoute(collector, 'vapid-public-key'), { credentials: 'omit' });
  if (!response.ok) throw new Error(`Kairos: the VAPID key could not be loaded (${response.status}).`);
  const { publicKey } = (await response.json()) as Partial<VapidPublicKeyResponse>;
  if (typeof publicKey !== 'string') throw new Error('Kairos: the server sent no VAPID key.');
  return publicKey;
}

/** POST /api/push/subscribe: { subscription, anonymousId, userId } (lib/contracts/push.ts). */
export const registerSubscription = (collector: string, subscription: PushSubscriptionJson, owner: SubscriptionOwner) =>
  post(pushRoute(collector, 'subscribe'), {
    subscription,
    anonymousId: owner.anonymousId,
    userId: owner.userId ?? null,
  });

/** POST /api/push/unsubscribe: { endpoint } (lib/contracts/push-api.ts). */
export const dropSubscription = (collector: string, endpoint: string) =>
  post(pushRoute(collector, 'unsubscribe'), { endpoint });

async function post(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
    body: JSON.stringify(body),
    credentials: 'omit',
    keepalive: true,
  });
  if (!response.ok) {
    const reason = await response.json().then(
      (answer: { error?: { message?: string } }) => answer.error?.message,
      () => undefined,
    );
    throw new Error(`Kairos: ${new URL(url).pathname} answered ${response.status}${reason ? `: ${reason}` : ''}.`);
  }
}
