// The service worker's moment detector: turns what the visitor does (a search,
// a product or category view, a cart left) into a decision with the pure
// modules beside it, shows the notification and writes the decision log.
// Everything it reads is already on the device: no network request lies
// between a moment and its notification.
//
// Speed: the state (moment-state.ts) is in memory once read, so a moment is
// decided synchronously, inside the event that saw it (a navigation's fetch
// event), and the notification is asked for before anything is written: the
// decision log and the `Moment Fired` report follow, inside the event's waitUntil.
import type { KairosEvent } from '../contracts/event';
import { momentEventNames, momentRuleIdProperty, momentRuleVersionProperty } from '../contracts/event-names';
import type { MomentRule } from '../contracts/moment-rule';
import { notificationFor, type ShownOptions } from '../notifications/display';
import type { DeviceDatabase } from '../store/database';
import { recordWorkerEvent, type WorkerEventSink } from '../store/worker-events';
import { checkCart, silencedByOrder } from './carts';
import { decide, type Moment } from './decision';
import { refreshDeviceConfig, type ConfigRefresh } from './device-config';
import { momentInput } from './inputs';
import { cartKey, MomentState, timeZoneKey, type Rules } from './moment-state';
import { momentHeldOut } from '../results/moment-holdout';
import { createSearchLedger } from './search-ledger';
import { searchQueryFromUrl } from './search-url';
import { VisitorProfileCache } from './visitor-profile';

export interface NotificationRequest {
  title: string;
  options: ShownOptions;
}

export interface MomentServiceOptions {
  db: DeviceDatabase;
  /** Where the published config lives (GET /api/device/config). */
  configUrl: () => Promise<string>;
  fetch?: typeof fetch;
  /** Called synchronously once a moment fires (registration.showNotification). */
  show: (notification: NotificationRequest) => Promise<void>;
  /** Records the worker's own events like the tracker's (device store and outbox): `Moment Fired`. */
  device: WorkerEventSink;
  /** Asks for `checkCart()` at this time while the worker lives (a timer). */
  scheduleCheck: (at: number) => void;
  now?: () => number;
}

/** What withdrawn consent (`everything`) or kairos.reset() (`history`: events and profile) clears on the device. */
export type ForgetScope = 'everything' | 'history';

export interface MomentService {
  /** Loads the state into memory (worker start); `fresh` reads it again (activation: the old worker went on deciding). */
  warmUp(options?: { fresh?: boolean }): Promise<void>;
  refreshConfig(): Promise<ConfigRefresh>;
  /** Refreshes only when the stored copy is older than `maxAgeMs` (background refresh on any wake-up). */
  refreshIfStale(maxAgeMs: number): Promise<ConfigRefresh | 'fresh'>;
  /** A navigation or fetch the worker saw; with the state in memory the notification is asked for before this returns. */
  onRequest(url: URL): Promise<void>;
  /** Events the tracker posted (searches, views, cart). */
  onEvents(events: readonly KairosEvent[]): Promise<void>;
  /** Fires due cart rules (on a timer while the worker lives, and on its next wake-up). */
  checkCart(): Promise<void>;
  /** Consent withdrawn or reset: the memory forgets what the device store forgets. */
  forget(scope: ForgetScope): void;
  /** This device showed one of the server's notifications: it counts against the cross-channel caps. */
  noteShown(at: number): void;
}

const done: Promise<void> = Promise.resolve();
const settle = (work: readonly Promise<void>[]): Promise<void> =>
  work.length === 0 ? done : Promise.all(work).then(() => undefined);

/** Rules that may answer this moment need the visitor's segment. */
const needsProfile = (state: Rules, moment: Moment) =>
  state.rules.some(({ rule }) => rule.trigger.kind === moment.kind && rule.segmentId !== null);

export function createMomentService(options: MomentServiceOptions): MomentService {
  const { db, show, device, scheduleCheck } = options;
  const now = options.now ?? Date.now;
  const state = new MomentState(db, now);
  const visitor = new VisitorProfileCache(db);
  const searches = createSearchLedger();
  /** Counts forget() calls: work started before one writes, reports and keeps nothing after it. */
  let epoch = 0;
  /** The visitor's id for the holdout hashes: undefined until read, null when no page has tracked yet. */
  let visitorId: string | null | undefined;
  const readVisitor = async () => {
    visitorId ??= (await device.profile())?.anonymousId ?? null;
  };

  async function refreshConfig(): Promise<ConfigRefresh> {
    const result = await refreshDeviceConfig(db, await options.configUrl(), options.fetch);
    // A new rule set replaces the one in memory at once: a search only the new rules watch must not be missed.
    if (result !== 'failed') await state.reloadRules();
    return result;
  }

  /**
   * Decides now, with what is in memory, and asks for the notification before returning; undefined
   * when something must be read first. The returned promise writes the log and the report.
   */
  function decideNow(moment: Moment, only?: (rule: MomentRule) => boolean): Promise<void> | undefined {
    const { rules, history } = state;
    if (rules === undefined || !history) return undefined;
    if (rules === null) return done;
    if (needsProfile(rules, moment) && !visitor.ready) return undefined;
    if (visitorId === undefined) return undefined;
    const at = now();
    const profile = visitor.profile;
    const result = decide({
      rules: only ? rules.rules.filter(({ rule }) => only(rule)) : rules.rules,
      moment,
      now: at,
      timeZone: history.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
      log: history.fires,
      inSegment: (id) => Boolean(profile && rules.segments.get(id)?.(profile, { ...rules.context, asOf: at })),
      caps: rules.caps,
      shown: history.shown,
    });
    if (result.decisions.length === 0) return done;
    const started = epoch;
    const fire = result.decisions.find((decision) => decision.outcome === 'fired');
    // Counted at once: a moment right behind this one already sees the fire (caps of one hold).
    if (fire) history.fires.push(fire);
    const fired = result.fired;
    const heldOut = fired ? momentHeldOut(fired.rule, rules.holdout, visitorId, at) : null;
    if (fire && heldOut) fire.heldOut = heldOut;
    const shown = fired && !heldOut ? show(momentNotification(fired.rule, fired.message)) : done;
    return shown.then(
      async () => {
        // Consent withdrawn (or reset) while it showed: nothing of this moment is kept or reported.
        if (epoch !== started) return;
        await state.persist(() => db.decisions.addAll(result.decisions));
        if (fired) await reportDecision(fired.rule, moment.kind, at, heldOut);
      },
      (error: unknown) => {
        // Not shown (permission withdrawn, say): it does not count against the caps.
        if (fire && state.history) state.history.fires = state.history.fires.filter((entry) => entry !== fire);
        console.error('kairos: moment notification failed', error);
      },
    );
  }

  /** At once when the state is in memory; otherwise after reading it. */
  function handle(moment: Moment, only?: (rule: MomentRule) => boolean): Promise<void> {
    return (
      decideNow(moment, only) ??
      (async () => {
        await Promise.all([state.load(), readVisitor()]);
        // New events during the read make it stale: read again (a few times at most).
        for (let reads = 0; state.rules && needsProfile(state.rules, moment) && !visitor.ready && reads < 3; reads++) {
          await visitor.build();
        }
        await (decideNow(moment, only) ?? done);
      })()
    );
  }

  /** The server learns which rule fired (or was held out, and by which holdout), never what was searched. */
  const reportDecision = (rule: MomentRule, trigger: Moment['kind'], at: number, heldOut: 'rule' | 'global' | null) =>
    recordWorkerEvent(
      device,
      heldOut ? momentEventNames.heldOut : momentEventNames.fired,
      {
        [momentRuleIdProperty]: rule.id,
        [momentRuleVersionProperty]: rule.version,
        trigger,
        ...(heldOut && { holdout: heldOut }),
      },
      new Date(at),
    ).then(
      () => undefined,
      (error: unknown) => console.error('kairos: moment report failed', error),
    );

  /** Synchronous with the state in memory (every request may carry a cart that came due while the worker slept). */
  function cartNow(): Promise<void> {
    const { rules, history } = state;
    const cart = history?.cart;
    if (!rules || !history || !cart) return done;
    const check = checkCart(rules.rules, cart, now());
    if (check.nextCheckAt !== undefined) scheduleCheck(check.nextCheckAt);
    if (check.due.length === 0) return done;
    history.cart = check.cart;
    return settle([
      handle({ kind: 'cartAbandoned' }, (rule) => check.due.includes(rule.id)),
      state.persist(() => db.meta.put({ key: cartKey, value: check.cart })),
    ]);
  }

  function cartCompleted(): Promise<void> {
    const { history, rules } = state;
    const cart = history?.cart;
    if (!history || !cart) return done;
    history.cart = undefined;
    const silenced = rules ? silencedByOrder(rules.rules, cart, now()) : [];
    return state.persist(async () => {
      await db.meta.delete(cartKey);
      if (silenced.length > 0) await db.decisions.addAll(silenced);
    });
  }

  function eventsNow(events: readonly KairosEvent[]): Promise<void> {
    const { history } = state;
    if (!history) return done;
    visitor.invalidate(); // the device's history just changed
    const work: Promise<void>[] = [];
    for (const event of events) {
      // The page says who the visitor is (a first page view, or an id after kairos.reset()).
      visitorId = event.anonymousId;
      const zone = event.context.timezone;
      if (zone && zone !== history.timeZone) {
        history.timeZone = zone;
        work.push(state.persist(() => db.meta.put({ key: timeZoneKey, value: zone })));
      }
      const input = momentInput(event);
      if (input?.kind === 'search' && !searches.isNavigationSearch(input.pageUrl, input.text)) {
        work.push(handle({ kind: 'search', source: 'searchBox', text: input.text }));
      } else if (input?.kind === 'moment') {
        work.push(handle(input.moment));
      } else if (input?.kind === 'cartStarted' && !history.cart) {
        const cart = { startedAt: input.at ?? now(), decided: [] };
        history.cart = cart;
        work.push(state.persist(() => db.meta.put({ key: cartKey, value: cart })));
      } else if (input?.kind === 'orderCompleted') {
        work.push(cartCompleted());
      }
    }
    work.push(cartNow());
    return settle(work);
  }

  /** A search read from a URL by any rule that watches URLs (undefined for most requests: scripts, images). */
  function urlQuery(url: URL): string | undefined {
    for (const { rule } of state.rules?.rules ?? []) {
      if (rule.trigger.kind !== 'search' || !rule.trigger.sources.includes('url')) continue;
      const query = searchQueryFromUrl(url, rule.trigger);
      if (query !== undefined) return query;
    }
    return undefined;
  }

  function requestNow(url: URL): Promise<void> {
    const cart = cartNow();
    const query = urlQuery(url);
    if (query === undefined) return cart;
    searches.navigated(url, query);
    return settle([cart, handle({ kind: 'search', source: 'url', url })]);
  }

  // A failed read or decision is logged: a rejected waitUntil promise is not, in Chromium.
  const logFailure = (error: unknown) => console.error('kairos: moment failed', error);
  const whenLoaded =
    <A extends unknown[]>(work: (...args: A) => Promise<void>) =>
    (...args: A): Promise<void> =>
      (state.loaded ? work(...args) : state.load().then(() => work(...args))).catch(logFailure);

  return {
    async warmUp({ fresh = false } = {}) {
      if (fresh) await state.unload();
      await Promise.all([state.load(), readVisitor()]);
    },
    refreshConfig,
    async refreshIfStale(maxAgeMs) {
      if (state.rules === undefined) await state.load();
      if (state.rules && now() - state.rules.fetchedAt < maxAgeMs) return 'fresh';
      return refreshConfig();
    },
    onRequest: whenLoaded(requestNow),
    onEvents: whenLoaded(eventsNow),
    checkCart: whenLoaded(cartNow),
    noteShown(at) {
      state.history?.shown.push(at);
    },
    forget(scope) {
      epoch++;
      visitor.invalidate();
      visitorId = undefined;
      searches.clear();
      // The device store drops the decision log and the meta entries (time zone, cart) too.
      if (scope === 'everything') state.history = { fires: [], timeZone: undefined, cart: undefined, shown: [] };
    },
  };
}

/** One notification per rule on screen: a newer moment replaces the older one. */
const momentNotification = (
  rule: MomentRule,
  message: { title: string; body: string; url: string; icon?: string | undefined },
): NotificationRequest =>
  notificationFor({
    title: message.title,
    body: message.body,
    url: message.url,
    ...(message.icon ? { icon: message.icon } : {}),
    tag: `kairos-moment-${rule.id}`,
    ruleId: rule.id,
    ruleVersion: rule.version,
  });
