// Web Push delivery throughput to a loopback sink (an http server answering
// 201): our durable outbox (PGlite in memory: claim, personalise, encrypt, send
// with bounded concurrency over keep-alive connections, record) beside the
// plain loop a web-push user writes: `for (sub of subs) await sendNotification(sub, payload)`.
// sendNotification only speaks https, so the peer is its own two steps on http:
// `webpush.generateRequestDetails()` (encryption and a VAPID JWT signed per call)
// then `http.request`, one at a time. Same run, same subscriptions, same payload.
import http from 'node:http';
import webpush from 'web-push';
import { campaignPayload } from '@/lib/contracts/campaign-message';
import { migrateDatabase, openDatabase } from '@/lib/db';
import { createCampaign } from '@/lib/db/campaigns';
import { queueDeliveries } from '@/lib/db/deliveries';
import { pushSubscriptions } from '@/lib/db/schema';
import { DeliveryOutbox } from '@/lib/push/delivery-outbox';
import { PushSender } from '@/lib/push/sender';
import { VapidSigner } from '@/lib/push/vapid-signer';
import { fakeClientKeys, startPushSink } from '../fixtures/push-sink';
import type { BenchRow } from './report';

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
    const sender = new PushSender({ signer: new VapidSigner(keys, 'mailto:bench@example.com'), allowLocal: true });
    const worker = new DeliveryOutbox(handle.db, sender);
    const started = performance.now();
    const handled = await worker.drain();
    const seconds = (performance.now() - started) / 1000;
    sender.close();
    if (handled !== endpoints.length) throw new Error(`The outbox handled ${handled} of ${endpoints.length}.`);
    return handled / seconds;
  } finally {
    await handle.close();
  }
}

export async function pushBench(): Promise<BenchRow[]> {
  const sink = await startPushSink();
  const keys = webpush.generateVAPIDKeys();
  try {
    const peerEndpoints = Array.from({ length: count }, (_, i) => `${sink.origin}/peer/${i}`);
    const ourEndpoints = Array.from({ length: count }, (_, i) => `${sink.origin}/ours/${i}`);
    const peer = await plainLoop(peerEndpoints, keys);
    const ours = await outbox(ourEndpoints, keys);
    const received = (prefix: string) =>
      [...sink.received.entries()].filter(([path]) => path.startsWith(prefix)).reduce((sum, [, n]) => sum + n, 0);
    if (received('/ours/') !== count || received('/peer/') !== count) {
      throw new Error('The sink did not receive every message exactly once.');
    }
    return [
      {
        name: `deliveries to a loopback sink, ${count.toLocaleString('en')} subscriptions (${(ours / peer).toFixed(1)}×)`,
        unit: 'deliveries/s',
        ours: { label: 'durable outbox: PGlite claims, 64 in flight, keep-alive, cached VAPID JWT', value: ours },
        peer: { label: 'web-push generateRequestDetails + http.request, sequential loop', value: peer },
      },
    ];
  } finally {
    await sink.close();
  }
}
