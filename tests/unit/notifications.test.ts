// The service worker's notification handlers (lib/notifications) through the
// recording harness (tests/fixtures/notification-harness.ts): what is shown,
// what opens on a click, which events are recorded.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { campaignIdProperty } from '@/lib/contracts/event-names';
import type { WindowLike } from '@/lib/notifications/click';
import { harness, scope } from '../fixtures/notification-harness';

const payload = (value: unknown) => ({ text: () => JSON.stringify(value) });

const campaign = {
  kind: 'notification',
  title: 'Lisbon for €199',
  body: 'Three nights, flights included.',
  icon: '/icons/icon-192.png',
  image: 'https://cdn.example/lisbon.jpg',
  badge: '/icons/badge-72.png',
  url: '/products/trip-lisbon-city-break',
  actions: [
    { action: 'book', title: 'Book now', url: '/checkout?trip=lisbon' },
    { action: 'later', title: 'Later' },
  ],
  tag: 'deal-lisbon',
  renotify: true,
  campaignId: 12,
};

describe('push', () => {
  it('shows the notification with every field and records Notification Shown with the campaign', async () => {
    const h = harness();
    await h.handlers.push(payload(campaign));
    expect(h.shown).toEqual([
      {
        title: 'Lisbon for €199',
        options: {
          body: 'Three nights, flights included.',
          icon: 'https://shop.example/icons/icon-192.png',
          image: 'https://cdn.example/lisbon.jpg',
          badge: 'https://shop.example/icons/badge-72.png',
          tag: 'deal-lisbon',
          renotify: true,
          actions: [
            { action: 'book', title: 'Book now' },
            { action: 'later', title: 'Later' },
          ],
          data: {
            kairos: 1,
            url: 'https://shop.example/products/trip-lisbon-city-break',
            campaignId: 12,
            actionUrls: { book: 'https://shop.example/checkout?trip=lisbon' },
          },
        },
      },
    ]);
    expect(h.recorded).toHaveLength(1);
    expect(h.recorded[0]).toMatchObject({
      type: 'track',
      event: 'Notification Shown',
      anonymousId: 'anon-7',
      userId: 'user-7',
      properties: { [campaignIdProperty]: 12 },
    });
  });

  it('drops renotify without a tag (showNotification would throw)', async () => {
    const h = harness();
    await h.handlers.push(payload({ kind: 'notification', title: 'Hi', renotify: true }));
    expect(h.shown[0]?.options).toEqual({ body: '', data: { kairos: 1, url: scope, actionUrls: {} } });
    expect(h.recorded[0]?.properties).toEqual({});
  });

  it('ignores pushes that are not Kairos payloads (injected: another service’s text and an unknown shape)', async () => {
    const h = harness();
    await h.handlers.push({ text: () => 'plain text from another push service' });
    await h.handlers.push(payload({ kind: 'notification', title: 'x', script: 'alert(1)' }));
    await h.handlers.push(null);
    expect(h.shown).toEqual([]);
    expect(h.recorded).toEqual([]);
  });

  it('shows a delivery once: the same delivery id again shows nothing and records nothing; another id shows (injected: the same push twice)', async () => {
    const h = harness();
    const delivery = { ...campaign, deliveryId: 4_711 };
    await h.handlers.push(payload(delivery));
    await h.handlers.push(payload(delivery));
    expect(h.shown).toHaveLength(1);
    expect(h.shown[0]?.options.data).toMatchObject({ campaignId: 12, deliveryId: 4_711 });
    expect(h.recorded.map((event) => event.event)).toEqual(['Notification Shown']);

    await h.handlers.push(payload({ ...campaign, deliveryId: 4_712 }));
    expect(h.shown).toHaveLength(2);
    expect(h.recorded).toHaveLength(2);
  });

  it('shows every push without a delivery id (test sends, moments): nothing to deduplicate by', async () => {
    const h = harness();
    await h.handlers.push(payload(campaign));
    await h.handlers.push(payload(campaign));
    expect(h.shown).toHaveLength(2);
  });

  it('shows two copies handled at once only once (the claim comes before showing)', async () => {
    const h = harness();
    const delivery = payload({ ...campaign, deliveryId: 5 });
    await Promise.all([h.handlers.push(delivery), h.handlers.push(delivery)]);
    expect(h.shown).toHaveLength(1);
    expect(h.recorded).toHaveLength(1);
  });

  it('still shows when the device store cannot be read (injected: the ledger throws a quota error)', async () => {
    const h = harness({ ledgerBroken: true });
    await h.handlers.push(payload({ ...campaign, deliveryId: 6 }));
    expect(h.shown).toHaveLength(1);
  });

  it('lets a later copy show when showing failed (injected: showNotification rejects once)', async () => {
    const h = harness({ showFailures: 1 });
    const delivery = payload({ ...campaign, deliveryId: 7 });
    await expect(h.handlers.push(delivery)).rejects.toThrow(/permission/);
    await h.handlers.push(delivery);
    expect(h.shown).toHaveLength(1);
    expect(h.recorded).toHaveLength(1);
  });

  it('hands a config push to the config hook and shows nothing', async () => {
    const h = harness();
    await h.handlers.push(payload({ kind: 'config' }));
    expect(h.configPushes()).toBe(1);
    expect(h.shown).toEqual([]);
  });
});

describe('clicks and dismissals', () => {
  it('opens the action’s own URL and records the action', async () => {
    const h = harness();
    await h.handlers.push(payload(campaign));
    const notification = h.notification();
    await h.handlers.click(notification, 'book');
    expect(notification.closed).toBe(true);
    expect(h.opened).toEqual(['https://shop.example/checkout?trip=lisbon']);
    expect(h.recorded[1]).toMatchObject({
      event: 'Notification Clicked',
      properties: { campaignId: 12, action: 'book', url: 'https://shop.example/checkout?trip=lisbon' },
    });
  });

  it('an action without a URL and a body click open the notification’s URL', async () => {
    const h = harness();
    await h.handlers.push(payload(campaign));
    await h.handlers.click(h.notification(), 'later');
    await h.handlers.click(h.notification(), '');
    expect(h.opened).toEqual([
      'https://shop.example/products/trip-lisbon-city-break',
      'https://shop.example/products/trip-lisbon-city-break',
    ]);
    expect(h.recorded.slice(1).map((event) => event.properties.action)).toEqual(['later', 'default']);
  });

  it('focuses a window already at the URL instead of opening another', async () => {
    const focused: string[] = [];
    const windows: WindowLike[] = [
      { url: 'https://shop.example/', focus: async () => void focused.push('home') },
      {
        url: 'https://shop.example/products/trip-lisbon-city-break#reviews',
        focus: async () => void focused.push('trip'),
      },
    ];
    const h = harness({ windows });
    await h.handlers.push(payload(campaign));
    await h.handlers.click(h.notification(), '');
    expect(focused).toEqual(['trip']);
    expect(h.opened).toEqual([]);
  });

  it('takes an open window of the site to the URL when the browser refuses a new one (injected: openWindow throws)', async () => {
    const navigated: string[] = [];
    const windows: WindowLike[] = [{ url: 'https://shop.example/', navigate: async (url) => void navigated.push(url) }];
    const h = harness({ windows, openRefused: true });
    await h.handlers.push(payload(campaign));
    await h.handlers.click(h.notification(), '');
    expect(navigated).toEqual(['https://shop.example/products/trip-lisbon-city-break']);
    expect(h.recorded.map((event) => event.event)).toEqual(['Notification Shown', 'Notification Clicked']);
  });

  it('records Notification Dismissed; other notifications on the same worker are left alone', async () => {
    const h = harness();
    await h.handlers.push(payload(campaign));
    await h.handlers.close(h.notification());
    const foreign = { data: { orderId: 5 }, closed: false, close() {} };
    await h.handlers.close(foreign);
    await h.handlers.click(foreign, '');
    expect(h.recorded.map((event) => event.event)).toEqual(['Notification Shown', 'Notification Dismissed']);
    expect(h.recorded[1]?.properties).toEqual({ campaignId: 12 });
    expect(h.opened).toEqual([]);
  });
});

describe('a campaign variant', () => {
  // Injected failure this catches: the variant dropped between the payload and any one of the three events.
  it('carries the payload’s variant into Notification Shown, Clicked and Dismissed', async () => {
    const h = harness();
    await h.handlers.push(payload({ ...campaign, variant: 2 }));
    expect(h.shown[0]?.options.data).toMatchObject({ campaignId: 12, variant: 2 });
    await h.handlers.click(h.notification(), '');
    await h.handlers.push(payload({ ...campaign, variant: 2 }));
    await h.handlers.close(h.notification());
    expect(
      h.recorded.map((event) => [event.event, event.properties[campaignIdProperty], event.properties.variant]),
    ).toEqual([
      ['Notification Shown', 12, 2],
      ['Notification Clicked', 12, 2],
      ['Notification Shown', 12, 2],
      ['Notification Dismissed', 12, 2],
    ]);
  });
});

describe('pushsubscriptionchange', () => {
  let close: (() => void) | undefined;
  afterEach(() => close?.());

  it('subscribes again with the server’s key and registers the new subscription, dropping the old one', async () => {
    const requests: { url: string; body: string }[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        requests.push({ url: request.url ?? '', body });
        if (request.url === '/api/push/vapid-public-key')
          return void response.end(JSON.stringify({ publicKey: 'BKey' }));
        response.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    close = () => server.close();
    const collector = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/collect`;
    const h = harness({ settings: { collector, sync: true } });
    const old = { toJSON: () => ({ endpoint: 'https://push.example/old', keys: { p256dh: 'p', auth: 'a' } }) };
    await h.handlers.subscriptionChange(old, null);
    expect(h.subscribed).toEqual([{ userVisibleOnly: true, applicationServerKey: 'BKey' }]);
    expect(requests.map((r) => r.url)).toEqual([
      '/api/push/vapid-public-key',
      '/api/push/subscribe',
      '/api/push/unsubscribe',
    ]);
    expect(JSON.parse(requests[2]?.body ?? '')).toEqual({ endpoint: 'https://push.example/old' });
    expect(JSON.parse(requests[1]?.body ?? '')).toEqual({
      subscription: { endpoint: 'https://push.example/new', keys: { p256dh: 'p', auth: 'a' } },
      anonymousId: 'anon-7',
      userId: 'user-7',
    });
  });

  it('does nothing without consent to send (injected: sync off)', async () => {
    const h = harness({ settings: { collector: 'http://127.0.0.1:9/api/collect', sync: false } });
    await h.handlers.subscriptionChange(null, null);
    expect(h.subscribed).toEqual([]);
  });
});

describe('notifications of the moment detector', () => {
  it('a click on a moment notification opens its URL and records the rule', async () => {
    const h = harness();
    const moment = {
      data: { url: 'https://shop.example/search?q=lisbon', ruleId: 4, ruleVersion: 2 },
      close() {},
    };
    await h.handlers.click(moment, '');
    await h.handlers.close(moment);
    expect(h.opened).toEqual(['https://shop.example/search?q=lisbon']);
    expect(h.recorded.map((event) => [event.event, event.properties])).toEqual([
      [
        'Notification Clicked',
        { ruleId: 4, ruleVersion: 2, action: 'default', url: 'https://shop.example/search?q=lisbon' },
      ],
      ['Notification Dismissed', { ruleId: 4, ruleVersion: 2 }],
    ]);
  });
});
