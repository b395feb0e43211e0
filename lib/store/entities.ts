// What the device keeps in IndexedDB (one record shape per table).
import type { DeviceConfig } from '../contracts/device-config';
import type { KairosEvent } from '../contracts/event';
import type { MomentDecision } from '../moments/decision';

/** An event as stored on the device: the event itself plus when it was stored. */
export interface StoredEvent extends KairosEvent {
  storedAt: number;
}

/** An event waiting to reach the collector. Kept apart from the event history: retention never drops unsent work first. */
export interface OutboxEntry {
  messageId: string;
  event: KairosEvent;
  queuedAt: number;
  attempts: number;
  /** Epoch ms before which the entry is not sent again (backoff). */
  nextAttemptAt: number;
}

/** Who this device's visitor is, kept up to date as each event is written (lib/store/profile.ts). */
export interface DeviceProfile {
  id: 'me';
  anonymousId: string;
  userId: string | null;
  firstSeen: string;
  lastSeen: string;
}

export interface MetaEntry {
  key: string;
  value: unknown;
}

/** The published device config (GET /api/device/config) as last fetched; one row, key `current`. */
export interface DeviceConfigEntry {
  key: 'current';
  config: DeviceConfig;
  /** The ETag it came with: the next refresh sends it and a 304 keeps this copy. */
  etag: string | null;
  fetchedAt: number;
}

/** One line of the moment decision log (never the query text), as stored: with its key. */
export interface MomentDecisionEntry extends MomentDecision {
  id?: number;
}

/**
 * A campaign delivery this device has shown (payload `deliveryId`). A crash of
 * the sender can deliver the same push twice; the second finds its id here and
 * shows nothing. Kept for `shownDeliveryHorizonMs` (lib/notifications/shown-deliveries.ts).
 */
export interface ShownDelivery {
  deliveryId: number;
  shownAt: number;
}
