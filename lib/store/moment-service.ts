// The service worker's moment detector (issue 8): turns what the visitor does
// (a search URL, a tracked search, a product or category view, a cart left)
// into a decision with lib/moments, shows the notification and writes the
// decision log. Everything it reads is already on the device: no network
// request lies between a moment and its notification.
//
// Speed: the compiled rules, the recent fires (caps, cooldowns), the visitor's
// time zone and the cart live in memory, read from IndexedDB once per worker
// life (warmUp() at start and activation, or lazily on the first moment) and
// kept in step with every write. With them in memory a moment is decided
// synchronously, inside the event that saw it (a navigation's fetch event),
// and the notification is asked for before anything is written: the decision
// log and the `Moment Fired` report follow, inside the event's waitUntil.
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
import {
  compileRules,
  decide,
  foldText,
  searchQueryFromUrl,
  type CompiledRule,
  type Moment,
  type MomentDecision,
} from '../moments';
import { compilePredicate, type SegmentPredicate } from '../segments/predicate';
import { buildProfiles } from '../segments/profile';
import type { DeviceDatabase } from './database';
import { readDeviceConfig, refreshDeviceConfig, validRules, type ConfigRefresh } from './device-config-sync';
import type { DeviceProfile } from './entities';

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
  /** Called synchronously once a moment fires (registration.showNotification). */
  show: (notification: NotificationRequest) => Promise<void>;
  /** Records events like the tracker's (device store and outbox): `Moment Fired`. */
  report: (events: KairosEvent[]) => Promise<void>;
  /** Asks for `checkCart()` at this time while the worker lives (a timer). */
  scheduleCheck: (at: number) => void;
  now?: () => number;
}

/** What withdrawn consent (`everything`) or kairos.reset() (`history`: events and profile) clears on the device. */
export type ForgetScope = 'everything' | 'history';

export interface MomentService {
  /**
   * Loads rules, recent fires, time zone and cart into memory (worker start): the first moment is
   * fast. `fresh` reads them again (activation: the previous worker went on deciding after this one
   * started installing).
   */
  warmUp(options?: { fresh?: boolean }): Promise<void>;
  /** Reads the stored config into memory again (after a refresh stored a new one). */
  reload(): Promise<void>;
  refreshConfig(): Promise<ConfigRefresh>;
  /** Refreshes only when the stored copy is older than `maxAgeMs` (background refresh on any wake-up). */
  refreshIfStale(maxAgeMs: number): Promise<ConfigRefresh | 'fresh'>;
  /**
   * A navigation or fetch the worker saw. With the state in memory the moment is decided and the
   * notification asked for before this returns; the promise covers the log and the report.
   */
  onRequest(url: URL): Promise<void>;
  /** Events the tracker posted (searches, views, cart). */
  onEvents(events: readonly KairosEvent[]): Promise<void>;
  /** Fires due cart rules (on a timer while the worker lives, and on its next wake-up). */
  checkCart(): Promise<void>;
  /** Consent withdrawn or reset: the memory forgets what the device store forgets. */
  forget(scope: ForgetScope): void;
}

interface CartState {
  startedAt: number;
  /** Cart rules already decided for this cart: each answers a cart once. */
  decided: number[];
}

interface Rules {
  version: string;
  fetchedAt: number;
  rules: CompiledRule[];
  segments: Map<number, SegmentPredicate>;
  context: Omit<PredicateContext, 'asOf'>;
}

/** The visitor's side, mirrored from IndexedDB: every change is made here first, then written. */
interface History {
  /** Fires within the log horizon: all that caps, cooldowns and the daily cap read. */
  fires: MomentDecision[];
  timeZone: string | undefined;
  cart: CartState | undefined;
}

const done: Promise<void> = Promise.resolve();
const settle = (work: readonly (Promise<void> | undefined)[]): Promise<void> => {
  const pending = work.filter((item): item is Promise<void> => item !== undefined);
  return pending.length === 0 ? done : Promise.all(pending).then(() => undefined);
};

export function createMomentService(options: MomentServiceOptions): MomentService {
  const { db, show, report, scheduleCheck } = options;
  const now = options.now ?? Date.now;
  /** undefined: not read yet; null: no config stored. */
  let rules: Rules | null | undefined;
  let history: History | undefined;
  let loading: Promise<void> | undefined;
  /** Searches of the last `sameSearchWindowMs` (folded text → when): each is one moment, whatever its sources. */
  const recentSearches = new Map<string, number>();
  let people: { profiles: ReturnType<typeof buildProfiles>; me: DeviceProfile | undefined } | undefined;
  /** Counts forget() calls: work started before one writes, reports and keeps nothing after it. */
  let epoch = 0;
  /** Counts changes to the device's history (new events, forget()): a profile read older than one is dropped. */
  let peopleVersion = 0;
  // Writes keep their order (a cart started, then deleted), off the moment's path.
  let writing: Promise<void> = done;
  const persist = (write: () => Promise<unknown>): Promise<void> => {
    writing = writing.then(write).then(
      () => undefined,
      (error: unknown) => console.error('kairos: moment state not saved', error),
    );
    return writing;
  };

  function compile(entry: Awaited<ReturnType<typeof readDeviceConfig>>): Rules | null {
    if (!entry) return null;
    const { config } = entry;
    if (rules?.version === config.version) return { ...rules, fetchedAt: entry.fetchedAt };
    return {
      version: config.version,
      fetchedAt: entry.fetchedAt,
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
  }

  async function readHistory(): Promise<History> {
    const since = now() - logHorizonMs;
    const [log, zone, cart] = await Promise.all([
      db.decisions.where('at').above(since).toArray(),
      db.meta.get(timeZoneKey),
      db.meta.get(cartKey),
    ]);
    return {
      fires: log.filter((entry) => entry.outcome === 'fired'),
      timeZone: zone?.value as string | undefined,
      cart: cart?.value as CartState | undefined,
    };
  }

  /** Once per worker life. */
  function load(): Promise<void> {
    if (rules !== undefined && history) return done;
    loading ??= (async () => {
      const [entry, read] = await Promise.all([rules === undefined ? readDeviceConfig(db) : undefined, readHistory()]);
      if (rules === undefined) rules = compile(entry);
      // forget() during the read already set the (empty) history: what was read is what it forgot.
      history ??= read;
    })().finally(() => {
      loading = undefined;
    });
    return loading;
  }

  async function reload(): Promise<void> {
    rules = compile(await readDeviceConfig(db));
  }

  async function refreshConfig(): Promise<ConfigRefresh> {
    const result = await refreshDeviceConfig(db, await options.configUrl(), options.fetch);
    // A new rule set replaces the one in memory at once: a search only the new rules watch must not be missed.
    if (result !== 'failed') await reload();
    return result;
  }

  /** Rules that may answer this moment need the visitor's segment: the profile is built from the device's events. */
  const needsProfile = (state: Rules, moment: Moment) =>
    state.rules.some(({ rule }) => rule.trigger.kind === moment.kind && rule.segmentId !== null);

  async function buildPeople(): Promise<void> {
    const version = peopleVersion;
    const [events, me] = await Promise.all([db.events.toArray(), db.profile.get('me')]);
    if (version === peopleVersion) people = { profiles: buildProfiles(events), me };
  }

  /**
   * Decides now, with what is in memory, and asks for the notification before returning; undefined
   * when something must be read first. The returned promise writes the log and the report.
   */
  function decideNow(moment: Moment, only?: (rule: MomentRule) => boolean): Promise<void> | undefined {
    if (rules === undefined || !history) return undefined;
    if (rules === null) return done;
    const state = rules;
    if (needsProfile(state, moment) && !people) return undefined;
    const at = now();
    const profile = people?.me ? people.profiles.get(people.me.anonymousId) : undefined;
    const result = decide({
      rules: only ? state.rules.filter(({ rule }) => only(rule)) : state.rules,
      moment,
      now: at,
      timeZone: history.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
      log: history.fires,
      inSegment: (id) => Boolean(profile && state.segments.get(id)?.(profile, { ...state.context, asOf: at })),
    });
    if (result.decisions.length === 0) return done;
    const started = epoch;
    const fire = result.decisions.find((decision) => decision.outcome === 'fired');
    // Counted at once: a moment right behind this one already sees the fire (caps of one hold).
    if (fire) history.fires.push(fire);
    let shown: Promise<void> = done;
    if (result.fired) {
      const { rule, message } = result.fired;
      shown = show({
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
    const fired = result.fired?.rule;
    return shown.then(
      async () => {
        // Consent withdrawn (or reset) while it showed: nothing of this moment is kept or reported.
        if (epoch !== started) return;
        await persist(() => db.decisions.bulkAdd(result.decisions));
        if (fired) {
          await reportFire(fired, moment.kind, at).catch((error: unknown) =>
            console.error('kairos: moment report failed', error),
          );
        }
      },
      (error: unknown) => {
        // Not shown (permission withdrawn, say): it does not count against the caps.
        if (fire && history) history.fires = history.fires.filter((entry) => entry !== fire);
        console.error('kairos: moment notification failed', error);
      },
    );
  }

  /** At once when the state is in memory; otherwise after reading it. */
  function handle(moment: Moment, only?: (rule: MomentRule) => boolean): Promise<void> {
    return (
      decideNow(moment, only) ??
      (async () => {
        await load();
        // New events during the read make it stale: read again (a few times at most).
        for (let reads = 0; rules && needsProfile(rules, moment) && !people && reads < 3; reads++) await buildPeople();
        await (decideNow(moment, only) ?? done);
      })()
    );
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

  /**
   * False when this search was already handled within the window from another source (the URL,
   * then the tracker's event). Every search of the window is remembered, not only the last: two
   * searches interleaved (A, B, then A's event, B's event) are still two moments, not four.
   */
  function freshSearch(text: string): boolean {
    const folded = foldText(text);
    const at = now();
    for (const [seen, when] of recentSearches) if (at - when >= sameSearchWindowMs) recentSearches.delete(seen);
    const repeat = recentSearches.has(folded);
    recentSearches.set(folded, at);
    return !repeat;
  }

  const cartRules = (state: Rules, cart: CartState) =>
    state.rules.filter(({ rule }) => rule.trigger.kind === 'cartAbandoned' && !cart.decided.includes(rule.id));
  const dueAt = (rule: MomentRule, cart: CartState) =>
    rule.trigger.kind === 'cartAbandoned' ? cart.startedAt + rule.trigger.afterMinutes * 60_000 : Infinity;

  /** Synchronous with the state in memory (every request may carry a cart that came due while the worker slept). */
  function cartNow(): Promise<void> {
    const cart = history?.cart;
    if (!rules || !cart) return done;
    const at = now();
    const pending = cartRules(rules, cart);
    const due = pending.filter(({ rule }) => dueAt(rule, cart) <= at).map(({ rule }) => rule.id);
    let work: Promise<void> = done;
    if (due.length > 0) {
      const decidedCart = { ...cart, decided: [...cart.decided, ...due] };
      if (history) history.cart = decidedCart;
      work = settle([
        handle({ kind: 'cartAbandoned' }, (rule) => due.includes(rule.id)),
        persist(() => db.meta.put({ key: cartKey, value: decidedCart })),
      ]);
    }
    const next = pending.filter(({ rule }) => !due.includes(rule.id)).map(({ rule }) => dueAt(rule, cart));
    if (next.length > 0) scheduleCheck(Math.min(...next));
    return work;
  }

  /** The order came before the wait was over: each waiting cart rule logs why it stays silent. */
  function cartCompleted(): Promise<void> {
    const cart = history?.cart;
    if (!history || !cart) return done;
    history.cart = undefined;
    const at = now();
    const silenced: MomentDecision[] = (rules ? cartRules(rules, cart) : []).map(({ rule }) => ({
      at,
      ruleId: rule.id,
      ruleVersion: rule.version,
      trigger: 'cartAbandoned',
      outcome: 'skipped',
      reason: 'orderCompleted',
    }));
    return persist(async () => {
      await db.meta.delete(cartKey);
      if (silenced.length > 0) await db.decisions.bulkAdd(silenced);
    });
  }

  function eventsNow(events: readonly KairosEvent[]): Promise<void> {
    if (!history) return done;
    people = undefined; // the device's history just changed
    peopleVersion++;
    const work: Promise<void>[] = [];
    for (const event of events) {
      const zone = event.context.timezone;
      if (zone && zone !== history.timeZone) {
        history.timeZone = zone;
        work.push(persist(() => db.meta.put({ key: timeZoneKey, value: zone })));
      }
      const text = (key: string) => {
        const value = event.properties[key];
        return typeof value === 'string' ? value.slice(0, 200) : undefined;
      };
      switch (event.event) {
        case ecommerceEvents.productsSearched: {
          const query = text('query');
          if (query && freshSearch(query)) work.push(handle({ kind: 'search', source: 'searchBox', text: query }));
          break;
        }
        case ecommerceEvents.productViewed: {
          const name = text('name') ?? text('product_id');
          const category = text('category');
          if (name) work.push(handle({ kind: 'productView', text: name, ...(category ? { category } : {}) }));
          break;
        }
        case categoryViewedEvent: {
          const category = text('category');
          if (category) work.push(handle({ kind: 'categoryView', category }));
          break;
        }
        case ecommerceEvents.productAdded:
          if (!history.cart) {
            const at = Date.parse(event.timestamp);
            const cart: CartState = { startedAt: Number.isFinite(at) ? at : now(), decided: [] };
            history.cart = cart;
            work.push(persist(() => db.meta.put({ key: cartKey, value: cart })));
          }
          break;
        case ecommerceEvents.orderCompleted:
          work.push(cartCompleted());
          break;
      }
    }
    work.push(cartNow());
    return settle(work);
  }

  /** A search read from a URL by any rule that watches URLs (undefined for most requests: scripts, images). */
  function urlQuery(url: URL): string | undefined {
    for (const { rule } of rules?.rules ?? []) {
      if (rule.trigger.kind !== 'search' || !rule.trigger.sources.includes('url')) continue;
      const query = searchQueryFromUrl(url, rule.trigger);
      if (query !== undefined) return query;
    }
    return undefined;
  }

  function requestNow(url: URL): Promise<void> {
    const cart = cartNow();
    const query = urlQuery(url);
    if (query === undefined || !freshSearch(query)) return cart;
    return settle([cart, handle({ kind: 'search', source: 'url', url })]);
  }

  const loaded = () => rules !== undefined && history !== undefined;
  // A failed read or decision is logged: a rejected waitUntil promise is not, in Chromium.
  const logFailure = (error: unknown) => console.error('kairos: moment failed', error);
  const whenLoaded =
    <A extends unknown[]>(work: (...args: A) => Promise<void>) =>
    (...args: A): Promise<void> =>
      (loaded() ? work(...args) : load().then(() => work(...args))).catch(logFailure);

  return {
    async warmUp({ fresh = false } = {}) {
      if (fresh) {
        await loading?.catch(() => {});
        rules = undefined;
        history = undefined;
      }
      await load();
    },
    reload,
    refreshConfig,
    async refreshIfStale(maxAgeMs) {
      if (rules === undefined) await load();
      if (rules && now() - rules.fetchedAt < maxAgeMs) return 'fresh';
      return refreshConfig();
    },
    onRequest: whenLoaded(requestNow),
    onEvents: whenLoaded(eventsNow),
    checkCart: whenLoaded(cartNow),
    forget(scope) {
      epoch++;
      peopleVersion++;
      people = undefined;
      recentSearches.clear();
      if (scope === 'everything') {
        // The device store drops the decision log and the meta entries (time zone, cart) too.
        history = { fires: [], timeZone: undefined, cart: undefined };
      }
    },
  };
}
