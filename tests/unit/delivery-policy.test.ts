// The delivery policy's pure parts on an injected clock (docs/delivery-policy.md):
// due times at a local time and at a best time, quiet hours, the caps across
// every channel (the server's verdicts and a device's moment decision), the
// engagement guard, and the verdicts' order.
import { describe, expect, it } from 'vitest';
import { defaultDeliveryPolicy, type DeliveryPolicy } from '@/lib/contracts/delivery-policy';
import type { MomentRule } from '@/lib/contracts/moment-rule';
import { capReached, dayMs } from '@/lib/delivery-policy/frequency-cap';
import { quietHoursEnd } from '@/lib/delivery-policy/quiet-hours';
import { judgeDeliveries, type JudgedDelivery } from '@/lib/delivery-policy/send-decision';
import { dueTime } from '@/lib/delivery-policy/send-time';
import { instantAt, nextWallTime, wallClock } from '@/lib/delivery-policy/zone-clock';
import { compileRules, decide } from '@/lib/moments/decision';

const hour = 3_600_000;
const iso = (at: number) => new Date(at).toISOString();

describe('due times', () => {
  const base = Date.parse('2026-12-01T00:30:00Z');
  const local = (timeZone: string | undefined) =>
    dueTime({
      policy: { timeMode: 'localTime', localTime: '10:00' },
      base,
      timeZone,
      fallbackTimeZone: 'Europe/London',
      bestTime: undefined,
    });

  // Injected failure: every visitor due at the campaign's (server's) 10:00 instead of their own.
  it('at 10:00 in each visitor’s zone, spread over the day as the zones come round', () => {
    expect(iso(local('Asia/Tokyo'))).toBe('2026-12-01T01:00:00.000Z');
    expect(iso(local('Europe/Berlin'))).toBe('2026-12-01T09:00:00.000Z');
    expect(iso(local('America/New_York'))).toBe('2026-12-01T15:00:00.000Z');
    // No zone, or one Intl does not know: the fallback's 10:00.
    expect(iso(local(undefined))).toBe('2026-12-01T10:00:00.000Z');
    expect(iso(local('Mars/Olympus_Mons'))).toBe('2026-12-01T10:00:00.000Z');
  });

  it('a local time already past today is tomorrow’s, and DST moves the instant, not the wall time', () => {
    const late = Date.parse('2026-12-01T02:00:00Z'); // 11:00 in Tokyo
    expect(iso(nextWallTime(late, 'Asia/Tokyo', 600))).toBe('2026-12-02T01:00:00.000Z');
    // 10:00 in New York is 14:00 UTC in summer, 15:00 in winter.
    expect(iso(instantAt('America/New_York', { year: 2026, month: 7, day: 1 }, 600))).toBe('2026-07-01T14:00:00.000Z');
    expect(wallClock(instantAt('Europe/Berlin', { year: 2026, month: 3, day: 29 }, 600), 'Europe/Berlin').hour).toBe(
      10,
    );
  });

  // Injected failures: the bucket read in UTC rather than the visitor's zone; no fallback without history.
  it('best time: the start of the visitor’s bucket in their zone, else the campaign’s time', () => {
    const best = (bucket: number | undefined, localTime: string | null = null) =>
      dueTime({
        policy: { timeMode: 'bestTime', localTime },
        base,
        timeZone: 'Asia/Tokyo',
        fallbackTimeZone: 'UTC',
        bestTime: bucket === undefined ? undefined : { bucket, timeZone: 'Asia/Tokyo' },
      });
    // Bucket 9 is 18:00-20:00 in Tokyo: 09:00 UTC.
    expect(iso(best(9))).toBe('2026-12-01T09:00:00.000Z');
    expect(best(undefined)).toBe(base);
    expect(iso(best(undefined, '10:00'))).toBe('2026-12-01T01:00:00.000Z');
  });
});

describe('quiet hours', () => {
  const quiet = { startHour: 21, endHour: 8 };
  it('end at the zone’s end hour, across midnight', () => {
    const elevenPmParis = Date.parse('2026-12-01T22:00:00Z');
    expect(iso(quietHoursEnd(elevenPmParis, 'Europe/Paris', quiet)!)).toBe('2026-12-02T07:00:00.000Z');
    expect(quietHoursEnd(Date.parse('2026-12-01T12:00:00Z'), 'Europe/Paris', quiet)).toBeUndefined();
  });
});

const policy = (change: Partial<DeliveryPolicy> = {}): DeliveryPolicy => ({ ...defaultDeliveryPolicy, ...change });
const delivery = (id: number, change: Partial<JudgedDelivery> = {}): JudgedDelivery => ({
  id,
  anonymousId: 'v1',
  messageKey: `campaign:${id}:0`,
  important: false,
  ttlSeconds: 86_400,
  dueAt: now,
  timeZone: 'Europe/Paris',
  unclicked: 0,
  ...change,
});
const now = Date.parse('2026-12-01T12:00:00Z');

describe('the sender’s verdicts', () => {
  // Injected failures: a delivery sent in the quiet hours; one held past its TTL instead of dropped.
  it('quiet hours hold a delivery until they end, and drop it when its TTL runs out first', () => {
    const night = Date.parse('2026-12-01T22:30:00Z'); // 23:30 in Paris
    const verdicts = judgeDeliveries(
      [delivery(1, { dueAt: night }), delivery(2, { dueAt: night, ttlSeconds: 3_600 })],
      policy({ quietHours: { startHour: 22, endHour: 7 } }),
      new Map(),
      night,
    );
    expect(verdicts.get(1)).toEqual({ kind: 'hold', until: Date.parse('2026-12-02T06:00:00Z') });
    expect(verdicts.get(2)).toEqual({ kind: 'expire', reason: 'quietHours' });
  });

  // Injected failures: a moment's fire not counted; one message to two devices counted twice.
  it('caps count every channel: deliveries sent, moments fired, and this batch’s own sends', () => {
    const history = new Map([
      ['v1', [{ at: now - 2 * hour, key: 'moment:7:1' }]],
      ['v2', [{ at: now - 2 * dayMs, key: 'campaign:9:0' }]],
    ]);
    const verdicts = judgeDeliveries(
      [
        delivery(1),
        delivery(2, { messageKey: 'campaign:1:0' }), // the same message to v1's second device
        delivery(3),
        delivery(4, { anonymousId: 'v2' }),
      ],
      policy({ caps: { perDay: 2, perWeek: 10 } }),
      history,
      now,
    );
    expect([...verdicts.values()].map((verdict) => verdict.kind)).toEqual(['send', 'send', 'skip', 'send']);
    expect(verdicts.get(3)).toEqual({ kind: 'skip', reason: 'capped' });
    expect(capReached([now - 6 * dayMs, now - 5 * dayMs], now, { perDay: null, perWeek: 2 })).toBe(true);
    expect(capReached([now - 8 * dayMs, now - 5 * dayMs], now, { perDay: null, perWeek: 2 })).toBe(false);
  });

  // Injected failures: the guard ignoring `important`; a guard that never lets go.
  it('the engagement guard holds back a subscription after 10 unclicked, but not an important campaign', () => {
    const verdicts = judgeDeliveries(
      [delivery(1, { unclicked: 10 }), delivery(2, { unclicked: 10, important: true }), delivery(3, { unclicked: 9 })],
      policy(),
      new Map(),
      now,
    );
    expect(verdicts.get(1)).toEqual({ kind: 'skip', reason: 'guard' });
    expect(verdicts.get(2)).toEqual({ kind: 'send' });
    expect(verdicts.get(3)).toEqual({ kind: 'send' });
    expect(
      judgeDeliveries([delivery(1, { unclicked: 50 })], policy({ guardUnclicked: 0 }), new Map(), now).get(1),
    ).toEqual({
      kind: 'send',
    });
  });
});

describe('a device’s moments under the cross-channel caps', () => {
  const rule: MomentRule = {
    id: 1,
    version: 1,
    name: 'Search help',
    enabled: true,
    priority: 0,
    trigger: { kind: 'search', sources: ['searchBox'], parameters: [] },
    match: null,
    segmentId: null,
    message: { title: 'Need help?', body: 'We can help', url: '/help' },
    quietHours: null,
    cooldownMinutes: 0,
    frequencyCap: { count: 100, periodHours: 24 },
    globalDailyCap: 100,
    startsAt: null,
    endsAt: null,
    holdoutShare: 0,
  } as unknown as MomentRule;
  const input = (shown: number[], log: { at: number }[]) => ({
    rules: compileRules([rule]),
    moment: { kind: 'search' as const, source: 'searchBox' as const, text: 'help' },
    now,
    timeZone: 'Europe/Paris',
    log: log.map((entry) => ({
      ...entry,
      ruleId: 1,
      ruleVersion: 1,
      trigger: 'search' as const,
      outcome: 'fired' as const,
    })),
    inSegment: () => false,
    caps: { perDay: 2, perWeek: null },
    shown,
  });

  // Injected failure: the device counting only its own fires, not the campaigns it showed.
  it('count the server’s notifications the device showed plus its own fires', () => {
    expect(decide(input([now - hour], [])).fired).toBeDefined();
    const capped = decide(input([now - hour], [{ at: now - 2 * hour }]));
    expect(capped.fired).toBeUndefined();
    expect(capped.decisions[0]?.reason).toBe('channelCap');
    // A day later both have left the window.
    expect(decide({ ...input([now - hour], [{ at: now - 2 * hour }]), now: now + dayMs }).fired).toBeDefined();
  });
});
