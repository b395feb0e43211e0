// Web Push delivery throughput to a loopback sink (an https server answering
// 201, in its own process, like a push service): our durable outbox (PGlite in
// memory: claim, personalise, encrypt, send with bounded concurrency over
// keep-alive connections, record) beside the plain loop a web-push user
// writes: `for (sub of subs) await webpush.sendNotification(sub, payload, options)`.
// Same run, same sink, same payload, fresh subscriptions per round. The sink's
// certificate is trusted through NODE_EXTRA_CA_CERTS (set by `npm run bench`),
// so both senders run unmodified.
//
// The floor, in the same rounds: the bare RFC 8291 encryption loop of the same
// messages (our encryptAes128gcm, one thread, nothing else), the CPU no sender
// on this runtime can go below; the outbox's CPU per delivery is printed as a
// multiple of it. With KAIROS_BENCH_DATABASE_URL (PostgreSQL), the outbox also
// runs as 1 and then 2 sender processes sharing the outbox
// (push-sender-process.ts), and the sink must count every message exactly once.
import { fork } from 'node:child_process';
import crypto from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import inspector from 'node:inspector/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import webpush from 'web-push';
import { campaignPayload } from '@/lib/contracts/campaign-message';
import { migrateDatabase, openDatabase } from '@/lib/db';
import { createCampaign } from '@/lib/db/campaigns';
import { queueDeliveries } from '@/lib/db/deliveries';
import { rowsOf } from '@/lib/db/rows';
import { pushSubscriptions } from '@/lib/db/schema';
import { DeliveryOutbox, type OutboxOptions } from '@/lib/push/delivery-outbox';
import { EncryptionPool, encryptionThreads } from '@/lib/push/encryption-pool';
import { encryptAes128gcm } from '@/lib/push/message-encryption';
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
 * The floor: the same messages as the outbox sends (personalised, with their
 * delivery ids), encrypted one after another on this thread, nothing else.
 * The payloads are made before the clock starts: only the crypto is timed.
 */
function encryptionFloor(count: number): Round {
  const { p256dh, auth } = fakeClientKeys();
  const payloads = Array.from({ length: count }, (_, i) =>
    JSON.stringify(campaignPayload(1, message, {}, { id: i + 1, variant: 0 })),
  );
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (const payload of payloads) encryptAes128gcm(crypto, p256dh, auth, payload);
  return measured(count, started, cpuBefore);
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

/** Subscriptions on the given endpoints and one campaign queued to all of them. */
async function queueCampaign(db: Awaited<ReturnType<typeof benchDatabase>>['db'], endpoints: string[]) {
  const ids: number[] = [];
  for (let start = 0; start < endpoints.length; start += 1_000) {
    const rows = endpoints
      .slice(start, start + 1_000)
      .map((endpoint, i) => ({ endpoint, ...fakeClientKeys(), anonymousId: `visitor-${start + i}` }));
    const stored = await db.insert(pushSubscriptions).values(rows).returning({ id: pushSubscriptions.id });
    ids.push(...stored.map((row) => row.id));
  }
  const campaign = await createCampaign(db, { name: 'Bench', message });
  const targets = ids.map((subscriptionId, i) => ({ subscriptionId, anonymousId: `visitor-${i}`, variant: 0 }));
  await queueDeliveries(db, campaign.id, targets, new Date());
  return campaign.id;
}

/**
 * `processes` sender processes (push-sender-process.ts) draining one campaign
 * from the shared PostgreSQL outbox at once: the rate from 'go' until the last
 * one is done, and CPU per delivery summed over the processes.
 */
async function senderProcesses(processes: number, endpoints: string[], keys: webpush.VapidKeys) {
  const url = process.env.KAIROS_BENCH_DATABASE_URL ?? '';
  const handle = await benchDatabase();
  let campaignId: number;
  try {
    campaignId = await queueCampaign(handle.db, endpoints);
  } finally {
    await handle.close();
  }
  const children = Array.from({ length: processes }, () =>
    fork(path.resolve('tests/bench/push-sender-process.ts'), [], {
      execArgv: ['--import', 'tsx', '--conditions=react-server'],
      env: { ...process.env, KAIROS_BENCH_DATABASE_URL: url, KAIROS_BENCH_VAPID_KEYS: JSON.stringify(keys) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  await Promise.all(children.map((child) => new Promise((resolve) => child.once('message', resolve))));
  const started = performance.now();
  const results = await Promise.all(
    children.map(
      (child) =>
        new Promise<{ handled: number; cpuMicros: number }>((resolve, reject) => {
          child.once('message', (result) => resolve(result as { handled: number; cpuMicros: number }));
          child.once('exit', (code) => code !== 0 && reject(new Error(`A sender process exited with ${code}.`)));
          child.send('go');
        }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const handled = results.reduce((sum, r) => sum + r.handled, 0);
  const after = await openDatabase({ url });
  try {
    const statuses = rowsOf<{ status: string; n: number }>(
      await after.db.execute(
        sql`select status, count(*)::int as n from deliveries where campaign_id = ${campaignId} group by status`,
      ),
    );
    const sent = statuses.find((row) => row.status === 'sent')?.n ?? 0;
    if (handled !== endpoints.length || statuses.length !== 1 || Number(sent) !== endpoints.length) {
      throw new Error(`${processes} sender processes handled ${handled}; the outbox says ${JSON.stringify(statuses)}.`);
    }
  } finally {
    await after.close();
  }
  return {
    rate: handled / seconds,
    cpuMicros: results.reduce((sum, r) => sum + r.cpuMicros, 0) / handled,
    shares: results.map((r) => r.handled),
  };
}

async function outbox(endpoints: string[], keys: webpush.VapidKeys): Promise<Round> {
  const handle = await benchDatabase();
  try {
    await queueCampaign(handle.db, endpoints);
    const threads = encryptionThreads();
    const pool = threads > 0 ? new EncryptionPool(threads) : undefined;
    const sender = new PushSender({
      signer: new VapidSigner(keys, 'mailto:bench@example.com'),
      allowLocal: true,
      encrypt: pool?.encrypt,
    });
    const worker = new DeliveryOutbox(handle.db, sender, benchOutboxOptions());
    const profile = await startProfile();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const handled = await worker.drain();
    const round = measured(handled, started, cpuBefore);
    await profile?.stop();
    sender.close();
    await pool?.close();
    if (handled !== endpoints.length) throw new Error(`The outbox handled ${handled} of ${endpoints.length}.`);
    return round;
  } finally {
    await handle.close();
  }
}

/**
 * KAIROS_BENCH_PUSH_PROFILE=dir writes a V8 CPU profile of each outbox drain
 * (only the drain: not the setup, the peer or the floor) for where the
 * microseconds go (docs/perf-push-and-intent.md).
 */
async function startProfile() {
  const dir = process.env.KAIROS_BENCH_PUSH_PROFILE;
  if (!dir) return undefined;
  const session = new inspector.Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `outbox-${Date.now()}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    },
  };
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
  const rounds = Number(process.env.KAIROS_BENCH_PUSH_ROUNDS ?? 3);
  const postgres = Boolean(process.env.KAIROS_BENCH_DATABASE_URL);
  try {
    const peerRounds: Round[] = [];
    const ourRounds: Round[] = [];
    const floorRounds: Round[] = [];
    const scaleRounds: { one: Round; two: Round & { shares: number[] } }[] = [];
    // A server sends from a long-lived process: one uncounted round of the outbox and
    // of the floor first, so no counted round pays the JIT's first compilations.
    encryptionFloor(count);
    await outbox(endpoints(sink.origin, 'warmup'), keys);
    // Alternating rounds, each on fresh subscriptions (fresh endpoints on the same sink).
    for (let round = 0; round < rounds; round++) {
      peerRounds.push(await plainLoop(endpoints(sink.origin, `peer${round}`), keys));
      floorRounds.push(encryptionFloor(count));
      ourRounds.push(await outbox(endpoints(sink.origin, `ours${round}`), keys));
      if (postgres) {
        const one = await senderProcesses(1, endpoints(sink.origin, `one${round}`), keys);
        const two = await senderProcesses(2, endpoints(sink.origin, `two${round}`), keys);
        scaleRounds.push({ one, two });
      }
    }
    // Exactly once: every endpoint of every round counted one message, none missing, none extra.
    const counts = Object.entries(await sink.counts());
    const wrong = counts.find(([, n]) => n !== 1);
    if (wrong) throw new Error(`The sink received ${wrong[1]} messages for ${wrong[0]}.`);
    const senders = postgres ? 4 : 2;
    if (counts.length !== (senders * rounds + 1) * count) throw new Error('The sink did not receive every message.');
    console.log(
      `  push: the sink counted each of ${counts.length.toLocaleString('en')} endpoints exactly once ` +
        `(${senders} senders × ${rounds} rounds × ${count.toLocaleString('en')}, and the warm-up round)`,
    );
    console.log(
      `  push: CPU per delivery by round, ours / floor: ${ourRounds
        .map((r, i) => `${Math.round(r.cpuMicros)}/${Math.round(floorRounds[i]!.cpuMicros)}`)
        .join(', ')} µs`,
    );
    const peer = median(peerRounds.map((r) => r.rate));
    const ours = median(ourRounds.map((r) => r.rate));
    const oursCpu = median(ourRounds.map((r) => r.cpuMicros));
    const floorCpu = median(floorRounds.map((r) => r.cpuMicros));
    // Each round's ratio is of two figures measured a few seconds apart; their median is the one a busy moment moves least.
    const ratio = median(ourRounds.map((r, i) => r.cpuMicros / floorRounds[i]!.cpuMicros));
    const database = postgres ? 'PostgreSQL' : 'PGlite';
    const rows: BenchRow[] = [
      {
        name: `deliveries to a loopback https sink (own process), ${count.toLocaleString('en')} subscriptions, median of ${rounds} alternating rounds (${(ours / peer).toFixed(1)}×)`,
        unit: 'deliveries/s',
        ours: {
          label: `durable outbox: ${database} claims, 64 in flight, keep-alive, cached VAPID JWT, ${encryptionThreads()} encryption thread(s)`,
          value: ours,
        },
        peer: { label: 'webpush.sendNotification in a plain loop (one at a time)', value: peer },
      },
      {
        // What bounds the rate on a small machine: CPU per delivery, here and in the sink.
        name: 'CPU per delivery in the sending process (all its threads), median of the same rounds',
        unit: 'µs',
        ours: { label: 'durable outbox', value: oursCpu },
        peer: { label: 'webpush.sendNotification loop', value: median(peerRounds.map((r) => r.cpuMicros)) },
      },
      {
        name: `CPU per delivery against the floor: ours / floor = ${ratio.toFixed(2)}, the median of the rounds' ratios (target ≤ 2)`,
        unit: 'µs',
        ours: { label: `durable outbox (${database})`, value: oursCpu },
        peer: {
          label: 'floor: the bare RFC 8291 encryption loop of the same messages (one thread, same run)',
          value: floorCpu,
        },
      },
    ];
    if (postgres) {
      const one = median(scaleRounds.map((r) => r.one.rate));
      const two = median(scaleRounds.map((r) => r.two.rate));
      const shares = scaleRounds.map((r) => r.two.shares.join('+')).join(', ');
      rows.push(
        {
          name: `sender processes sharing the PostgreSQL outbox, 2 vs 1 (${(two / one).toFixed(2)}×; each message once; 2-process shares ${shares})`,
          unit: 'deliveries/s',
          ours: { label: '2 sender processes', value: two },
          peer: { label: '1 sender process', value: one },
        },
        {
          name: 'CPU per delivery, summed over the sender processes',
          unit: 'µs',
          ours: { label: '2 sender processes', value: median(scaleRounds.map((r) => r.two.cpuMicros)) },
          peer: { label: '1 sender process', value: median(scaleRounds.map((r) => r.one.cpuMicros)) },
        },
      );
    } else {
      console.log(
        '  push: 1 vs 2 sender processes skipped: set KAIROS_BENCH_DATABASE_URL to a scratch PostgreSQL database.',
      );
    }
    return rows;
  } finally {
    await sink.close();
  }
}

const endpoints = (origin: string, prefix: string) =>
  Array.from({ length: count }, (_, i) => `${origin}/${prefix}/${i}`);
