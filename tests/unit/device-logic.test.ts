// The pure parts of the device store: the visitor record kept at write time, and the retry schedule.
import { describe, expect, it } from 'vitest';
import type { KairosEvent } from '@/lib/contracts/event';
import { applyEvent } from '@/lib/store/profile';
import { backoffPolicy, retryAfterMs, retryDelayMs } from '@/lib/store/backoff';

let n = 0;
function event(overrides: Partial<KairosEvent>): KairosEvent {
  n += 1;
  return {
    messageId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    type: 'track',
    properties: {},
    traits: {},
    anonymousId: 'anon-1',
    timestamp: `2026-05-01T10:00:${String(n % 60).padStart(2, '0')}.000Z`,
    context: {},
    ...overrides,
  };
}

describe('the device profile', () => {
  it('keeps who the visitor is and when they were first and last seen', () => {
    let profile = applyEvent(undefined, event({ type: 'page' }));
    profile = applyEvent(profile, event({ event: 'Products Searched', properties: { query: ' cheap flights ' } }));
    profile = applyEvent(profile, event({ type: 'identify', userId: 'u1', traits: { plan: 'pro' } }));
    // A later event without a userId (an anonymous call) keeps the known one.
    profile = applyEvent(profile, event({ event: 'Order Completed', properties: { revenue: 30 } }));
    expect(profile).toEqual({
      id: 'me',
      anonymousId: 'anon-1',
      userId: 'u1',
      firstSeen: '2026-05-01T10:00:01.000Z',
      lastSeen: '2026-05-01T10:00:04.000Z',
    });
  });

  it('keeps the earliest and latest times whatever order events arrive in', () => {
    const late = event({ type: 'page' });
    const early = event({ type: 'page', timestamp: '2026-04-30T09:00:00.000Z' });
    const profile = applyEvent(applyEvent(undefined, late), early);
    expect([profile.firstSeen, profile.lastSeen]).toEqual([early.timestamp, late.timestamp]);
  });

  it('does not change the profile it was given', () => {
    const before = applyEvent(undefined, event({ type: 'page' }));
    const copy = structuredClone(before);
    applyEvent(before, event({ event: 'Order Completed', properties: { revenue: 5 } }));
    expect(before).toEqual(copy);
  });
});

describe('retry schedule', () => {
  it('doubles per attempt, with jitter between half and all of it, up to the cap', () => {
    expect(retryDelayMs(0, () => 0)).toBe(backoffPolicy.baseMs / 2);
    expect(retryDelayMs(3, () => 0.999_999)).toBeCloseTo(backoffPolicy.baseMs * 8, -1);
    expect(retryDelayMs(30, () => 0.999_999)).toBeLessThanOrEqual(backoffPolicy.capMs);
    const spread = new Set(Array.from({ length: 20 }, () => retryDelayMs(2)));
    expect(spread.size).toBeGreaterThan(10);
  });

  it('reads Retry-After as seconds or as a date', () => {
    const now = Date.parse('2026-05-01T10:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7_000);
    expect(retryAfterMs('Fri, 01 May 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });
});
