// What the analytics read from one Kairos event, decided once for both the SQL
// loader and the JS profile builder: the visitor key, the name, purchase
// amount and order id, technographics, the place (context.geo, set by the
// server at ingest), and the scalar properties and traits.
// Type-only from the event contract: its zod schemas must not reach the service worker bundle.
import type { EventContext, KairosEvent } from '../contracts/event';
import { contextGeo } from '../contracts/geo';
import { ecommerceEvents, revenueProperty, type StoredEventType } from '../contracts/event-names';
import type { Scalar } from '../contracts/segment';
import { asScalar, scalarEntries } from './scalar';
import { browserFamily } from './technographics';

/** The order id property of `Order Completed` (Segment's e-commerce spec). */
export const orderIdProperty = 'order_id';

export interface EventFacts {
  /**
   * The device's anonymous id. The analytics engines re-key a signed-in device's events to
   * its person when they load them (resolvePeopleSql in lib/segments/people-resolution.ts); a
   * device scoring itself sees only its own events (docs/people.md#what-devices-see).
   */
  customer: string;
  time: number;
  /** `event` for track calls; `page` / `identify` for the others. */
  name: string;
  /** Revenue of a purchase (0 when missing); null for other events. */
  amount: number | null;
  orderId: string | null;
  device: string | null;
  browser: string | null;
  locale: string | null;
  timezone: string | null;
  /** The server's `context.geo` (docs/geography.md); region and city are null without a country. */
  country: string | null;
  region: string | null;
  city: string | null;
  properties: [string, Scalar][];
  traits: [string, Scalar][];
}

const text = (value: unknown) => {
  const scalar = asScalar(value);
  return typeof scalar === 'string' ? scalar : null;
};

/** An event as the analytics read it: the tracker's, or a stored one of any type (a Segment `screen`, `alias`, …). */
export type FactsEvent = Omit<KairosEvent, 'type' | 'context'> & {
  type: StoredEventType;
  context: EventContext & { geo?: unknown };
};

/** A purchase's revenue (0 when missing or not a number) and order id, as every analysis reads them. */
export function purchaseOf(properties: Record<string, unknown>): { amount: number; orderId: string | null } {
  const revenue = asScalar(properties[revenueProperty]);
  return { amount: typeof revenue === 'number' ? revenue : 0, orderId: text(properties[orderIdProperty]) };
}

export function eventFacts(event: FactsEvent): EventFacts {
  const name = event.event ?? event.type;
  const purchase = name === ecommerceEvents.orderCompleted;
  const bought = purchase ? purchaseOf(event.properties) : null;
  const context = event.context;
  const geo = contextGeo(context);
  return {
    customer: event.anonymousId,
    time: Date.parse(event.timestamp),
    name,
    amount: bought ? bought.amount : null,
    orderId: bought ? bought.orderId : null,
    device: text(context.device?.type),
    browser: browserFamily(context.userAgent),
    locale: text(context.locale),
    timezone: text(context.timezone),
    country: geo?.country ?? null,
    region: geo?.region ?? null,
    city: geo?.city ?? null,
    properties: scalarEntries(event.properties),
    traits: scalarEntries(event.traits),
  };
}
