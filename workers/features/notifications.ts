/// <reference lib="webworker" />
// The notification handlers (lib/notifications) as a service worker feature:
// push, notificationclick, notificationclose, pushsubscriptionchange.
import { createNotificationHandlers, type NotificationDeps } from '../../lib/notifications/handlers';
import type { WorkerFeature } from './listeners';

declare const self: ServiceWorkerGlobalScope;

export function notificationsFeature(
  device: NotificationDeps['device'],
  onConfigPush: NotificationDeps['onConfigPush'],
  onShown?: (at: number) => void,
): WorkerFeature {
  const handlers = createNotificationHandlers({
    registration: self.registration,
    clients: self.clients,
    // Each delivery shown for the first time counts against the moments' cross-channel caps at once.
    device: onShown
      ? {
          ...device,
          async claimShowing(deliveryId) {
            const first = await device.claimShowing(deliveryId);
            if (first) onShown(Date.now());
            return first;
          },
        }
      : device,
    ...(onConfigPush ? { onConfigPush } : {}),
  });
  return {
    push: (event) => event.waitUntil(handlers.push(event.data)),
    notificationclick: (event) => event.waitUntil(handlers.click(event.notification, event.action)),
    notificationclose: (event) => event.waitUntil(handlers.close(event.notification)),
    pushsubscriptionchange: (event) =>
      event.waitUntil(handlers.subscriptionChange(event.oldSubscription, event.newSubscription)),
  };
}
