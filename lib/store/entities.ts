// What the device keeps in IndexedDB (one record shape per table).
import type { KairosEvent } from '../contracts/event';

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

export interface RecentSearch {
  query: string;
  at: string;
}

/** The visitor's profile, kept up to date as each event is written. */
export interface DeviceProfile {
  id: 'me';
  anonymousId: string;
  userId: string | null;
  traits: Record<string, unknown>;
  firstSeen: string;
  lastSeen: string;
  /** Events seen per name (`page` and `identify` calls by their type). */
  eventCounts: Record<string, number>;
  purchases: number;
  revenue: number;
  lastPurchaseAt: string | null;
  /** Newest first, at most `recentSearchLimit`. */
  recentSearches: RecentSearch[];
}

export interface MetaEntry {
  key: string;
  value: unknown;
}
