// The public routes a device talks to sit beside the collector
// (…/api/collect → …/api/visitor/forget), so a site that serves Kairos under
// another prefix configures one URL. Plain constants: safe for the tracker.
export type CollectorSibling =
  'visitor/forget' | 'device/config' | 'push/subscribe' | 'push/unsubscribe' | 'push/vapid-public-key';

export const besideCollector = (collector: string, route: CollectorSibling): string => new URL(route, collector).href;
