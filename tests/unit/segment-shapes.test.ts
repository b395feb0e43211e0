// Segment-shaped calls read into stored events (lib/collect/segment-call.ts),
// the clock correction they get (lib/collect/segment-clock.ts) and the bound on
// `extra` (lib/collect/extra-fields.ts). Each test says which input it sends.
import { describe, expect, it } from 'vitest';
import { boundedExtra } from '@/lib/collect/extra-fields';
import { segmentCallReader } from '@/lib/collect/segment-call';
import { correctedTimes } from '@/lib/collect/segment-clock';
import { checkEvents } from '@/lib/collect/validate';
import { collectLimits } from '@/lib/contracts/collect';

const receivedAt = new Date('2026-05-01T12:00:00.000Z');
const read = (calls: unknown[], defaults: Partial<Parameters<typeof segmentCallReader>[0]> = {}) =>
  checkEvents(calls, receivedAt, segmentCallReader({ keepIp: false, ...defaults }, receivedAt));
const only = (calls: unknown[], defaults = {}) => {
  const { valid, invalid } = read(calls, defaults);
  if (!valid[0]) throw new Error(`refused: ${invalid[0]?.reason}`);
  return valid[0];
};

describe('the clock correction', () => {
  it("shifts the sender's reading by its clock's error (injected: a sender 1 hour slow)", () => {
    const times = correctedTimes(
      { timestamp: '2026-05-01T10:59:00.000Z', sentAt: '2026-05-01T11:00:00.000Z' },
      undefined,
      receivedAt,
    );
    expect(times.originalTimestamp.toISOString()).toBe('2026-05-01T10:59:00.000Z');
    expect(times.timestamp.toISOString()).toBe('2026-05-01T11:59:00.000Z');
  });

  it("reads RudderStack's originalTimestamp, and the batch's sentAt when the call has none", () => {
    const times = correctedTimes(
      { originalTimestamp: '2026-05-01T12:04:00.000Z' },
      '2026-05-01T12:05:00.000Z',
      receivedAt,
    );
    expect(times.timestamp.toISOString()).toBe('2026-05-01T11:59:00.000Z');
  });

  it('keeps a timestamp sent beside an originalTimestamp (already corrected) and shifts nothing without sentAt', () => {
    const both = correctedTimes(
      {
        timestamp: '2026-04-01T00:00:00.000Z',
        originalTimestamp: '2026-04-01T00:10:00.000Z',
        sentAt: '2026-05-01T13:00:00.000Z',
      },
      undefined,
      receivedAt,
    );
    expect(both.timestamp.toISOString()).toBe('2026-04-01T00:00:00.000Z');
    expect(both.originalTimestamp.toISOString()).toBe('2026-04-01T00:10:00.000Z');
    const unsent = correctedTimes({ timestamp: '2026-04-01T00:00:00.000Z' }, undefined, receivedAt);
    expect(unsent.timestamp.toISOString()).toBe('2026-04-01T00:00:00.000Z');
  });

  it('dates a call with no time at all when it arrived', () => {
    expect(correctedTimes({}, '2026-05-01T08:00:00.000Z', receivedAt).timestamp).toEqual(receivedAt);
  });

  it('refuses a call that lands in the future or past the age limit after correction', () => {
    const { invalid } = read([
      { type: 'track', event: 'A', userId: 'u', timestamp: '2026-05-01T13:00:00.000Z' },
      { type: 'track', event: 'A', userId: 'u', timestamp: '2024-01-01T00:00:00.000Z' },
    ]);
    expect(invalid.map((entry) => entry.reason)).toEqual([
      expect.stringMatching(/later than the server received it/),
      expect.stringMatching(/older than the collector accepts/),
    ]);
  });
});

describe('reading a call', () => {
  it("keeps a Segment library's messageId as the key, whatever its form", () => {
    const id = 'node-next-1796191031148-8d1b2c3d-aaaa-bbbb-cccc-0123456789ab';
    const valid = only([{ type: 'track', event: 'Order Completed', userId: 'u1', messageId: id }]);
    expect(valid.event.messageId).toBe(id);
    expect(read([{ type: 'track', event: 'A', userId: 'u', messageId: 'x'.repeat(101) }]).invalid[0]?.reason).toMatch(
      /^messageId:/,
    );
  });

  it('stores a call with only a userId under the user, and refuses one with neither id', () => {
    const valid = only([{ type: 'track', event: 'Order Completed', userId: 'cust-42', properties: { revenue: 30 } }]);
    expect(valid.event).toMatchObject({ anonymousId: 'user:cust-42', userId: 'cust-42', properties: { revenue: 30 } });
    expect(read([{ type: 'track', event: 'A' }]).invalid[0]?.reason).toMatch(/anonymousId or userId/);
  });

  it('reads each type: track needs event, alias its ids, group a groupId; page and screen keep their name', () => {
    const { valid, invalid } = read([
      { type: 'track', userId: 'u' },
      { type: 'alias', userId: 'u' },
      { type: 'group', userId: 'u' },
      { type: 'alias', userId: 'new', previousId: 'old' },
      { type: 'group', userId: 'u', groupId: 42, traits: { plan: 'pro' } },
      {
        type: 'page',
        anonymousId: 'a',
        name: 'Home',
        category: 'Docs',
        properties: { path: '/', url: 'https://s.example/' },
      },
      { type: 'screen', anonymousId: 'a', name: 'Cart' },
      { type: 'identify', userId: 'u', anonymousId: 'a', traits: { email: 'u@example.com' } },
      { type: 'purchase', userId: 'u' },
    ]);
    expect(invalid.map((entry) => entry.index)).toEqual([0, 1, 2, 8]);
    expect(invalid[3]?.reason).toMatch(/^type:/);
    const [alias, group, page, screen, identify] = valid.map((entry) => entry.event);
    expect(alias).toMatchObject({ type: 'alias', userId: 'new', properties: { previousId: 'old' } });
    expect(group).toMatchObject({ type: 'group', properties: { groupId: '42' }, traits: { plan: 'pro' } });
    expect(page).toMatchObject({
      type: 'page',
      properties: { name: 'Home', category: 'Docs' },
      context: { page: { path: '/', url: 'https://s.example/' } },
    });
    expect(page?.event).toBeUndefined();
    expect(screen).toMatchObject({ type: 'screen', properties: { name: 'Cart' } });
    expect(identify).toMatchObject({ type: 'identify', anonymousId: 'a', traits: { email: 'u@example.com' } });
  });

  it('takes the type from the path for a single call, whatever the body says', () => {
    expect(only([{ type: 'page', event: 'Signed Up', userId: 'u' }], { type: 'track' }).event.type).toBe('track');
  });

  it('keeps known context, drops the ip unless configured, and keeps unknown fields in extra', () => {
    const call = {
      type: 'track',
      event: 'Order Completed',
      userId: 'u',
      channel: 'server',
      _metadata: { nodeVersion: '20' },
      integrations: { All: false },
      writeKey: 'kairos_wk_secret',
      context: {
        ip: '203.0.113.9',
        library: { name: 'analytics-node-next', version: '3.1.0' },
        userAgent: 'Mozilla/5.0',
        locale: 'en-GB',
        device: { type: 'mobile', model: 'Pixel' },
        app: { name: 'Shop', version: '2' },
      },
    };
    const { event } = only([call]);
    expect(event.context).toEqual({
      library: { name: 'analytics-node-next', version: '3.1.0' },
      userAgent: 'Mozilla/5.0',
      locale: 'en-GB',
      device: { type: 'mobile' },
    });
    expect(event.extra).toEqual({
      channel: 'server',
      _metadata: { nodeVersion: '20' },
      context: { device: { model: 'Pixel' }, app: { name: 'Shop', version: '2' } },
    });
    expect(JSON.stringify(event)).not.toContain('203.0.113.9');
    expect(JSON.stringify(event)).not.toContain('kairos_wk_secret');
    expect(only([call], { keepIp: true }).event.context.ip).toBe('203.0.113.9');
  });

  it('keeps visitor text as text: NUL removed, lone surrogates replaced (injected: both in a property)', () => {
    const { event } = only([{ type: 'track', event: 'A', userId: 'u', properties: { note: 'a\u0000b\ud800' } }]);
    expect(event.properties.note).toBe('ab\ufffd');
  });

  it('refuses an event past the per-event size and keeps its neighbours (injected: a 40 KB property)', () => {
    const { valid, invalid } = read([
      { type: 'track', event: 'A', userId: 'u', properties: { blob: 'y'.repeat(40_000) } },
      { type: 'track', event: 'A', userId: 'u' },
    ]);
    expect(valid).toHaveLength(1);
    expect(invalid[0]?.reason).toMatch(new RegExp(`the limit is ${collectLimits.maxEventBytes}`));
  });
});

describe('the bound on extra', () => {
  it('keeps fields in order while they fit and names the ones dropped', () => {
    const extra = boundedExtra(
      [
        { path: ['channel'], value: 'server' },
        { path: ['context', 'os'], value: { name: 'x'.repeat(300) } },
        { path: ['version'], value: 2 },
      ],
      200,
    );
    expect(extra).toEqual({ channel: 'server', version: 2, $dropped: ['context.os'] });
    expect(boundedExtra([])).toBeNull();
  });
});
