import Dexie, { type EntityTable } from 'dexie';
import type {
  DeviceConfigEntry,
  DeviceProfile,
  MetaEntry,
  MomentDecisionEntry,
  OutboxEntry,
  ShownDelivery,
  StoredEvent,
} from './entities';

export const deviceDatabaseName = 'kairos';

/**
 * The device store. Opened by the service worker, which is its only writer in
 * normal use (one writer across tabs: no races on the profile, no double sends).
 */
export class DeviceDatabase extends Dexie {
  events!: EntityTable<StoredEvent, 'messageId'>;
  outbox!: EntityTable<OutboxEntry, 'messageId'>;
  profile!: EntityTable<DeviceProfile, 'id'>;
  meta!: EntityTable<MetaEntry, 'key'>;
  config!: EntityTable<DeviceConfigEntry, 'key'>;
  decisions!: EntityTable<MomentDecisionEntry, 'id'>;
  shownDeliveries!: EntityTable<ShownDelivery, 'deliveryId'>;

  constructor(name = deviceDatabaseName) {
    // Relaxed durability: analytics events do not need an fsync per write.
    super(name, { chromeTransactionDurability: 'relaxed' });
    this.version(1).stores({
      events: '&messageId, timestamp, storedAt',
      outbox: '&messageId, queuedAt, nextAttemptAt',
      profile: '&id',
      meta: '&key',
    });
    // Micro-moments: the published config and the decision log.
    this.version(2).stores({ config: '&key', decisions: '++id, at, ruleId' });
    // Campaign deliveries already shown, so a push delivered twice shows once.
    this.version(3).stores({ shownDeliveries: '&deliveryId, shownAt' });
  }
}
