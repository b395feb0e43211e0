// Registering a push subscription with the Kairos server, shared by the page
// (kairos.subscribe(), the soft prompt) and the service worker
// (pushsubscriptionchange). The push routes sit beside the collector:
// …/api/collect → …/api/push/subscribe. Bodies go as text/plain so another
// origin's page needs no CORS preflight (the routes parse the text as JSON).
import type { PushSubscriptionJson } from '../contracts/push';

export const pushRoute = (collector: string, name: 'subscribe' | 'unsubscribe' | 'vapid-public-key') =>
  new URL(`push/${name}`, collector).href;

export interface SubscriptionOwner {
  anonymousId: string;
  userId?: string | null;
}

/** The server's VAPID public key (base64url), which pushManager.subscribe() takes as is. */
export async function vapidPublicKey(collector: string): Promise<string> {
  const response = await fetch(pushRoute(collector, 'vapid-public-key'), { credentials: 'omit' });
  if (!response.ok) throw new Error(`Kairos: the VAPID key could not be loaded (${response.status}).`);
  const { publicKey } = (await response.json()) as { publicKey?: unknown };
  if (typeof publicKey !== 'string') throw new Error('Kairos: the server sent no VAPID key.');
  return publicKey;
}

export async function postSubscription(
  collector: string,
  route: 'subscribe' | 'unsubscribe',
  subscription: PushSubscriptionJson,
  owner: SubscriptionOwner,
): Promise<void> {
  const response = await fetch(pushRoute(collector, route), {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
    body: JSON.stringify({ subscription, anonymousId: owner.anonymousId, userId: owner.userId ?? null }),
    credentials: 'omit',
    keepalive: true,
  });
  if (!response.ok) {
    const reason = await response.json().then(
      (body: { error?: { message?: string } }) => body.error?.message,
      () => undefined,
    );
    throw new Error(`Kairos: ${route} failed (${response.status})${reason ? `: ${reason}` : ''}.`);
  }
}
