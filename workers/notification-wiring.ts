/// <reference lib="webworker" />
// Connects the notification handlers (lib/notifications) to service worker
// events: push, notificationclick, notificationclose, pushsubscriptionchange.
import { createNotificationHandlers, type NotificationDeps } from '../lib/notifications/handlers';

declare const self: ServiceWorkerGlobalScope;

interface SubscriptionChangeEvent extends ExtendableEvent {
  oldSubscription?: PushSubscription | null;
  newSubscription?: PushSubscription | null;
}

export function installNotificationHandlers(
  device: NotificationDeps['device'],
  onConfigPush?: NotificationDeps['onConfigPush'],
): void {
  const handlers = createNotificationHandlers({
    registration: self.registration,
    clients: self.clients,
    device,
    ...(onConfigPush ? { onConfigPush } : {}),
  });
  self.addEventListener('push', (event) => event.waitUntil(handlers.push(event.data)));
  self.addEventListener('notificationclick', (event) =>
    event.waitUntil(handlers.click(event.notification, event.action)),
  );
  self.addEventListener('notificationclose', (event) => event.waitUntil(handlers.close(event.notification)));
  self.addEventListener('pushsubscriptionchange', (event) => {
    const change = event as SubscriptionChangeEvent;
    change.waitUntil(handlers.subscriptionChange(change.oldSubscription, change.newSubscription));
  });
}
