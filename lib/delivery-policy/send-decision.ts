// What the sender does with each claimed delivery under the policy
// (docs/delivery-policy.md): send it; hold it until the visitor's quiet hours
// end; drop it when its TTL runs out before they do; or skip it, capped or
// held back by the engagement guard. Pure: the outbox passes the claimed
// rows, each visitor's recent messages and the clock.
import type { DeliveryPolicy } from '../contracts/delivery-policy';
import { capReached } from './frequency-cap';
import { quietHoursEnd } from './quiet-hours';
import { visitorZone } from './send-time';

export interface JudgedDelivery {
  id: number;
  anonymousId: string | null;
  /** The message it carries: a campaign's, or an automation entry's (each entry is a message of its own). */
  messageKey: string;
  important: boolean;
  ttlSeconds: number;
  /** When it was due (queued for); its TTL counts from here. */
  dueAt: number;
  timeZone: string | null;
  /** Notifications in a row sent to its subscription without a click since. */
  unclicked: number;
}

/** One earlier message a visitor received: a delivery sent, or a moment their device fired. */
export interface PastMessage {
  at: number;
  key: string;
}

export type Verdict =
  | { kind: 'send' }
  | { kind: 'skip'; reason: 'capped' | 'guard' }
  | { kind: 'hold'; until: number }
  | { kind: 'expire'; reason: 'quietHours' };

/**
 * Checks in a fixed order, so the stored reason is predictable: quiet hours
 * (held, not counted), the engagement guard, then the caps. A message counts
 * once per visitor however many of their devices it goes to; the batch's own
 * sends count for the rows after them.
 */
export function judgeDeliveries(
  deliveries: readonly JudgedDelivery[],
  policy: DeliveryPolicy,
  history: ReadonlyMap<string, readonly PastMessage[]>,
  now: number,
): Map<number, Verdict> {
  const verdicts = new Map<number, Verdict>();
  const received = new Map<string, PastMessage[]>();
  for (const delivery of deliveries) {
    const zone = visitorZone(delivery.timeZone, policy.fallbackTimeZone);
    const quietEnd = quietHoursEnd(now, zone, policy.quietHours);
    if (quietEnd !== undefined) {
      const expiresAt = delivery.dueAt + delivery.ttlSeconds * 1000;
      verdicts.set(
        delivery.id,
        quietEnd > expiresAt ? { kind: 'expire', reason: 'quietHours' } : { kind: 'hold', until: quietEnd },
      );
      continue;
    }
    if (!delivery.important && policy.guardUnclicked > 0 && delivery.unclicked >= policy.guardUnclicked) {
      verdicts.set(delivery.id, { kind: 'skip', reason: 'guard' });
      continue;
    }
    if (delivery.anonymousId === null) {
      verdicts.set(delivery.id, { kind: 'send' });
      continue;
    }
    let past = received.get(delivery.anonymousId);
    if (!past) {
      past = [...(history.get(delivery.anonymousId) ?? [])];
      received.set(delivery.anonymousId, past);
    }
    // The same message to another of the visitor's devices: already counted, never capped on its own.
    if (past.some((message) => message.key === delivery.messageKey)) {
      verdicts.set(delivery.id, { kind: 'send' });
      continue;
    }
    if (
      capReached(
        past.map((message) => message.at),
        now,
        policy.caps,
      )
    ) {
      verdicts.set(delivery.id, { kind: 'skip', reason: 'capped' });
      continue;
    }
    past.push({ at: now, key: delivery.messageKey });
    verdicts.set(delivery.id, { kind: 'send' });
  }
  return verdicts;
}

/** The key of a delivery's message in the cap counts. */
export const messageKeyOf = (campaignId: number, entryId: number): string => `campaign:${campaignId}:${entryId}`;
