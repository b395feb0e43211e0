// The events the service worker records itself: a notification shown, clicked
// or dismissed, a moment fired. One builder and one recorder, so every such
// event carries the same visitor and context and is stored and sent like the
// page's events (the device service's `record`).
import type { KairosEvent } from '../contracts/event';
import { cutText } from '../contracts/text';

export interface Visitor {
  anonymousId: string;
  userId: string | null;
}

/** What recording needs of the device service (lib/store/device-service.ts). */
export interface WorkerEventSink {
  record(events: KairosEvent[]): Promise<void>;
  /** Who this device's visitor is; undefined until a page of the site has tracked something. */
  profile(): Promise<Visitor | undefined>;
}

/** The worker has no page: the context is what the worker's own navigator knows. */
function workerContext(): KairosEvent['context'] {
  const nav = (globalThis as { navigator?: { language?: string; userAgent?: string } }).navigator;
  return {
    ...(nav?.language ? { locale: cutText(nav.language, 35) } : {}),
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    ...(nav?.userAgent ? { userAgent: cutText(nav.userAgent, 1_000) } : {}),
  };
}

function workerEvent(
  name: string,
  visitor: Visitor,
  properties: Record<string, unknown>,
  at = new Date(),
): KairosEvent {
  return {
    messageId: crypto.randomUUID(),
    type: 'track',
    event: name,
    properties,
    traits: {},
    anonymousId: visitor.anonymousId,
    userId: visitor.userId,
    sessionId: null,
    timestamp: at.toISOString(),
    context: workerContext(),
  };
}

/**
 * Records one event of the worker's own. Without a visitor (no page of this
 * site has tracked anything) there is nobody to attribute it to: nothing is
 * recorded and the answer is false.
 */
export async function recordWorkerEvent(
  device: WorkerEventSink,
  name: string,
  properties: Record<string, unknown>,
  at?: Date,
): Promise<boolean> {
  const visitor = await device.profile();
  if (!visitor) return false;
  await device.record([workerEvent(name, visitor, properties, at)]);
  return true;
}
