// The service worker's notification handlers, framework-free and testable in
// Node: `push` shows a Kairos notification and records `Notification Shown`;
// a click opens its URL and records `Notification Clicked`; closing it records
// `Notification Dismissed`; a changed subscription is renewed with the server.
// workers/notification-wiring.ts connects them to the worker's events.
import type { DeviceSettings } from '../contracts/device-messages';
import { campaignIdProperty, notificationEventNames, type NotificationEventName } from '../contracts/event-names';
import type { PushSubscriptionJson } from '../contracts/push';
import { type ClientsLike, clickUrl, openOrFocus } from './click';
import { isKairosNotificationData, notificationFor, originProperties, type ShownOptions } from './display';
import { readPushMessage } from './push-message';
import { recordWorkerEvent, type WorkerEventSink } from '../store/worker-events';
import { dropSubscription, registerSubscription, vapidPublicKey } from './subscription';

interface SubscriptionLike {
  toJSON(): unknown;
  options?: { applicationServerKey: ArrayBuffer | null };
}

export interface RegistrationLike {
  scope: string;
  showNotification(title: string, options: ShownOptions): Promise<void>;
  pushManager: {
    subscribe(options: {
      userVisibleOnly: boolean;
      applicationServerKey: ArrayBuffer | string;
    }): Promise<SubscriptionLike>;
  };
}

export interface NotificationLike {
  data: unknown;
  close(): void;
}

export interface NotificationDeps {
  registration: RegistrationLike;
  clients: ClientsLike;
  /** The device store (lib/store/device-service.ts). */
  device: WorkerEventSink & {
    settings(): Promise<DeviceSettings | undefined>;
    /** True the first time a campaign delivery is to be shown; false for a copy already shown. */
    claimShowing(deliveryId: number): Promise<boolean>;
    /** Undoes a claim whose notification could not be shown. */
    releaseShowing(deliveryId: number): Promise<void>;
  };
  /**
   * A `{ kind: 'config' }` push: the published device config changed (moment
   * rules, segments). The moments feature plugs its refresh in here.
   */
  onConfigPush?: () => Promise<unknown>;
}

export interface NotificationHandlers {
  push(data: { text(): string } | null): Promise<void>;
  click(notification: NotificationLike, action: string): Promise<void>;
  close(notification: NotificationLike): Promise<void>;
  subscriptionChange(
    oldSubscription: SubscriptionLike | null | undefined,
    newSubscription: SubscriptionLike | null | undefined,
  ): Promise<void>;
}

const warn = (what: string, error: unknown) =>
  console.warn(`kairos: ${what}:`, error instanceof Error ? error.message : error);

export function createNotificationHandlers({
  registration,
  clients,
  device,
  onConfigPush,
}: NotificationDeps): NotificationHandlers {
  /** Recording never fails the handler: the notification matters more than its statistics. */
  async function record(name: NotificationEventName, campaignId: number | undefined, extra?: Record<string, unknown>) {
    try {
      await recordWorkerEvent(device, name, {
        ...(campaignId === undefined ? {} : { [campaignIdProperty]: campaignId }),
        ...extra,
      });
    } catch (error) {
      warn(`recording ${name} failed`, error);
    }
  }

  async function push(data: { text(): string } | null): Promise<void> {
    let json: unknown;
    try {
      json = JSON.parse(data?.text() ?? '');
    } catch {
      return; // not ours (a site's own push handler may share this worker)
    }
    const request = readPushMessage(json);
    if (!request) return;
    if (request.kind === 'config') {
      await onConfigPush?.().catch((error: unknown) => warn('refreshing the device config failed', error));
      return;
    }
    const payload = request.content;
    const { deliveryId } = payload;
    // A copy of a delivery this device already showed (the server resent it after a crash): no second
    // notification and no second `Notification Shown`. Showing nothing is what the visitor wants, even
    // with userVisibleOnly: Chromium adds its generic "This site has been updated in the background"
    // only when, after the push event, none of the site's notifications is on screen, no tab of the
    // site is visible and the site's silent-push budget (earned by site engagement) is spent
    // (PushMessagingNotificationManager). A copy comes right after the restart, usually while the
    // first is still on screen; re-showing it instead would bring back a notification the visitor
    // already dismissed or clicked.
    if (deliveryId !== undefined && !(await firstShowing(deliveryId))) return;
    const { title, options } = notificationFor(payload, registration.scope);
    try {
      await registration.showNotification(title, options);
    } catch (error) {
      if (deliveryId !== undefined) await device.releaseShowing(deliveryId).catch(() => {});
      throw error;
    }
    await record(notificationEventNames.shown, payload.campaignId, originProperties(options.data));
  }

  /** The device store failing (quota, a broken database) must not cost the notification: then it shows. */
  async function firstShowing(deliveryId: number): Promise<boolean> {
    try {
      return await device.claimShowing(deliveryId);
    } catch (error) {
      warn('checking for a delivery already shown failed', error);
      return true;
    }
  }

  async function click(notification: NotificationLike, action: string): Promise<void> {
    const data = notification.data;
    if (!isKairosNotificationData(data)) return;
    notification.close();
    const url = clickUrl(data, action);
    // The window first: the browser allows opening one only shortly after the click.
    const opened = openOrFocus(clients, url).catch((error: unknown) =>
      warn('opening the notification URL failed', error),
    );
    await Promise.all([
      opened,
      record(notificationEventNames.clicked, data.campaignId, {
        ...originProperties(data),
        action: action || 'default',
        url,
      }),
    ]);
  }

  async function close(notification: NotificationLike): Promise<void> {
    const data = notification.data;
    if (isKairosNotificationData(data)) {
      await record(notificationEventNames.dismissed, data.campaignId, originProperties(data));
    }
  }

  /** The push service replaced the subscription (it expired or keys rotated): tell the server. */
  async function subscriptionChange(
    oldSubscription: SubscriptionLike | null | undefined,
    newSubscription: SubscriptionLike | null | undefined,
  ): Promise<void> {
    const [settings, visitor] = await Promise.all([device.settings(), device.profile()]);
    if (!settings?.sync || !visitor) return;
    try {
      const renewed =
        newSubscription ??
        (await registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey:
            oldSubscription?.options?.applicationServerKey ?? (await vapidPublicKey(settings.collector)),
        }));
      await registerSubscription(settings.collector, renewed.toJSON() as PushSubscriptionJson, visitor);
      const oldEndpoint = (oldSubscription?.toJSON() as Partial<PushSubscriptionJson> | undefined)?.endpoint;
      // The server would drop a dead endpoint at its next send (404/410) anyway.
      if (oldEndpoint) await dropSubscription(settings.collector, oldEndpoint).catch(() => {});
    } catch (error) {
      warn('renewing the push subscription failed', error);
    }
  }

  return { push, click, close, subscriptionChange };
}
