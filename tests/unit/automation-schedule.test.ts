// When recurring automations run (lib/automations/recurring-schedule.ts), and
// what the console's create form sends (app/console/(admin)/automations/automation-draft.ts).
import { describe, expect, it } from 'vitest';
import { automationRequest, emptyDraft } from '@/app/console/(admin)/automations/automation-draft';
import { nextRecurringRun } from '@/lib/automations/recurring-schedule';
import { createAutomationSchema, triggerSummary } from '@/lib/contracts/automation';

const iso = (ms: number) => new Date(ms).toISOString();

describe('the next run of a recurring automation', () => {
  // Injected failures: the zone's offset ignored, or taken from the wrong side of a DST change.
  it('is the wall-clock time in its zone, across a daylight-saving change', () => {
    const berlin = { every: 'day' as const, at: '10:00', timeZone: 'Europe/Berlin' };
    expect(iso(nextRecurringRun(berlin, Date.parse('2026-03-28T12:00:00Z')))).toBe('2026-03-29T08:00:00.000Z');
    expect(iso(nextRecurringRun(berlin, Date.parse('2026-03-27T12:00:00Z')))).toBe('2026-03-28T09:00:00.000Z');
    const tokyo = { every: 'day' as const, at: '08:30', timeZone: 'Asia/Tokyo' };
    expect(iso(nextRecurringRun(tokyo, Date.parse('2026-11-23T00:00:00Z')))).toBe('2026-11-23T23:30:00.000Z');
    const newYork = { every: 'day' as const, at: '23:45', timeZone: 'America/New_York' };
    expect(iso(nextRecurringRun(newYork, Date.parse('2026-11-24T04:00:00Z')))).toBe('2026-11-24T04:45:00.000Z');
  });

  // Injected failures: a Saturday run of a weekday schedule; a run at the exact instant counted as next.
  it('skips weekends for weekdays, finds the day of the month, and is strictly later', () => {
    const weekdays = { every: 'weekday' as const, at: '09:00', timeZone: 'UTC' };
    // Friday 27 November 2026 after nine: next is Monday 30th.
    expect(iso(nextRecurringRun(weekdays, Date.parse('2026-11-27T10:00:00Z')))).toBe('2026-11-30T09:00:00.000Z');
    expect(iso(nextRecurringRun(weekdays, Date.parse('2026-11-30T09:00:00Z')))).toBe('2026-12-01T09:00:00.000Z');
    const monthly = { every: 'month' as const, at: '07:00', dayOfMonth: 15, timeZone: 'UTC' };
    expect(iso(nextRecurringRun(monthly, Date.parse('2026-11-16T00:00:00Z')))).toBe('2026-12-15T07:00:00.000Z');
  });
});

describe('the console create form', () => {
  // Injected failure: the form sending a request the API refuses for an ordinary abandoned cart.
  it('sends an abandoned cart the API accepts', () => {
    const request = automationRequest({
      ...emptyDraft('Europe/Berlin'),
      name: ' Abandoned cart ',
      eventName: 'Product Added',
      unlessEvent: 'Order Completed',
      unlessMinutes: 60,
      exitEvent: 'Order Completed',
      title: 'Your basket is waiting',
    });
    const parsed = createAutomationSchema.parse(request);
    expect(parsed).toMatchObject({ name: 'Abandoned cart', reentryAfterDays: null, endsAt: null, delayMinutes: 0 });
    expect(triggerSummary(parsed.trigger)).toBe('Product Added, not followed by Order Completed within 1 h');
  });

  it('sends a segment entry with the builder’s conditions, and a recurring run with a saved segment', () => {
    const conditions = { all: [{ kind: 'rfmSegment' as const, segments: ['at risk' as const] }] };
    const entry = createAutomationSchema.parse(
      automationRequest({
        ...emptyDraft(),
        name: 'At risk',
        trigger: 'enter',
        everyMinutes: 30,
        conditions,
        title: 'We miss you',
      }),
    );
    expect(entry.trigger).toEqual({ kind: 'segment', on: 'enter', everyMinutes: 30, definition: conditions });
    const monthly = createAutomationSchema.parse(
      automationRequest({
        ...emptyDraft('Asia/Tokyo'),
        name: 'Monthly',
        trigger: 'recurring',
        every: 'month',
        dayOfMonth: 3,
        segment: 7,
        reentryAfterDays: 20,
        title: 'News',
      }),
    );
    expect(triggerSummary(monthly.trigger)).toBe('segment 7, on day 3 at 10:00 Asia/Tokyo');
    expect(monthly.reentryAfterDays).toBe(20);
  });
});
