// The service worker's moment detector (issue 8): turns what the visitor does
// (a search URL, a tracked search, a product or category view, a cart left)
// into a decision with lib/moments, shows the notification and writes the
// decision log. Everything it reads is already on the device (IndexedDB and
// memory): no network request lies between a moment and its notification.
import type { KairosEvent } from '../contracts/event';
import { ecommerceEvents } from '../contracts/event-names';
import {
  momentEventNames,
  momentRuleIdProperty,
  momentRuleVersionProperty,
  type KairosNotificationData,
  type MomentRule,
} from '../contracts/moment-rule';
import type { PredicateContext } from '../contracts/profile';
import { compileRules, decide, foldText, searchQueryFromUrl, type CompiledRule, type Moment } from '../moments';
import { compilePredicate, type SegmentPredicate } from '../segments/predicate';
import { buildProfiles } from '../segments/profile';
import type { DeviceDatabase } from './database';
import { readDeviceConfig, refreshDeviceConfig, validRules, type ConfigRefresh } from './device-config-sync';

/** Segment's e-commerce spec name for a category listing. */
export const categoryViewedEvent = 'Product List Viewed';
/** The same search seen twice this close together (the URL, then the tracker's `Products Searched`) is one moment. */
export const sameSearchWindowMs = 5_000;
/** How long fires are kept in the decision log: longer than any cap period a rule may set. */
const logHorizonMs = 366 * 86_400_000;
const cartKey = 'moments.cart';
const timeZoneKey = 'moments.timezone';

export interface NotificationRequest {
  title: string;
  options: NotificationOptions & { data: KairosNotificationData };
}

export interface MomentServiceOptions {
  db: DeviceDatabase;
  /** Where the published config lives (GET /api/device/config). */
  configUrl: () => Promise<string>;
  fetch?: typeof fetch;
  show: (notification: NotificationRequest) => Promise<void>;
  /** Records events like the tracker's (device store and outbox): `Moment Fired`. */
  report: (events: KairosEvent[]) => Promise<void>;
  /** Asks for `checkCart()` at this time while the worker lives (a timer). */
  scheduleCheck: (at: number) => void;
  now?: () => number;
}

export interface MomentService {
  refreshConfig(): Promise<ConfigRefresh>;
  /** Refreshes only when the stored copy is older than `maxAgeMs` (background refresh on any wake-up). */
  refreshIfStale(maxAgeMs: number): Promise<ConfigRefresh | 'fresh'>;
  /** A navigation or fetch the worker saw. */
  onRequest(url: URL): Promise<void>;
  /** Events the tracker posted (searches, views, cart). */
  onEvents(events: readonly KairosEvent[]): Promise<void>;
  /** Fires due cart rules (on a timer while the worker lives, and on its next wake-up). */
  checkCart(): Promise<void>;
  /** Consent withdrawn or reset: forget the in-memory state too. */
  forget(): void;
}

interface CartState {
  startedAt: number;
  /** Cart rules already decided for this cart: each answers a cart once. */
  decided: number[];
}

interface Loaded {
  version: string;
  rules: CompiledRule[];
  segments: Map<number, SegmentPredicate>;
  context: Omit<PredicateContext, 'asOf'>;
}

export function createMomentService(options: MomentServiceOptions): MomentService {
  const { db, show, report, scheduleCheck } = options;
  const now = options.now ?? Date.now;
  let loaded: Loaded | undefined;
  let timeZone: string | undefined;
  let lastSearch: { text: string; at: number } | undefined;
  let profileCache: ReturnType<typeof buildProfiles> | undefined;
  // One decision at a time: two moments at once must not both pass a cap of one.
  let queue: Promise<unknown> = Promise.resolve();
  // Reports of fires leave the queue: the next moment need not wait for the outbox write.
  let reporting: Promise<unknown> = Promise.resolve();
  const serially = (work: () => Promise<void>) => {
    const next = queue.then(work);
    queue = next.catch((error: unknown) => console.error('kairos: moment failed', error));
    // The caller's waitUntil keeps the worker alive until the report is written too.
    return queue.then(() => reporting) as Promise<void>;
  };

  async function rules(): Promise<Loaded | undefined> {
    const entry = await readDeviceConfig(db);
    if (!entry) return undefined;
    if (loaded?.version === entry.config.version) return loaded;
    const { config } = entry;
    loaded = {
      version: config.version,
      rules: compileRules(validRules(config)),
      segments: new Map(config.segments.map((segment) => [segment.id, compilePredicate(segment.definition)])),
      context: {
        rfm: config.rfm,
        // With a published BG/NBD model the device scores its own expected purchases
        // (lib/segments/intent-score.ts); without one the tier reads the `intentScore` trait.
        intent: config.intent?.cutPoints ?? { high: Number.POSITIVE_INFINITY, medium: Number.POSITIVE_INFINITY },
        intentModel: config.intent,
      },
    };
    return loaded;
  }

  async function refreshConfig(): Promise<ConfigRefresh> {
    const result = await refreshDeviceConfig(db, await options.configUrl(), options.fetch);
    // onRequest's quick filter reads the compiled rules in memory: a new rule set must replace them
    // at once, or a search only the new rules watch would be ignored until another moment reloads them.
    if (result === 'updated') loaded = undefined;
    return result;
  }

  async function visitorTimeZone(): Promise<string> {
    timeZone ??= ((await db.meta.get(timeZoneKey))?.value as string | undefined) ?? undefined;
    return timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  /** Segment answers for the rules this moment may reach; the profile is built from the device's events only when needed. */
  async function memberships(state: Loaded, moment: Moment, at: number): Promise<Map<number, boolean>> {
    const needed = new Set(
      state.rules.flatMap(({ rule }) =>
        rule.trigger.kind === moment.kind && rule.segmentId !== null ? [rule.segmentId] : [],
      ),
    );
    const answers = new Map<number, boolean>();
    if (needed.size === 0) return answers;
    profileCache ??= buildProfiles(await db.events.toArray());
    const me = await db.profile.get('me');
    const profile = me ? profileCache.get(me.anonymousId) : undefined;
    for (const id of needed) {
      const predicate = state.segments.get(id);
      answers.set(id, Boolean(profile && predicate?.(profile, { ...state.context, asOf: at })));
    }
    return answers;
  }

  async function handle(moment: Moment, only?: (rule: MomentRule) => boolean): Promise<number[]> {
    const state = await rules();
    if (!state) return [];
    const at = now();
    const candidates = only ? state.rules.filter(({ rule }) => only(rule)) : state.rules;
    const [log, zone, answers] = await Promise.all([
      db.decisions
        .where('at')
        .above(at - logHorizonMs)
        .toArray(),
      visitorTimeZone(),
      memberships(state, moment, at),
    ]);
    const result = decide({
      rules: candidates,
      moment,
      now: at,
      timeZone: zone,
      log,
      inSegment: (id) => answers.get(id) ?? false,
    });
    if (result.fired) {
      const { rule, message } = result.fired;
      await show({
        title: message.title,
        options: {
          body: message.body,
          // One notification per rule on screen: a newer moment replaces the older one.
          tag: `kairos-moment-${rule.id}`,
          ...(message.icon ? { icon: message.icon } : {}),
          data: { url: message.url, ruleId: rule.id, ruleVersion: rule.version },
        },
      });
    }
    if (result.decisions.length > 0) await db.decisions.bulkAdd(result.decisions);
    if (result.fired) {
      const report = reportFire(result.fired.rule, moment.kind, at).catch((error: unknown) =>
        console.error('kairos: moment report failed', error),
      );
      reporting = Promise.all([reporting, report]);
    }
    return result.decisions.flatMap((decision) => (decision.ruleId === null ? [] : [decision.ruleId]));
  }

  /** The server learns which rule fired, never what was searched. */
  async function reportFire(rule: MomentRule, trigger: Moment['kind'], at: number): Promise<void> {
    const me = await db.profile.get('me');
    if (!me) return; // no tracker has run on this device: nobody to report for
    await report([
      {
        messageId: crypto.randomUUID(),
        type: 'track',
        event: momentEventNames.fired,
        properties: { [momentRuleIdProperty]: rule.id, [momentRuleVersionProperty]: rule.version, trigger },
        traits: {},
        anonymousId: me.anonymousId,
        userId: me.userId,
        timestamp: new Date(at).toISOString(),
        context: {},
      },
    ]);
  }

  /** False when the same search was just handled from another source (URL and tracker see one search). */
  function freshSearch(text: string): boolean {
    const folded = foldText(text);
    const at = now();
    const repeat = lastSearch?.text === folded && at - lastSearch.at < sameSearchWindowMs;
    lastSearch = { text: folded, at };
    return !repeat;
  }

  async function checkCartNow(): Promise<void> {
    const cart = (await db.meta.get(cartKey))?.value as CartState | undefined;
    const state = await rules();
    if (!cart || !state) return;
    const elapsed = now() - cart.startedAt;
    const pending = state.rules.filter(
      ({ rule }) => rule.trigger.kind === 'cartAbandoned' && !cart.decided.includes(rule.id),
    );
    const due = (rule: MomentRule) =>
      rule.trigger.kind === 'cartAbandoned' &&
      elapsed >= rule.trigger.afterMinutes * 60_000 &&
      !cart.decided.includes(rule.id);
    if (pending.some(({ rule }) => due(rule))) {
      const decided = pending.filter(({ rule }) => due(rule)).map(({ rule }) => rule.id);
      await handle({ kind: 'cartAbandoned' }, due);
      await db.meta.put({ key: cartKey, value: { ...cart, decided: [...cart.decided, ...decided] } });
    }
    const next = pending
      .filter(({ rule }) => !due(rule))
      .map(({ rule }) =>
        rule.trigger.kind === 'cartAbandoned' ? cart.startedAt + rule.trigger.afterMinutes * 60_000 : 0,
      );
    if (next.length > 0) scheduleCheck(Math.min(...next));
  }

  async function onEvents(events: readonly KairosEvent[]): Promise<void> {
    profileCache = undefined; // the device's history just changed
    for (const event of events) {
      const zone = event.context.timezone;
      if (zone && zone !== timeZone) {
        timeZone = zone;
        await db.meta.put({ key: timeZoneKey, value: zone });
      }
      const text = (key: string) => {
        const value = event.properties[key];
        return typeof value === 'string' ? value.slice(0, 200) : undefined;
      };
      const at = Date.parse(event.timestamp);
      switch (event.event) {
        case ecommerceEvents.productsSearched: {
          const query = text('query');
          if (query && freshSearch(query)) await handle({ kind: 'search', source: 'searchBox', text: query });
          break;
        }
        case ecommerceEvents.productViewed: {
          const name = text('name') ?? text('product_id');
          const category = text('category');
          if (name) await handle({ kind: 'productView', text: name, ...(category ? { category } : {}) });
          break;
        }
        case categoryViewedEvent: {
          const category = text('category');
          if (category) await handle({ kind: 'categoryView', category });
          break;
        }
        case ecommerceEvents.productAdded:
          if (!(await db.meta.get(cartKey))) {
            await db.meta.put({ key: cartKey, value: { startedAt: Number.isFinite(at) ? at : now(), decided: [] } });
          }
          break;
        case ecommerceEvents.orderCompleted:
          await db.meta.delete(cartKey);
          break;
      }
    }
    await checkCartNow();
  }

  return {
    refreshConfig,
    async refreshIfStale(maxAgeMs) {
      const entry = await readDeviceConfig(db);
      if (entry && now() - entry.fetchedAt < maxAgeMs) return 'fresh';
      return refreshConfig();
    },
    onRequest(url) {
      // Cheap test first: most requests (scripts, images) carry no search parameter of any rule.
      const state = loaded;
      if (
        state &&
        !state.rules.some(({ rule }) => rule.trigger.kind === 'search' && searchQueryFromUrl(url, rule.trigger))
      ) {
        return Promise.resolve();
      }
      return serially(async () => {
        const current = await rules();
        const query = current?.rules
          .map(({ rule }) => (rule.trigger.kind === 'search' ? searchQueryFromUrl(url, rule.trigger) : undefined))
          .find((found) => found !== undefined);
        if (query && freshSearch(query)) await handle({ kind: 'search', source: 'url', url });
      });
    },
    onEvents: (events) => serially(() => onEvents(events)),
    checkCart: () => serially(checkCartNow),
    forget() {
      loaded = undefined;
      timeZone = undefined;
      lastSearch = undefined;
      profileCache = undefined;
    },
  };
}
