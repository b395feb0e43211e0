// What an event the tracker posted means for moments, beside the matcher that
// reads it. Pure: the moment service (moment-service.ts) acts on the inputs,
// the table test (tests/unit/moment-inputs.test.ts) pins the mapping.
import type { KairosEvent } from '../contracts/event';
import { ecommerceEvents, maxSearchQueryLength } from '../contracts/event-names';
import { cutText } from '../contracts/text';
import type { Moment } from './decision';

export type MomentInput =
  /** A search typed or tracked on a page; `pageUrl` is where it was tracked (the same search as that page's navigation, if the worker saw it). */
  | { kind: 'search'; text: string; pageUrl: string | undefined }
  | { kind: 'moment'; moment: Exclude<Moment, { kind: 'search' }> }
  /** The first `Product Added` of a cart starts the wait of cart rules. */
  | { kind: 'cartStarted'; at: number | undefined }
  /** The order came: waiting cart rules stay silent. */
  | { kind: 'orderCompleted' };

/** A text property, cut as a search query is. */
function text(event: KairosEvent, key: string): string | undefined {
  const value = event.properties[key];
  return typeof value === 'string' ? cutText(value, maxSearchQueryLength) : undefined;
}

export function momentInput(event: KairosEvent): MomentInput | undefined {
  switch (event.event) {
    case ecommerceEvents.productsSearched: {
      const query = text(event, 'query');
      return query ? { kind: 'search', text: query, pageUrl: event.context.page?.url } : undefined;
    }
    case ecommerceEvents.productViewed: {
      const name = text(event, 'name') ?? text(event, 'product_id');
      const category = text(event, 'category');
      return name
        ? { kind: 'moment', moment: { kind: 'productView', text: name, ...(category ? { category } : {}) } }
        : undefined;
    }
    case ecommerceEvents.productListViewed: {
      const category = text(event, 'category');
      return category ? { kind: 'moment', moment: { kind: 'categoryView', category } } : undefined;
    }
    case ecommerceEvents.productAdded: {
      const at = Date.parse(event.timestamp);
      return { kind: 'cartStarted', at: Number.isFinite(at) ? at : undefined };
    }
    case ecommerceEvents.orderCompleted:
      return { kind: 'orderCompleted' };
    default:
      return undefined;
  }
}
