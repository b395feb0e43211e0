// The event vocabulary as plain constants, apart from the zod schema, so the
// page-side tracker can use them without bundling a validator.
export const eventTypes = ['track', 'page', 'identify'] as const;
export type EventType = (typeof eventTypes)[number];

/** Names of the e-commerce events Kairos reads (Segment's e-commerce spec). */
export const ecommerceEvents = {
  productViewed: 'Product Viewed',
  productsSearched: 'Products Searched',
  productAdded: 'Product Added',
  orderCompleted: 'Order Completed',
} as const;

/** Purchases are `Order Completed`; revenue is read from this property. */
export const revenueProperty = 'revenue';

export const deviceTypes = ['mobile', 'tablet', 'desktop'] as const;
export type DeviceType = (typeof deviceTypes)[number];
