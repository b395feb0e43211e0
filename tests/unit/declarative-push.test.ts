// Every message Kairos sends is a declarative push message (W3C Push API,
// "Declarative push message"): the payload is held to the specification's
// shape (lib/contracts/declarative-push.ts, which knows nothing of Kairos) and
// to Kairos's own bounds, within the one-message budget; and the service
// worker's push handler reads both this shape and the payload sent before it.
import { describe, expect, it } from 'vitest';
import type { CampaignMessage } from '@/lib/contracts/campaign';
import { campaignPayload, payloadBytes, payloadSizeProblem } from '@/lib/contracts/campaign-message';
import { declarativePushMessageSchema } from '@/lib/contracts/declarative-push';
import { kairosPushMessageSchema, maxPushPayloadBytes } from '@/lib/contracts/push';
import { readPushMessage } from '@/lib/notifications/push-message';
import { harness } from '../fixtures/notification-harness';

const message: CampaignMessage = {
  title: 'Hi {{firstName|there}}, Lisbon for €199',
  body: 'Three nights, flights included.',
  url: '/products/trip-lisbon-city-break',
  icon: '/icons/icon-192.png',
  image: 'https://cdn.example/lisbon.jpg',
  badge: '/icons/badge-72.png',
  actions: [
    { action: 'book', title: 'Book now', url: '/checkout?trip=lisbon' },
    { action: 'later', title: 'Later' },
  ],
  renotify: true,
};

describe('the payload of a campaign message', () => {
  const payload = campaignPayload(12, message, { firstName: 'Ada' }, { id: 4_711, variant: 1 });

  it('is a declarative push message by the specification’s shape, and by Kairos’s bounds', () => {
    expect(declarativePushMessageSchema.safeParse(payload).error).toBeUndefined();
    expect(kairosPushMessageSchema.safeParse(payload).error).toBeUndefined();
    expect(payload).toEqual({
      web_push: 8030,
      notification: {
        title: 'Hi Ada, Lisbon for €199',
        body: 'Three nights, flights included.',
        navigate: '/products/trip-lisbon-city-break',
        icon: '/icons/icon-192.png',
        image: 'https://cdn.example/lisbon.jpg',
        badge: '/icons/badge-72.png',
        // Every action has its own navigate: a button without a link opens the message's.
        actions: [
          { action: 'book', title: 'Book now', navigate: '/checkout?trip=lisbon' },
          { action: 'later', title: 'Later', navigate: '/products/trip-lisbon-city-break' },
        ],
        tag: 'kairos-campaign-12',
        renotify: true,
        // Kairos's own fields are in data, where the spec leaves the site's.
        data: { kairos: 1, campaignId: 12, deliveryId: 4_711, variant: 1 },
      },
      mutable: true,
    });
  });

  it('has a navigate even when the message names no link: the site’s start', () => {
    const bare = campaignPayload(3, { title: 'Hello', body: '' }, {});
    expect(bare.notification.navigate).toBe('./');
    expect(bare.notification).not.toHaveProperty('body');
    expect(declarativePushMessageSchema.safeParse(bare).success).toBe(true);
  });

  it('drops a link that is no URL instead of the message (injected: a broken link, image and button link)', () => {
    const broken = campaignPayload(
      3,
      {
        title: 'Hello',
        body: '',
        url: 'https://[{{host|bad}}',
        image: 'http://[x',
        actions: [{ action: 'go', title: 'Go', url: 'https://[y' }],
      },
      {},
    );
    expect(broken.notification).toMatchObject({ navigate: './', actions: [{ action: 'go', navigate: './' }] });
    expect(broken.notification).not.toHaveProperty('image');
    expect(declarativePushMessageSchema.safeParse(broken).success).toBe(true);
  });

  // The schema has teeth: each of these mistakes makes a browser drop the message.
  it.each([
    ['no web_push', ({ web_push: _, ...rest }: Record<string, unknown>) => rest],
    ['web_push as text', (m: Record<string, unknown>) => ({ ...m, web_push: '8030' })],
    ['another web_push', (m: Record<string, unknown>) => ({ ...m, web_push: 8031 })],
    ['a url member instead of navigate', (m: Mutable) => withNotification(m, { navigate: undefined, url: '/x' })],
    ['a navigate that is no URL', (m: Mutable) => withNotification(m, { navigate: 'https://[bad' })],
    ['no title', (m: Mutable) => withNotification(m, { title: undefined })],
    [
      'an action without navigate',
      (m: Mutable) => withNotification(m, { actions: [{ action: 'book', title: 'Book now' }] }),
    ],
    [
      'an action whose navigate is no URL',
      (m: Mutable) => withNotification(m, { actions: [{ action: 'book', title: 'Book', navigate: 'http://[x' }] }),
    ],
    ['renotify without a tag', (m: Mutable) => withNotification(m, { tag: undefined })],
    ['an app_badge below zero', (m: Record<string, unknown>) => ({ ...m, app_badge: -1 })],
    ['Kairos fields beside notification', (m: Record<string, unknown>) => ({ ...m, campaignId: 12 })],
  ])('the specification’s shape refuses %s', (_name, change) => {
    const changed = (change as (m: Mutable) => unknown)(structuredClone(payload) as unknown as Mutable);
    expect(declarativePushMessageSchema.safeParse(changed).success).toBe(false);
  });

  it('keeps the one-message budget, counting the delivery id inside notification.data', () => {
    const unsent = campaignPayload(12, message, {});
    // Measured as if the longest id and a variant were in: what passes here fits once they are.
    expect(payloadBytes(unsent)).toBeGreaterThan(new TextEncoder().encode(JSON.stringify(unsent)).byteLength + 16);
    expect(payloadSizeProblem(unsent)).toBeUndefined();
    const long = campaignPayload(12, { ...message, body: 'x'.repeat(1_000), url: `/p/${'y'.repeat(2_000)}` }, {});
    expect(payloadBytes(long)).toBeGreaterThan(maxPushPayloadBytes);
    expect(payloadSizeProblem(long)).toMatch(/at most 3993/);
  });
});

type Mutable = Record<string, unknown> & { notification: Record<string, unknown> };
const withNotification = (m: Mutable, changes: Record<string, unknown>) => {
  const notification = { ...m.notification, ...changes };
  for (const [key, value] of Object.entries(changes)) if (value === undefined) delete notification[key];
  return { ...m, notification };
};

const legacy = {
  kind: 'notification',
  title: 'Hi Ada, Lisbon for €199',
  body: 'Three nights, flights included.',
  url: '/products/trip-lisbon-city-break',
  icon: '/icons/icon-192.png',
  image: 'https://cdn.example/lisbon.jpg',
  badge: '/icons/badge-72.png',
  actions: [
    { action: 'book', title: 'Book now', url: '/checkout?trip=lisbon' },
    { action: 'later', title: 'Later', url: '/products/trip-lisbon-city-break' },
  ],
  tag: 'kairos-campaign-12',
  renotify: true,
  campaignId: 12,
  variant: 1,
  deliveryId: 4_711,
};

describe('the service worker reading a push message', () => {
  const declarative = campaignPayload(12, message, { firstName: 'Ada' }, { id: 4_711, variant: 1 });
  const text = (value: unknown) => ({ text: () => JSON.stringify(value) });

  it('reads the declarative message and the payload sent before it as the same notification', () => {
    const fromDeclarative = readPushMessage(declarative);
    expect(fromDeclarative).toEqual(readPushMessage(legacy));
    expect(fromDeclarative).toMatchObject({
      kind: 'notification',
      content: { title: 'Hi Ada, Lisbon for €199', url: '/products/trip-lisbon-city-break', deliveryId: 4_711 },
    });
    expect(readPushMessage({ kind: 'config' })).toEqual({ kind: 'config' });
  });

  it('refuses what is neither shape of ours (another sender’s declarative message, a site’s own JSON)', () => {
    // A declarative message without Kairos's data is some other sender's: the browser shows it, we leave it.
    const foreign = { web_push: 8030, notification: { title: 'Other', navigate: '/' } };
    expect(readPushMessage(foreign)).toBeUndefined();
    expect(readPushMessage({ title: 'Site' })).toBeUndefined();
    expect(readPushMessage({ ...declarative, notification: { ...declarative.notification, script: 'x' } })).toBe(
      undefined,
    );
  });

  it('shows a delivery once whichever shape each copy came in, and records one Shown', async () => {
    const h = harness();
    await h.handlers.push(text(declarative));
    await h.handlers.push(text(legacy));
    await h.handlers.push(text(declarative));
    expect(h.shown).toHaveLength(1);
    expect(h.recorded.map((event) => event.event)).toEqual(['Notification Shown']);
    expect(h.shown[0]?.options.data).toEqual({
      kairos: 1,
      url: 'https://shop.example/products/trip-lisbon-city-break',
      campaignId: 12,
      variant: 1,
      deliveryId: 4_711,
      actionUrls: {
        book: 'https://shop.example/checkout?trip=lisbon',
        later: 'https://shop.example/products/trip-lisbon-city-break',
      },
    });
  });

  it('opens the clicked action’s navigate, and records Clicked and Dismissed', async () => {
    const h = harness();
    await h.handlers.push(text(declarative));
    await h.handlers.click(h.notification(), 'book');
    expect(h.opened).toEqual(['https://shop.example/checkout?trip=lisbon']);
    await h.handlers.click(h.notification(), '');
    expect(h.opened.at(-1)).toBe('https://shop.example/products/trip-lisbon-city-break');
    await h.handlers.close(h.notification());
    expect(h.recorded.map((event) => event.event)).toEqual([
      'Notification Shown',
      'Notification Clicked',
      'Notification Clicked',
      'Notification Dismissed',
    ]);
  });
});
