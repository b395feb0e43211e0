// Web Push delivery throughput to a loopback sink (an http server answering
// 201): our durable outbox (PGlite in memory: claim, personalise, encrypt, send
// with bounded concurrency over keep-alive connections, record) beside the
// plain loop a web-push user writes: `for (sub of subs) await sendNotification(sub, payload)`.
// sendNotification only speaks https, so the peer is its own two steps on http:
// `webpush.generateRequestDetails()` (encryption and a VAPID JWT signed per call)
// then `http.request`, one at a time. Same run, same subscriptions, same payload.
import { fork } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
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

const count = Number(process.env.KAIROS_BENCH_PUSH_SUBSCRIPTIONS ?? 2_000);
const message = { title: 'Hello {{first_name|there}}', body: 'Flights to Lisbon from €19', url: '/deals' };

async function plainLoop(endpoints: string[], keys: webpush.VapidKeys): Promise<number> {
  const payload = JSON.stringify(campaignPayload(1, message, {}));
  const started = performance.now();
  for (const endpoint of endpoints) {
    const details = webpush.generateRequestDetails({ endpoint, keys: fakeClientKeys() }, payload, {
      vapidDetails: { subject: 'mailto:bench@example.com', ...keys },
      TTL: 86_400,
    });
    await new Promise<void>((resolve, reject) => {
      const request = http.request(details.endpoint, { method: details.method, headers: details.headers }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 201 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
      });
      request.on('error', reject);
      request.end(details.body);
    });
  }
  return endpoints.length / ((performance.now() - started) / 1000);
}

async function outbox(endpoints: string[], keys: webpush.VapidKeys): Promise<number> {
  const handle = await openDatabase({ dataDir: 'memory://' });
  try {
    await migrateDatabase(handle);
    const ids: number[] = [];
    for (let start = 0; start < endpoints.length; start += 1_000) {
      const rows = endpoints
        .slice(start, start + 1_000)
        .map((endpoint, i) => ({ endpoint, ...fakeClientKeys(), anonymousId: `visitor-${start + i}` }));
      const stored = await handle.db.insert(pushSubscriptions).values(rows).returning({ id: pushSubscriptions.id });
      ids.push(...stored.map((row) => row.id));
    }
    const campaign = await createCampaign(handle.db, { name: 'Bench', message });
    await queueDeliveries(handle.db, campaign.id, ids, new Date());
    const threads = encryptionThreads();
    const pool = threads > 0 ? new EncryptionPool(threads) : undefined;
    const sender = new PushSender({
      signer: new VapidSigner(keys, 'mailto:bench@example.com'),
      allowLocal: true,
      encrypt: pool?.encrypt,
    });
    const worker = new DeliveryOutbox(handle.db, sender, benchOutboxOptions());
    const started = performance.now();
    const handled = await worker.drain();
    const seconds = (performance.now() - started) / 1000;
    sender.close();
    await pool?.close();
    if (handled !== endpoints.length) throw new Error(`The outbox handled ${handled} of ${endpoints.length}.`);
    return handled / seconds;
  } finally {
    await handle.close();
  }
}

/** Median of the rounds: the machine is shared, so one round can land on a busy moment. */
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** The sink in its own process: its origin, and the messages it counted per path. */
async function startSinkProcess() {
  const child = fork(path.resolve('tests/fixtures/push-sink-process.ts'), {
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
    const peerRates: number[] = [];
    const ourRates: number[] = [];
    // Alternating rounds, each on fresh subscriptions (fresh endpoints on the same sink).
    for (let round = 0; round < rounds; round++) {
      peerRates.push(await plainLoop(endpoints(sink.origin, `peer${round}`), keys));
      ourRates.push(await outbox(endpoints(sink.origin, `ours${round}`), keys));
    }
    const counts = Object.entries(await sink.counts());
    const wrong = counts.find(([, n]) => n !== 1);
    if (wrong) throw new Error(`The sink received ${wrong[1]} messages for ${wrong[0]}.`);
    if (counts.length !== 2 * rounds * count) throw new Error('The sink did not receive every message.');
    const peer = median(peerRates);
    const ours = median(ourRates);
    return [
      {
        name: `deliveries to a loopback sink (own process), ${count.toLocaleString('en')} subscriptions, median of ${rounds} alternating rounds (${(ours / peer).toFixed(1)}×)`,
        unit: 'deliveries/s',
        ours: {
          label: `durable outbox: PGlite claims, 64 in flight, keep-alive, cached VAPID JWT, ${encryptionThreads()} encryption thread(s)`,
          value: ours,
        },
        peer: { label: 'web-push generateRequestDetails + http.request, sequential loop', value: peer },
      },
    ];
  } finally {
    await sink.close();
  }
}

const endpoints = (origin: string, prefix: string) =>
  Array.from({ length: count }, (_, i) => `${origin}/${prefix}/${i}`);
