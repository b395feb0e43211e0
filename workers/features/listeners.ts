/// <reference lib="webworker" />
// The service worker registers each event type once, here, and hands the event
// to the features that handle it, in the order given (as serwist's
// addEventListeners does): no feature depends on the order in which listeners
// happened to be added. A page's Kairos message is recognised once and handed
// over typed.
import { isPageToWorker, type PageToWorker } from '../../lib/contracts/device-messages';
import { markStartup } from '../../lib/moments/startup-marks';

declare const self: ServiceWorkerGlobalScope;

/** The events of Periodic and one-off Background Sync, which TypeScript's library leaves out. */
export interface SyncEvent extends ExtendableEvent {
  tag: string;
}
export interface SubscriptionChangeEvent extends ExtendableEvent {
  oldSubscription?: PushSubscription | null;
  newSubscription?: PushSubscription | null;
}

export interface WorkerFeature {
  install?(event: ExtendableEvent): void;
  activate?(event: ExtendableEvent): void;
  fetch?(event: FetchEvent): void;
  /** A message from a page's tracker (lib/contracts/device-messages.ts). */
  pageMessage?(message: PageToWorker, event: ExtendableMessageEvent): void;
  /** Any other message (a site's own, workbox-window's). */
  message?(event: ExtendableMessageEvent): void;
  push?(event: PushEvent): void;
  notificationclick?(event: NotificationEvent): void;
  notificationclose?(event: NotificationEvent): void;
  sync?(event: SyncEvent): void;
  periodicsync?(event: SyncEvent): void;
  pushsubscriptionchange?(event: SubscriptionChangeEvent): void;
}

type EventFeature = Exclude<keyof WorkerFeature, 'pageMessage' | 'message'>;
const events: readonly EventFeature[] = [
  'install',
  'activate',
  'fetch',
  'push',
  'notificationclick',
  'notificationclose',
  'sync',
  'periodicsync',
  'pushsubscriptionchange',
];

export function addEventListeners(features: readonly WorkerFeature[]): void {
  for (const type of events) {
    const handlers = features.filter((feature) => feature[type]);
    if (handlers.length === 0) continue;
    self.addEventListener(type, (event: Event) => {
      for (const feature of handlers) (feature[type] as (event: Event) => void).call(feature, event);
    });
  }
  self.addEventListener('message', (event) => {
    const message: unknown = event.data;
    for (const feature of features) {
      if (isPageToWorker(message)) feature.pageMessage?.(message, event);
      else feature.message?.(event);
    }
  });
  markStartup('evaluated');
}
