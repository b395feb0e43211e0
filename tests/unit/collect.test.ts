import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBatch } from '@/lib/collect/validate';
import { collectLimits } from '@/lib/contracts/collect';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@/lib/db';
import { forgetVisitor, ingestEvents } from '@/lib/db/ingest';
import { events, pushSubscriptions, visitors } from '@/lib/db/schema';

const sentAt = new Date('2026-05-01T12:00:00Z');

function anEvent(overrides: Record<string, unknown> = {}) {
  return {
    messageId: randomUUID(),
    type: 'track',
    event: 'Product Viewed',
    properties: { product_id: 'p1' },
    anonymousId: 'anon-a',
    timestamp: '2026-05-01T11:59:00.000Z',
    context: { locale: 'en-GB', timezone: 'Europe/London' },
    ...overrides,
  };
}

describe('checking a batch', () => {
  it('corrects the device clock with sentAt, as Segment does (injected: a device 1 hour slow)', () => {
    const receivedAt = new Date(sentAt.getTime() + 60 * 60 * 1000);
    const { valid } = checkBatch([anEvent()], sentAt, receivedAt);
    expect(valid[0]?.originalTimestamp.toISOString()).toBe('2026-05-01T11:59:00.000Z');
    expect(valid[0]?.timestamp.toISOString()).toBe('2026-05-01T12:59:00.000Z');
  });

  it('reports each bad event by index with a reason and keeps the good ones', () => {
    const batch = [
      anEvent(),
      anEvent({ messageId: 'not-a-uuid' }),
      anEvent({ type: 'purchase' }),
      anEvent({ event: undefined }),
      anEvent({ properties: { note: 'x'.repeat(collectLimits.maxEventBytes) } }),
      anEvent({ timestamp: '2026-05-01T13:00:00.000Z' }),
      anEvent({ timestamp: '2020-01-01T00:00:00.000Z' }),
      anEvent({ anonymousId: 'a'.repeat(101) }),
      anEvent({ unexpected: true }),
      'not even an object',
      anEvent(),
    ];
    const result = checkBatch(batch, sentAt, sentAt);
    expect(result.valid).toHaveLength(2);
    const reasons = Object.fromEntries(result.invalid.map(({ index, reason }) => [index, reason]));
    expect(Object.keys(reasons).map(Number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(reasons[1]).toMatch(/^messageId:/);
    expect(reasons[2]).toMatch(/^type:/);
    expect(reasons[3]).toMatch(/needs an event name/);
    expect(reasons[4]).toMatch(/bytes; the limit is 32768/);
    expect(reasons[5]).toMatch(/later than sentAt/);
    expect(reasons[6]).toMatch(/older than/);
    expect(reasons[7]).toMatch(/^anonymousId:/);
    expect(reasons[8]).toMatch(/unexpected|Unrecognized/i);
    expect(reasons[9]).toMatch(/expected object/i);
  });

  it('counts a messageId repeated inside one batch once', () => {
    const event = anEvent();
    const result = checkBatch([event, event, event], sentAt, sentAt);
    expect(result.valid).toHaveLength(1);
    expect(result.repeated).toBe(2);
  });

  it('brings a device clock that runs a day ahead back to server time (injected: future timestamps)', () => {
    const dayAhead = 24 * 60 * 60 * 1000;
    const deviceSentAt = new Date(sentAt.getTime() + dayAhead);
    const future = anEvent({ timestamp: new Date(deviceSentAt.getTime() - 1000).toISOString() });
    const result = checkBatch([future], deviceSentAt, sentAt);
    expect(result.valid[0]?.timestamp.toISOString()).toBe('2026-05-01T11:59:59.000Z');
  });
});

describe('ingesting events', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
    await migrateDatabase(handle);
  });
  afterAll(() => handle.close());

  const eventCount = async () => (await handle.db.select({ n: count() }).from(events))[0]?.n;

  it('stores each messageId exactly once across retries, and keeps the visitor row current', async () => {
    const first = anEvent({ anonymousId: 'anon-b', timestamp: '2026-05-01T10:00:00.000Z' });
    const identify = anEvent({
      anonymousId: 'anon-b',
      type: 'identify',
      event: undefined,
      userId: 'user-9',
      traits: { plan: 'pro' },
      timestamp: '2026-05-01T11:00:00.000Z',
    });
    const batch = checkBatch([first, identify], sentAt, sentAt).valid;
    expect(await ingestEvents(handle.db, batch, sentAt)).toEqual({ accepted: 2, refused: [] });
    expect(await ingestEvents(handle.db, batch, sentAt)).toEqual({ accepted: 0, refused: [] });
    expect(await eventCount()).toBe(2);
    const [visitor] = await handle.db.select().from(visitors).where(eq(visitors.anonymousId, 'anon-b'));
    expect(visitor).toMatchObject({ userId: 'user-9', traits: { plan: 'pro' } });
    expect(visitor?.firstSeen.toISOString()).toBe('2026-05-01T10:00:00.000Z');
    expect(visitor?.lastSeen.toISOString()).toBe('2026-05-01T11:00:00.000Z');
  });

  it('forgets a visitor: events, visitor row and push subscriptions, and nobody else', async () => {
    await ingestEvents(handle.db, checkBatch([anEvent({ anonymousId: 'anon-c' })], sentAt, sentAt).valid, sentAt);
    await handle.db.insert(pushSubscriptions).values({
      endpoint: 'https://push.example/abc',
      p256dh: 'key',
      auth: 'auth',
      anonymousId: 'anon-b',
    });
    expect(await forgetVisitor(handle.db, 'anon-b')).toEqual({ events: 2, subscriptions: 1 });
    expect(await handle.db.select().from(visitors).where(eq(visitors.anonymousId, 'anon-b'))).toEqual([]);
    expect(await eventCount()).toBe(1);
  });
});
