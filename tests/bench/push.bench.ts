// Web Push delivery throughput to a loopback sink (an https server answering
// 201, in its own process, like a push service): our durable outbox (PGlite in
// memory: claim, personalise, encrypt, send with bounded concurrency over
// keep-alive connections, record) beside the plain loop a web-push user
// writes: `for (sub of subs) await webpush.sendNotification(sub, payload, options)`.
// Same run, same sink, same payload, fresh subscriptions per round. The sink's
// certificate is trusted through NODE_EXTRA_CA_CERTS (set by `npm run bench`),
// so both senders run unmodified.
import { fork } from 'node:child_process';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import webpush from 'web-push';
import { campaignPayload } from '@/lib/contracts/campaign-message';
import { migrateDatabase, openDatabase } from '@/lib/db';
import { createCampaign } from '@/lib/db/campaigns';
import { queueDeliveries } from '@/lib/db/deliveries';
import { pushSubscriptions } from '@/lib/db/schema';
import { DeliveryOutbox, type OutboxOptions } from '@/lib/push/delivery-outbox';
import { EncryptionPool, encryptionThreads } from '@/lib/push/encryption-pool';
import { PushSender } from '@/lib/push/sender';
import { VapidSigner } from '@/lib/push/vapid-signer';
import { fakeClientKeys } from '../fixtures/push-sink';
import type { BenchRow } from './report';

/** Tuning experiments: KAIROS_BENCH_PUSH_OUTBOX='{"batchSize":512}' (defaults otherwise). */
const benchOutboxOptions = (): OutboxOptions =>
  JSON.parse(process.env.KAIROS_BENCH_PUSH_OUTBOX ?? '{}') as OutboxOptions;

const count = Number(process.env.KAIROS_BENCH_PUSH_SUBSCRIPTIONS ?? 5_000);
const message = { title: 'Hello {{first_name|there}}', body: 'Flights to Lisbon from €19', url: '/deals' };

/** One round: deliveries per second, and CPU per delivery in this process (every thread, so encryption threads count). */
interface Round {
  rate: number;
  cpuMicros: number;
}

function measured(count: number, started: number, cpuBefore: NodeJS.CpuUsage): Round {
  const cpu = process.cpuUsage(cpuBefore);
  return { rate: count / ((performance.now() - started) / 1000), cpuMicros: (cpu.user + cpu.system) / count };
}

async function plainLoop(endpoints: string[], keys: webpush.VapidKeys): Promise<Round> {
  const payload = JSON.stringify(campaignPayload(1, message, {}));
  const options = { vapidDetails: { subject: 'mailto:bench@example.com', ...keys }, TTL: 86_400 };
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (const endpoint of endpoints) {
    const { statusCode } = await webpush.sendNotification({ endpoint, keys: fakeClientKeys() }, payload, options);
    if (statusCode !== 201) throw new Error(`HTTP ${statusCode}`);
  }
  return measured(endpoints.length, started, cpuBefore);
}

/**
 * The outbox's database: embedded PGlite in memory, or PostgreSQL when
 * KAIROS_BENCH_DATABASE_URL names a scratch database (its tables are dropped
 * and made again every round).
 */
async function benchDatabase() {
  const url = process.env.KAIROS_BENCH_DATABASE_URL;
  const handle = await openDatabase(url ? { url } : { dataDir: 'memory://' });
  if (url)
    await handle.db.execute(
      sql`drop schema if exists public cascade; drop schema if exists drizzle cascade; create schema public`,
    );
  await migrateDatabase(handle);
  return handle;
}

async function outbox(endpoints: string[], keys: webpush.VapidKeys): Promise<Round> {
  const handle = await benchDatabase();
  try {
    const ids: number[] = [];
    for (let start = 0; start < endpoints.length; start += 1_000) {
      const rows = endpoints
        .slice(start, start + 1_000)
        .map((endpoint, i) => ({ endpoint, ...fakeClientKeys(), anonymousId: `visitor-${start + i}` }));
      const stored = await handle.db.insert(pushSubscriptions).values(rows).returning({ id: pushSubscriptions.id });
      ids.push(...stored.map((row) => row.id));
    }
    const campaign = await createCampaign(handle.db, { name: 'Bench', message });
    const targets = ids.map((subscriptionId, i) => ({ subscriptionId, anonymousId: `visitor-${i}`, variant: 0 }));
    await queueDeliveries(handle.db, campaign.id, targets, new Date());
    const threads = encryptionThreads();
    const pool = threads > 0 ? new EncryptionPool(threads) : undefined;
    const sender = new PushSender({
      signer: new VapidSigner(keys, 'mailto:bench@example.com'),
      allowLocal: true,
      encrypt: pool?.encrypt,
    });
    const worker = new DeliveryOutbox(handle.db, sender, benchOutboxOptions());
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const handled = await worker.drain();
    const round = measured(handled, started, cpuBefore);
    sender.close();
    await pool?.close();
    if (handled !== endpoints.length) throw new Error(`The outbox handled ${handled} of ${endpoints.length}.`);
    return round;
  } finally {
    await handle.close();
  }
}

/** Median of the rounds: the machine is shared, so one round can land on a busy moment. */
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** The sink in its own process: its origin, and the messages it counted per path. */
async function startSinkProcess() {
  if (!process.env.NODE_EXTRA_CA_CERTS) {
    throw new Error('Run with NODE_EXTRA_CA_CERTS=tests/fixtures/tls/loopback-cert.pem (npm run bench sets it).');
  }
  const child = fork(path.resolve('tests/fixtures/push-sink-process.ts'), ['--tls'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const origin = await new Promise<string>((resolve) =>
    child.once('message', (message) => resolve((message as { origin: string }).origin)),
  );
  return {
    origin,
    counts: () =>
      new Promise<Record<string, number>>((resolve) => {
        child.once('message', (message) => resolve(message as Record<string, number>));
        child.send('counts');
      }),
    close: () => new Promise<void>((resolve) => child.once('exit', () => resolve()).send('close')),
  };
}

export async function pushBench(): Promise<BenchRow[]> {
  const sink = await startSinkProcess();
  const keys = webpush.generateVAPIDKeys();
  const rounds = 3;
  try {
    const peerRounds: Round[] = [];
    const ourRounds: Round[] = [];
    // Alternating rounds, each on fresh subscriptions (fresh endpoints on the same sink).
    for (let round = 0; round < rounds; round++) {
      peerRounds.push(await plainLoop(endpoints(sink.origin, `peer${round}`), keys));
      ourRounds.push(await outbox(endpoints(sink.origin, `ours${round}`), keys));
    }
    const counts = Object.entries(await sink.counts());
    const wrong = counts.find(([, n]) => n !== 1);
    if (wrong) throw new Error(`The sink received ${wrong[1]} messages for ${wrong[0]}.`);
    if (counts.length !== 2 * rounds * count) throw new Error('The sink did not receive every message.');
    const peer = median(peerRounds.map((r) => r.rate));
    const ours = median(ourRounds.map((r) => r.rate));
    return [
      {
        name: `deliveries to a loopback https sink (own process), ${count.toLocaleString('en')} subscriptions, median of ${rounds} alternating rounds (${(ours / peer).toFixed(1)}×)`,
        unit: 'deliveries/s',
        ours: {
          label: `durable outbox: ${process.env.KAIROS_BENCH_DATABASE_URL ? 'PostgreSQL' : 'PGlite'} claims, 64 in flight, keep-alive, cached VAPID JWT, ${encryptionThreads()} encryption thread(s)`,
          value: ours,
        },
        peer: { label: 'webpush.sendNotification in a plain loop (one at a time)', value: peer },
      },
      {
        // What bounds the rate on a small machine: CPU per delivery, here and in the sink.
        name: 'CPU per delivery in the sending process (all its threads), median of the same rounds',
        unit: 'µs',
        ours: { label: 'durable outbox', value: median(ourRounds.map((r) => r.cpuMicros)) },
        peer: { label: 'webpush.sendNotification loop', value: median(peerRounds.map((r) => r.cpuMicros)) },
      },
    ];
  } finally {
    await sink.close();
  }
}

const endpoints = (origin: string, prefix: string) =>
  Array.from({ length: count }, (_, i) => `${origin}/${prefix}/${i}`);
