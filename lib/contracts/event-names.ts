// The event vocabulary as plain constants, apart from the zod schemas, so the
// page-side tracker and the service worker can use them without bundling a
// validator. Every event name and property key Kairos reads or writes is
// defined here once; the server's queries read the same constants.
export const eventTypes = ['track', 'page', 'identify'] as const;
export type EventType = (typeof eventTypes)[number];
/** What the server stores: the tracker's types and the rest of Segment's (from /v1/batch and its siblings). */
// Written out, not spread from eventTypes: a spread is not side-effect free to the bundler, which
// would then keep both arrays in the tracker even though it uses neither (its 3 KB budget).
export const storedEventTypes = ['track', 'page', 'identify', 'screen', 'group', 'alias'] as const;
export type StoredEventType = (typeof storedEventTypes)[number];

/** Names of the e-commerce events Kairos reads (Segment's e-commerce spec). */
export const ecommerceEvents = {
  productViewed: 'Product Viewed',
  /** A category listing, with `category`. */
  productListViewed: 'Product List Viewed',
  productsSearched: 'Products Searched',
  productAdded: 'Product Added',
  orderCompleted: 'Order Completed',
} as const;

/** A click on a campaign's notification or a moment's (its `ruleId` tells which). */
const notificationClicked = 'Notification Clicked';

/** Events the service worker records for notifications (also read by segments). */
export const notificationEventNames = {
  shown: 'Notification Shown',
  clicked: notificationClicked,
  dismissed: 'Notification Dismissed',
} as const;
export type NotificationEventName = (typeof notificationEventNames)[keyof typeof notificationEventNames];

/** Events the device records for moments; the report carries the rule, never the query text. */
export const momentEventNames = {
  fired: 'Moment Fired',
  /** A matched moment the rule's holdout kept from this visitor: nothing shown, same fields as `Moment Fired`. */
  heldOut: 'Moment Held Out',
  clicked: notificationClicked,
} as const;

/** Purchases are `Order Completed`; revenue is read from this property. */
export const revenueProperty = 'revenue';
/** Property of the notification events naming the campaign. */
export const campaignIdProperty = 'campaignId';
/** Property of the notification events naming the campaign's variant (0 = A, 1 = B, ...). */
export const campaignVariantProperty = 'variant';
/** Properties of `Moment Fired` and of a moment notification's events naming the rule. */
export const momentRuleIdProperty = 'ruleId';
export const momentRuleVersionProperty = 'ruleVersion';

/** URL parameters that carry a search query when a site or a rule names none. */
export const defaultSearchParameters = ['q', 's', 'query', 'search', 'keyword'] as const;
/** A search query is cut to this many characters (on a code-point boundary) wherever it is read. */
export const maxSearchQueryLength = 200;

export const deviceTypes = ['mobile', 'tablet', 'desktop'] as const;
export type DeviceType = (typeof deviceTypes)[number];
