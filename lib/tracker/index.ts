// The Kairos tracker: the page-side script a site embeds. Goals, in order:
// small (3 KB gzip budget), never breaks the host page (every call is caught),
// never blocks the main thread (storage and sending happen in the service
// worker), private by default (nothing stored or sent without consent when the
// site requires it). Calls made before it loads are replayed from the stub's queue.
import type { EventType, KairosEvent } from '../contracts/event';
import { ecommerceEvents } from '../contracts/event-names';
import { besideCollector } from '../contracts/routes';
import { cutText } from '../contracts/text';
import { readConfig } from './config';
import { pageContext, searchQuery } from './context';
import {
  anonymousId,
  consentChoice,
  existingAnonymousId,
  forgetIdentity,
  saveConsent,
  saveUserId,
  sessionId,
  storedUserId,
  uuid,
} from './identity';
import type { PushMethod, run as runPush } from './push';
import { Transport } from './transport';

type Properties = Record<string, unknown>;
type Call = [method: string, args: unknown[], at?: number];
interface Stub {
  q?: Call[];
}

const script =
  (document.currentScript as HTMLScriptElement | null) ??
  document.querySelector<HTMLScriptElement>('script[src*="kairos.js"]');
const config = readConfig(script);
const transport = new Transport({ collector: config.collector, sync: true }, config.serviceWorker);
/** Calls held in memory (never stored) while consent is pending. */
let heldForConsent: Call[] = [];

const allowed = () => {
  const choice = consentChoice();
  return choice !== 'denied' && (!config.consentRequired || choice === 'granted');
};

function build(type: EventType, event: string | undefined, properties: Properties, traits: Properties, at: number) {
  return {
    messageId: uuid(),
    type,
    ...(event ? { event: cutText(event, 200) } : {}),
    properties,
    traits,
    anonymousId: anonymousId(),
    userId: storedUserId(),
    sessionId: sessionId(at),
    timestamp: new Date(at).toISOString(),
    context: pageContext(),
  } satisfies KairosEvent;
}

/**
 * Properties as plain JSON: a BigInt, a cycle or a function would fail later,
 * in the service worker or the network layer, and take good events with it.
 * Over 8 KB of JSON, the properties are dropped and the event is kept.
 */
function asObject(value: unknown): Properties {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  try {
    const json = JSON.stringify(value);
    if (json.length <= 8_192) return JSON.parse(json);
  } catch {
    // not plain JSON: dropped below
  }
  return { kairos_dropped: true };
}

const methods: Record<string, (args: unknown[], at: number) => void> = {
  page([name, properties], at) {
    const events = [build('page', typeof name === 'string' ? name : undefined, asObject(properties), {}, at)];
    // A search results page is also a search: the moment a visitor says what they want.
    const query = searchQuery(config.searchParams);
    if (query) events.push(build('track', ecommerceEvents.productsSearched, { query }, {}, at));
    transport.send(events);
  },
  track([event, properties], at) {
    if (typeof event !== 'string' || !event) return;
    transport.send([build('track', event, asObject(properties), {}, at)]);
  },
  identify([userId, traits], at) {
    if (typeof userId === 'string' && userId) saveUserId(cutText(userId, 200));
    transport.send([build('identify', undefined, {}, asObject(typeof userId === 'string' ? traits : userId), at)]);
  },
  reset() {
    forgetIdentity();
    // The next visitor on this device must not inherit this one's profile and history.
    void transport.clear('reset');
  },
};

function consent(granted: boolean): void {
  // An id exists only if tracking was allowed before: then the server may hold events to erase.
  const previousId = existingAnonymousId();
  saveConsent(granted);
  if (granted) {
    const held = heldForConsent;
    heldForConsent = [];
    held.forEach(run);
    return;
  }
  heldForConsent = [];
  forgetIdentity();
  // The device store first (its sends in flight finish), then the server: nothing arrives after the erase.
  void transport
    .clear('forget')
    .then(() => {
      if (previousId)
        return fetch(besideCollector(config.collector, 'visitor/forget'), {
          method: 'POST',
          headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
          body: JSON.stringify({ anonymousId: previousId }),
          keepalive: true,
          credentials: 'omit',
        });
    })
    .catch(() => {});
}

function run([method, args, at = Date.now()]: Call): void {
  try {
    if (method === 'consent') return consent(args[0] === true);
    if (method === 'flush') return transport.flush();
    const handler = methods[method];
    if (!handler) return;
    if (allowed()) handler(args, at);
    else if (consentChoice() !== 'denied' && heldForConsent.length < 100) heldForConsent.push([method, args, at]);
  } catch (error) {
    // A tracker must never break the site it is on.
    if (process.env.NODE_ENV !== 'production') console.warn('kairos:', error);
  }
}

/** Web Push is kairos-push.js beside this script, loaded only when a site uses it (size budget). */
const push = (method: PushMethod) => (): Promise<unknown> =>
  import(new URL('kairos-push.js', script?.src || location.href).href).then((module: { run: typeof runPush }) =>
    module.run(method, script, { anonymousId, userId: storedUserId, allowed }),
  );

const api = {
  page: (name?: string, properties?: Properties) => run(['page', [name, properties]]),
  track: (event: string, properties?: Properties) => run(['track', [event, properties]]),
  identify: (userId: string | Properties, traits?: Properties) => run(['identify', [userId, traits]]),
  reset: () => run(['reset', []]),
  consent: (granted: boolean) => run(['consent', [granted]]),
  flush: () => run(['flush', []]),
  subscribe: push('subscribe'),
  unsubscribe: push('unsubscribe'),
};

const global = window as unknown as { kairos?: Stub & Partial<typeof api> };
const queued = global.kairos?.q ?? [];
global.kairos = api;
queued.forEach(run);
if (script?.dataset.push) push('prompt')().catch(() => {});
