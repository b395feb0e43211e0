// One sender process of the push benchmark's scale-out rows: what a server
// process runs for push (the push runtime's sender, encryption threads and
// outbox) on the shared PostgreSQL outbox, started by push.bench.ts. Waits for
// 'go', drains the outbox (FOR UPDATE SKIP LOCKED shares it with the other
// processes), answers { handled, cpuMicros } and exits.
import { openDatabase } from '@/lib/db';
import { DeliveryOutbox } from '@/lib/push/delivery-outbox';
import { EncryptionPool, encryptionThreads } from '@/lib/push/encryption-pool';
import { PushSender } from '@/lib/push/sender';
import type { VapidKeys } from '@/lib/push/vapid';
import { VapidSigner } from '@/lib/push/vapid-signer';

const url = process.env.KAIROS_BENCH_DATABASE_URL;
if (!url) throw new Error('KAIROS_BENCH_DATABASE_URL is not set.');
const keys = JSON.parse(process.env.KAIROS_BENCH_VAPID_KEYS ?? '{}') as VapidKeys;

const handle = await openDatabase({ url });
const threads = encryptionThreads();
const pool = threads > 0 ? new EncryptionPool(threads) : undefined;
const sender = new PushSender({
  signer: new VapidSigner(keys, 'mailto:bench@example.com'),
  allowLocal: true,
  encrypt: pool?.encrypt,
});
const outbox = new DeliveryOutbox(handle.db, sender);

process.once('message', () => {
  void (async () => {
    const cpuBefore = process.cpuUsage();
    const handled = await outbox.drain();
    const cpu = process.cpuUsage(cpuBefore);
    sender.close();
    await pool?.close();
    await handle.close();
    process.send?.({ handled, cpuMicros: cpu.user + cpu.system }, () => process.exit(0));
  })();
});
process.send?.('ready');
