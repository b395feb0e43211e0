// The events a service worker records about notifications. They carry the
// campaign id under the segment tree's campaign property, so "clicked campaign
// 12" segments read them like any other event.
import type { KairosEvent } from '../contracts/event';
import type { notificationEventNames } from '../contracts/push';
import { campaignIdProperty } from '../contracts/segment';

export type NotificationEventName = (typeof notificationEventNames)[keyof typeof notificationEventNames];

export interface Visitor {
  anonymousId: string;
  userId: string | null;
}

/** The worker has no page: the context is what the worker's own navigator knows. */
function workerContext(): KairosEvent['context'] {
  const nav = (globalThis as { navigator?: { language?: string; userAgent?: string } }).navigator;
  return {
    ...(nav?.language ? { locale: nav.language.slice(0, 35) } : {}),
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    ...(nav?.userAgent ? { userAgent: nav.userAgent.slice(0, 1_000) } : {}),
  };
}

export function notificationEvent(
  name: NotificationEventName,
  visitor: Visitor,
  campaignId: number | undefined,
  extra: Record<string, unknown> = {},
  now = new Date(),
): KairosEvent {
  return {
    messageId: crypto.randomUUID(),
    type: 'track',
    event: name,
    properties: { ...(campaignId === undefined ? {} : { [campaignIdProperty]: campaignId }), ...extra },
    traits: {},
    anonymousId: visitor.anonymousId,
    userId: visitor.userId,
    sessionId: null,
    timestamp: now.toISOString(),
    context: workerContext(),
  };
}
