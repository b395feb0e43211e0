import 'server-only';
import { serverDatabase } from '../db';
import type { Database } from '../db/client';
import { releaseAbandonedClaims } from '../db/deliveries';
import { DeliveryOutbox, type OutboxOptions } from './delivery-outbox';
import { EncryptionPool, encryptionThreads } from './encryption-pool';
import { PushSender } from './sender';
import { type VapidKeys, vapidKeys } from './vapid';
import { VapidSigner, vapidSubject } from './vapid-signer';

export interface PushRuntime {
  keys: VapidKeys;
  sender: PushSender;
  outbox: DeliveryOutbox;
}

/** Outbox settings from the environment (the defaults suit one small server). */
export function outboxOptionsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): OutboxOptions {
  const positive = (name: string) => {
    const value = Number(env[name]);
    return Number.isFinite(value) && value > 0 ? value : undefined;
  };
  const leaseSeconds = positive('KAIROS_PUSH_LEASE_SECONDS');
  const concurrency = positive('KAIROS_PUSH_CONCURRENCY');
  return {
    ...(leaseSeconds ? { leaseMs: leaseSeconds * 1000 } : {}),
    ...(concurrency ? { concurrency: Math.floor(concurrency) } : {}),
  };
}

/**
 * Starts the delivery worker of one process: VAPID keys (created on first
 * start), the sender, and the outbox loop. With embedded PGlite this process
 * owns the data, so rows a killed predecessor left 'sending' are resumed at
 * once; with PostgreSQL they wait out their lease (another worker may hold them).
 */
export async function startPushRuntime(
  db: Database,
  options: { ownsDatabase: boolean; outbox?: OutboxOptions },
): Promise<PushRuntime> {
  const keys = await vapidKeys(db);
  const threads = encryptionThreads();
  const pool = threads > 0 ? new EncryptionPool(threads) : undefined;
  const sender = new PushSender({ signer: new VapidSigner(keys, vapidSubject()), encrypt: pool?.encrypt });
  const outbox = new DeliveryOutbox(db, sender, { ...outboxOptionsFromEnv(), ...options.outbox });
  if (options.ownsDatabase) await releaseAbandonedClaims(db);
  outbox.start();
  return { keys, sender, outbox };
}

// One runtime per server process, shared by the bundles of `next start` (like the database handle).
const holder = globalThis as typeof globalThis & { kairosPush?: Promise<PushRuntime> };

/** The server's push runtime, started on first use (instrumentation.ts starts it at boot). */
export function pushRuntime(): Promise<PushRuntime> {
  holder.kairosPush ??= (async () => {
    const handle = await serverDatabase();
    return startPushRuntime(handle.db, { ownsDatabase: handle.kind === 'pglite' });
  })();
  holder.kairosPush.catch(() => {
    holder.kairosPush = undefined;
  });
  return holder.kairosPush;
}
