// The service worker's moment detector (lib/moments/moment-service.ts) over an
// in-memory stand-in for its IndexedDB tables, with a fake clock: one search is
// one moment however it arrives (the navigation, then the tracker's event for
// that page), the state is read once per worker life, and the notification is
// asked for before anything is written.
import { describe, expect, it } from 'vitest';
import type { DeviceConfig } from '@/lib/contracts/device-config';
import type { KairosEvent } from '@/lib/contracts/event';
import { createMomentRuleSchema, momentRuleSchema } from '@/lib/contracts/moment-rule';
import type { SegmentTree } from '@/lib/contracts/segment';
import type { DeviceDatabase } from '@/lib/store/database';
import type { MetaEntry, MomentDecisionEntry } from '@/lib/store/entities';
import { createMomentService, type NotificationRequest } from '@/lib/moments/moment-service';
import { momentHeldOut } from '@/lib/results/moment-holdout';
import type { WorkerEventSink } from '@/lib/store/worker-events';
import { budgetTravelRule } from '../fixtures/moment-rules';

const rule = momentRuleSchema.parse({
  ...createMomentRuleSchema.parse({
    ...budgetTravelRule,
    cooldownMinutes: 0,
    frequencyCap: { count: 100, periodHours: 24 },
    globalDailyCap: 50,
    // These tests are about when a moment fires; the holdout has its own tests below.
    holdoutShare: 0,
  }),
  id: 1,
  version: 1,
});
const config: DeviceConfig = {
  version: 'v1',
  publishedAt: '2026-07-01T00:00:00Z',
  segments: [],
  rfm: null,
  intent: null,
  rules: [rule],
};

/** The tables the detector touches, in memory; `log` records every read and write in order. */
function deviceStore(published: DeviceConfig = config, history: KairosEvent[] = []) {
  const decisions: MomentDecisionEntry[] = [];
  const meta = new Map<string, unknown>();
  const log: string[] = [];
  const shownAt: number[] = [];
  const db = {
    name: 'kairos',
    config: {
      get: async () => (log.push('read config'), { key: 'current', config: published, etag: null, fetchedAt: 0 }),
    },
    decisions: {
      find: async (_index: 'at', { above }: { above: number }) => (
        log.push('read decisions'),
        decisions.filter((row) => row.at > above)
      ),
      addAll: async (rows: MomentDecisionEntry[]) => {
        log.push('write decisions');
        decisions.push(...rows);
      },
    },
    meta: {
      get: async (key: string) => (log.push(`read ${key}`), meta.has(key) ? { key, value: meta.get(key) } : undefined),
      put: async ({ key, value }: MetaEntry) => {
        log.push(`write ${key}`);
        meta.set(key, value);
      },
      delete: async (key: string) => {
        log.push(`delete ${key}`);
        meta.delete(key);
      },
    },
    // Campaign notifications this device showed (the cross-channel caps count them).
    shownDeliveries: {
      find: async (_index: 'shownAt', { above }: { above: number }) =>
        (log.push('read shown deliveries'), shownAt.filter((time) => time > above)).map((time) => ({
          deliveryId: time,
          shownAt: time,
        })),
    },
    events: { getAll: async () => history },
    profile: { get: async () => (history[0] ? { anonymousId: history[0].anonymousId } : undefined) },
  };
  return { db: db as unknown as DeviceDatabase, decisions, meta, log, shownAt };
}

/** No tracker has run on this device: nobody to report a fire for. */
const noVisitor = { record: async () => {}, profile: async () => undefined };

function detector(device: WorkerEventSink = noVisitor, deviceConfig: DeviceConfig = config, history?: KairosEvent[]) {
  let clock = Date.parse('2026-07-01T12:00:00Z');
  const store = deviceStore(deviceConfig, history);
  const shown: NotificationRequest[] = [];
  const service = createMomentService({
    db: store.db,
    configUrl: async () => 'http://localhost/api/device/config',
    show: async (notification) => {
      store.log.push('show');
      shown.push(notification);
    },
    device,
    scheduleCheck: () => {},
    now: () => clock,
  });
  return { service, store, shown, advance: (ms: number) => (clock += ms) };
}

const searchUrl = (query: string) => new URL(`http://localhost/search?q=${encodeURIComponent(query)}`);
/** `Products Searched` as the tracker sends it from a search results page (its URL carries the query). */
const searched = (query: string): KairosEvent => ({
  messageId: crypto.randomUUID(),
  type: 'track',
  event: 'Products Searched',
  properties: { query },
  traits: {},
  anonymousId: 'visitor-1',
  timestamp: new Date().toISOString(),
  context: { timezone: 'Europe/Paris', page: { url: searchUrl(query.toLowerCase()).href } },
});
/** Some time between searches (no cooldown in these rules). */
const aWhile = 60_000;
const bodies = (shown: NotificationRequest[]) => shown.map((n) => n.options.body);

describe('one search is one moment, however it reaches the worker', () => {
  it('fires once for the URL and the tracker event of one search', async () => {
    const { service, shown, advance } = detector();
    await service.onRequest(searchUrl('cheap hotels in mexico'));
    advance(300);
    await service.onEvents([searched('Cheap hotels in Mexico')]);
    expect(bodies(shown)).toEqual(['Deals picked for “cheap hotels in mexico”']);
  });

  it('remembers every search of the window: two interleaved searches fire twice, not four times', async () => {
    // Regression: only the last search was remembered, so A, B, A's event, B's event fired four times.
    const { service, shown, advance } = detector();
    await service.onRequest(searchUrl('cheap hotels in mexico'));
    advance(100);
    await service.onRequest(searchUrl('budget trip to lisbon'));
    advance(100);
    await service.onEvents([searched('cheap hotels in mexico')]);
    advance(100);
    await service.onEvents([searched('budget trip to lisbon')]);
    expect(bodies(shown)).toEqual([
      'Deals picked for “cheap hotels in mexico”',
      'Deals picked for “budget trip to lisbon”',
    ]);
  });

  it('fires once when the request carried other parameters than the page shows (a framework data fetch)', async () => {
    const { service, shown } = detector();
    await service.onRequest(new URL(`${searchUrl('cheap hotels in mexico').href}&_rsc=1x2y3`));
    await service.onEvents([searched('cheap hotels in mexico')]);
    expect(shown).toHaveLength(1);
  });

  it('fires for a tracked search on another page with the same words', async () => {
    const { service, shown } = detector();
    await service.onRequest(searchUrl('cheap hotels in mexico'));
    const elsewhere = searched('cheap hotels in mexico');
    elsewhere.context.page = { url: 'http://localhost/deals' };
    await service.onEvents([elsewhere]);
    expect(shown).toHaveLength(2);
  });

  it('is a new moment when the visitor searches again', async () => {
    const { service, shown, advance } = detector();
    await service.onRequest(searchUrl('cheap hotels in mexico'));
    advance(aWhile);
    await service.onEvents([searched('cheap hotels in mexico')]);
    expect(shown).toHaveLength(1);
    advance(aWhile);
    await service.onRequest(searchUrl('cheap hotels in mexico'));
    expect(shown).toHaveLength(2);
  });
});

describe('state in memory', () => {
  it('reads the device store once per worker life, and decides before writing', async () => {
    const { service, store, shown, advance } = detector();
    await service.warmUp();
    const reads = store.log.filter((entry) => entry.startsWith('read'));
    expect(reads.sort()).toEqual([
      'read config',
      'read decisions',
      'read moments.cart',
      'read moments.timezone',
      'read shown deliveries',
    ]);
    store.log.length = 0;
    for (const query of ['cheap hotels in mexico', 'budget trip to lisbon', 'cheap flights to porto']) {
      advance(aWhile);
      await service.onRequest(searchUrl(query));
    }
    expect(shown).toHaveLength(3);
    // No read at all on the moment's path; each notification is asked for before its log line is written.
    expect(store.log).toEqual(['show', 'write decisions', 'show', 'write decisions', 'show', 'write decisions']);
  });

  // Injected failures: the device ignoring the published caps; the campaigns it showed (stored, or
  // shown during this worker's life) not counted.
  it('respects the cross-channel caps, counting the campaign notifications this device showed', async () => {
    const capped = detector(noVisitor, { ...config, caps: { perDay: 2, perWeek: null } });
    const at = Date.parse('2026-07-01T12:00:00Z');
    capped.store.shownAt.push(at - 60 * 60_000); // a campaign shown in an earlier worker life
    await capped.service.warmUp();
    await capped.service.onRequest(searchUrl('cheap hotels in mexico'));
    expect(capped.shown).toHaveLength(1);
    capped.advance(aWhile);
    capped.service.noteShown(at + aWhile); // a campaign shown now: the third message of the day
    await capped.service.onRequest(searchUrl('budget trip to lisbon'));
    expect(capped.shown).toHaveLength(1);
    expect(capped.store.decisions.at(-1)).toMatchObject({ outcome: 'skipped', reason: 'channelCap' });
  });

  it('asks for the notification synchronously when the state is in memory', async () => {
    const { service, shown } = detector();
    await service.warmUp();
    const pending = service.onRequest(searchUrl('cheap hotels in mexico'));
    expect(shown).toHaveLength(1); // before the returned promise settles
    await pending;
  });

  it('counts caps from fires of an earlier worker life, and forgets them when consent is withdrawn', async () => {
    const first = detector();
    const capped = { ...rule, frequencyCap: { count: 1, periodHours: 24 } };
    config.rules = [capped];
    try {
      await first.service.onRequest(searchUrl('cheap hotels in mexico'));
      expect(first.shown).toHaveLength(1);
      // A new worker over the same store: the fire is read back and the cap holds.
      const restarted = createMomentService({
        db: first.store.db,
        configUrl: async () => '',
        show: async (notification) => void first.shown.push(notification),
        device: noVisitor,
        scheduleCheck: () => {},
        now: () => Date.parse('2026-07-01T12:01:00Z'),
      });
      await restarted.onRequest(searchUrl('budget trip to lisbon'));
      expect(first.shown).toHaveLength(1);
      expect(first.store.decisions.at(-1)).toMatchObject({ outcome: 'skipped', reason: 'cap' });
      restarted.forget('everything');
      await restarted.onRequest(searchUrl('cheap flights to porto'));
      expect(first.shown).toHaveLength(2);
    } finally {
      config.rules = [rule];
    }
  });

  it('on activation reads again what the previous worker decided after this one started', async () => {
    // Injected: the new worker warms up while installing; the old one fires meanwhile (cap of one).
    const capped = { ...rule, frequencyCap: { count: 1, periodHours: 24 } };
    config.rules = [capped];
    try {
      const installing = detector();
      await installing.service.warmUp();
      const old = createMomentService({
        db: installing.store.db,
        configUrl: async () => '',
        show: async () => {},
        device: noVisitor,
        scheduleCheck: () => {},
        now: () => Date.parse('2026-07-01T12:00:00Z'),
      });
      await old.onRequest(searchUrl('cheap hotels in mexico'));
      await installing.service.warmUp({ fresh: true });
      await installing.service.onRequest(searchUrl('budget trip to lisbon'));
      expect(installing.shown).toHaveLength(0);
      expect(installing.store.decisions.at(-1)).toMatchObject({ outcome: 'skipped', reason: 'cap' });
    } finally {
      config.rules = [rule];
    }
  });

  it('keeps and reports nothing of a moment whose consent was withdrawn while it showed', async () => {
    // Injected: forget('everything') lands between showNotification and the log write.
    const store = deviceStore();
    const reported: KairosEvent[][] = [];
    const service: ReturnType<typeof createMomentService> = createMomentService({
      db: store.db,
      configUrl: async () => '',
      show: async () => service.forget('everything'),
      // A visitor the report would name.
      device: {
        record: async (events) => void reported.push(events),
        profile: async () => ({ anonymousId: 'visitor-1', userId: null }),
      },
      scheduleCheck: () => {},
      now: () => Date.parse('2026-07-01T12:00:00Z'),
    });
    await service.onRequest(searchUrl('cheap hotels in mexico'));
    expect(store.decisions).toEqual([]);
    expect(reported).toEqual([]);
  });
});

describe('holdouts on the device', () => {
  const held = { ...rule, holdoutShare: 0.5 };
  const at = Date.parse('2026-07-01T12:00:00Z');
  // Visitor ids on each side of the rule's hash, found the way the server would.
  const ids = Array.from({ length: 200 }, (_, i) => `visitor-${i}`);
  const heldId = ids.find((id) => momentHeldOut(held, null, id, at) === 'rule')!;
  const shownId = ids.find((id) => momentHeldOut(held, null, id, at) === null)!;
  const visitorSink = (anonymousId: string) => {
    const recorded: KairosEvent[] = [];
    const sink: WorkerEventSink = {
      record: async (events) => void recorded.push(...events),
      profile: async () => ({ anonymousId, userId: null }),
    };
    return { sink, recorded };
  };
  const withRule = (r: typeof rule, holdout: DeviceConfig['holdout'] = null): DeviceConfig => ({
    ...config,
    rules: [r],
    holdout,
  });

  // Injected failures: a held-out visitor shown the notification; the held-out fire not counted by the
  // cooldown (the groups would see different numbers of chances); the report naming no holdout.
  it('shows nothing to a held-out visitor, records Moment Held Out, and counts it for the cooldown', async () => {
    const cooled = { ...held, cooldownMinutes: 60 };
    const { sink, recorded } = visitorSink(heldId);
    const { service, shown, store, advance } = detector(sink, withRule(cooled));
    await service.onRequest(searchUrl('cheap hotels in mexico'));
    expect(shown).toEqual([]);
    expect(recorded.map((e) => [e.event, e.properties.ruleId, e.properties.holdout])).toEqual([
      ['Moment Held Out', cooled.id, 'rule'],
    ]);
    expect(store.decisions).toMatchObject([{ outcome: 'fired', heldOut: 'rule' }]);
    advance(aWhile);
    await service.onRequest(searchUrl('budget hotels in mexico'));
    expect(store.decisions.at(-1)).toMatchObject({ outcome: 'skipped', reason: 'cooldown' });
    expect(recorded).toHaveLength(1);
  });

  it('shows the moment to a visitor outside the holdout, and reports Moment Fired', async () => {
    const { sink, recorded } = visitorSink(shownId);
    const { service, shown } = detector(sink, withRule(held));
    await service.onRequest(searchUrl('cheap hotels in mexico'));
    expect(bodies(shown)).toEqual(['Deals picked for “cheap hotels in mexico”']);
    expect(recorded.map((e) => [e.event, e.properties.holdout])).toEqual([['Moment Fired', undefined]]);
  });

  // Injected failure: the global holdout applied to campaigns only.
  it('holds out the global holdout’s visitors from every rule, even one without its own share', async () => {
    const open = { ...rule, holdoutShare: 0 };
    const holdout = { share: 0.5, salt: 'salt-for-tests', startedAt: at - 1_000, endsAt: null };
    const globalId = ids.find((id) => momentHeldOut(open, holdout, id, at) === 'global')!;
    const { sink, recorded } = visitorSink(globalId);
    const { service, shown } = detector(sink, withRule(open, holdout));
    await service.onRequest(searchUrl('cheap hotels in mexico'));
    expect(shown).toEqual([]);
    expect(recorded.map((e) => [e.event, e.properties.holdout])).toEqual([['Moment Held Out', 'global']]);
  });
});

describe('a precondition on the country, with the place the config response gave the device', () => {
  // The device's own events carry no place (the server adds it to stored copies); the config's does.
  const inFrance: SegmentTree = { kind: 'geo', field: 'country', op: 'in', values: ['FR'] };
  const franceRule = momentRuleSchema.parse({ ...rule, segmentId: 7 });
  const placed = (geo: DeviceConfig['geo']): DeviceConfig => ({
    ...config,
    rules: [franceRule],
    segments: [{ id: 7, name: 'In France', version: 1, definition: inFrance }],
    ...(geo !== undefined && { geo }),
  });
  const earlier = [searched('weekend in paris')];

  it('fires for a device the config places in France', async () => {
    const { service, shown } = detector(
      noVisitor,
      placed({ country: 'FR', region: 'Ile-de-France', city: 'Paris' }),
      earlier,
    );
    await service.onRequest(searchUrl('cheap hotels in mexico'));
    expect(bodies(shown)).toEqual(['Deals picked for “cheap hotels in mexico”']);
  });

  it('stays silent for a device placed in the United States, and for one the config could not place', async () => {
    for (const geo of [{ country: 'US', region: 'California', city: 'Mountain View' }, null, undefined]) {
      const { service, shown } = detector(noVisitor, placed(geo), earlier);
      await service.onRequest(searchUrl('cheap hotels in mexico'));
      expect(shown).toEqual([]);
    }
  });
});
