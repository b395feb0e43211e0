// A segment-entry automation over KAIROS_BENCH_VISITORS visitors (default 1M),
// every one with a push subscription: its evaluation an hour after the
// previous one (the segment computed by the server's engine, compared with the
// stored membership, the visitors who entered queued), beside what a marketer
// without it does: a campaign sent again to the whole segment, in the same
// run, on the same warm engine and database (PGlite in a temporary folder).
// The segment is "viewed a product in the last 7 days"; views are spread over
// the 14 days before, so about 1/168 of the members change in the hour.
// Then an event trigger's stream: KAIROS_BENCH_STREAM_VISITORS (default
// 100k, at most the visitors) `Product Added` events stored after the
// automation was created, handled in rounds (read after the cursor, enter,
// queue) until every one is queued, in events a second; beside it a campaign
// sent again to the segment "added a product in the last day" of the same
// visitors (from the lake, which holds the same events), in visitors a second.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { DuckDBInstance } from '@duckdb/node-api';
import { AudienceEngine } from '@/lib/audience/audience-engine';
import { sendToSegment } from '@/lib/audience/segment-send';
import { ServerAudiences } from '@/lib/audience/server-audience';
import { runAutomations } from '@/lib/automations/automation-run';
import { createAutomationSchema } from '@/lib/contracts/automation';
import type { LakeFile } from '@/lib/contracts/lake';
import type { SegmentTree } from '@/lib/contracts/segment';
import { type Database, migrateDatabase, openDatabase } from '@/lib/db';
import { createAutomation } from '@/lib/db/automations';
import { createCampaign } from '@/lib/db/campaigns';
import { fakeClientKeys } from '../fixtures/push-sink';
import type { BenchRow } from './report';

const visitors = Number(process.env.KAIROS_BENCH_VISITORS ?? 1_000_000);
const hour = 3_600_000;
const firstCheck = Date.UTC(2026, 10, 23, 12);
const viewers: SegmentTree = { kind: 'event', name: 'Product Viewed', atLeast: 1, withinDays: 7, where: [] };
const streamVisitors = Math.min(visitors, Number(process.env.KAIROS_BENCH_STREAM_VISITORS ?? 100_000));
/** The stream's events arrive in the minutes after the second check. */
const streamAt = firstCheck + hour + 5 * 60_000;
const adders: SegmentTree = { kind: 'event', name: 'Product Added', atLeast: 1, withinDays: 1, where: [] };

/** One view per visitor, at a time spread over the 14 days before the second check. */
async function writeLake(lakeDir: string): Promise<LakeFile[]> {
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  const scalar = 'STRUCT(key VARCHAR, text VARCHAR, num DOUBLE, bool BOOLEAN)';
  const span = 14 * 24 * 3600;
  const start = (firstCheck + hour) / 1000 - span;
  await connection.run(`COPY (
    SELECT i + 1 AS id, 'visitor-' || i::VARCHAR AS customer,
      to_timestamp(${start} + (hash(i) % ${span})::BIGINT)::TIMESTAMP AS time,
      'Product Viewed' AS event, NULL::DOUBLE AS amount, NULL::VARCHAR AS order_id,
      'mobile' AS device, 'Chrome' AS browser, 'en-US' AS locale, 'Europe/Lisbon' AS timezone,
      []::${scalar}[] AS props, []::${scalar}[] AS traits, strftime(time, '%Y-%m-%d') AS date
    FROM range(${visitors}) r(i)
    UNION ALL
    -- The event trigger's stream, as the lake holds it once compacted (ids after the views).
    SELECT ${visitors} + i + 1 AS id, 'visitor-' || i::VARCHAR AS customer,
      to_timestamp(${streamAt / 1000} + (i % 600))::TIMESTAMP AS time,
      'Product Added' AS event, NULL::DOUBLE AS amount, NULL::VARCHAR AS order_id,
      'mobile' AS device, 'Chrome' AS browser, 'en-US' AS locale, 'Europe/Lisbon' AS timezone,
      []::${scalar}[] AS props, []::${scalar}[] AS traits, strftime(time, '%Y-%m-%d') AS date
    FROM range(${streamVisitors}) r(i)
    ORDER BY id
  ) TO '${lakeDir}/events' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (date))`);
  const ranges = await connection.runAndReadAll(
    `SELECT strftime(time, '%Y-%m-%d') AS date, min(id) AS first, max(id) AS last, count(*) AS n,
       epoch_ms(min(time)) AS t0, epoch_ms(max(time)) AS t1
     FROM read_parquet('${lakeDir}/events/*/*.parquet') GROUP BY ALL`,
  );
  const byDate = new Map(ranges.getRowObjectsJS().map((row) => [String(row.date), row]));
  connection.closeSync();
  db.closeSync();
  return readdirSync(path.join(lakeDir, 'events')).flatMap((folder) =>
    readdirSync(path.join(lakeDir, 'events', folder)).map((name) => {
      const file = `events/${folder}/${name}`;
      const bytes = readFileSync(path.join(lakeDir, file));
      const row = byDate.get(folder.replace('date=', ''))!;
      return {
        path: file,
        date: String(row.date),
        sha256: createHash('sha256').update(bytes).digest('hex'),
        bytes: bytes.length,
        rows: Number(row.n),
        firstId: Number(row.first),
        lastId: Number(row.last),
        firstEventAt: Number(row.t0),
        lastEventAt: Number(row.t1),
      };
    }),
  );
}

/** Time and the process's peak resident memory during the work, sampled every 20 ms. */
async function measured<T>(work: () => Promise<T>): Promise<{ value: T; s: number; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  try {
    const value = await work();
    return { value, s: (performance.now() - started) / 1000, peakMb: peak / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

/**
 * The stream: an event automation created, then the events stored as the
 * collector leaves them (one insert, not measured), then rounds until all are
 * queued; and the resend of the equivalent segment.
 */
async function eventStream(db: Database, audiences: ServerAudiences, message: { title: string; body: string }) {
  await createAutomation(
    db,
    createAutomationSchema.parse({
      name: 'Added to cart',
      trigger: { kind: 'event', event: { name: 'Product Added' } },
      message,
    }),
    new Date(streamAt - 60_000),
  );
  await db.execute(sql`insert into events (message_id, type, event, anonymous_id, timestamp, received_at)
    select 'stream-' || i, 'track', 'Product Added', 'visitor-' || i,
      to_timestamp(${streamAt / 1000} + (i % 600)), to_timestamp(${streamAt / 1000} + (i % 600))
    from generate_series(0, ${streamVisitors - 1}) i`);
  await db.execute(sql`analyze events`);
  let queued = 0;
  let rounds = 0;
  const roundsAt = streamAt + 11 * 60_000;
  const ours = await measured(async () => {
    while (queued < streamVisitors && rounds < 1_000) {
      const round = await runAutomations(db, async () => audiences, new Date(roundsAt + rounds * 1_000));
      rounds++;
      queued += round.queued;
      if (round.queued === 0 && round.enteredByEvents === 0) break;
    }
  });
  const campaign = await createCampaign(db, { name: 'Adders again', segmentDefinition: adders, message });
  const resend = await measured(() => sendToSegment(db, audiences, campaign, new Date(roundsAt)));
  const resendQueued = resend.value.ok && !resend.value.scheduled ? resend.value.queued : 0;
  return { queued, rounds, s: ours.s, resendS: resend.s, resendQueued };
}

export async function automationsBench(): Promise<BenchRow[]> {
  const folder = mkdtempSync(path.join(tmpdir(), 'kairos-automations-bench-'));
  const lakeDir = path.join(folder, 'lake');
  mkdirSync(lakeDir);
  const handle = await openDatabase({ dataDir: path.join(folder, 'pglite') });
  try {
    await migrateDatabase(handle);
    const { db } = handle;
    const files = await writeLake(lakeDir);
    const keys = fakeClientKeys();
    await db.execute(sql`insert into push_subscriptions (endpoint, p256dh, auth, anonymous_id)
      select 'https://push.example/s/' || i, ${keys.p256dh}, ${keys.auth}, 'visitor-' || i
      from generate_series(0, ${visitors - 1}) i`);
    await db.execute(sql`analyze push_subscriptions`);
    const engine = await AudienceEngine.open({ path: ':memory:', memoryLimit: '4GB', threads: 2 });
    const audiences = new ServerAudiences(engine, {
      dir: lakeDir,
      upToDate: async () => ({ files }),
    });
    const message = { title: 'Welcome back', body: '' };
    await createAutomation(
      db,
      createAutomationSchema.parse({
        name: 'Entered viewers',
        trigger: { kind: 'segment', on: 'enter', everyMinutes: 60, definition: viewers },
        message,
      }),
      new Date(firstCheck),
    );
    const baseline = await measured(() => runAutomations(db, async () => audiences, new Date(firstCheck)));
    const second = await measured(() => runAutomations(db, async () => audiences, new Date(firstCheck + hour)));
    const campaign = await createCampaign(db, { name: 'Viewers again', segmentDefinition: viewers, message });
    const resend = await measured(() => sendToSegment(db, audiences, campaign, new Date(firstCheck + hour)));
    const stream = await eventStream(db, audiences, message);
    await audiences.close();
    const members = second.value.segmentRuns[0]?.members ?? 0;
    const entered = second.value.segmentRuns[0]?.entered ?? 0;
    const queuedAgain = resend.value.ok && !resend.value.scheduled ? resend.value.queued : 0;
    const label = `${visitors.toLocaleString('en')} visitors, ${members.toLocaleString('en')} members`;
    return [
      {
        name: `an hourly check of the segment (${label}; ${entered.toLocaleString('en')} entered, ${queuedAgain.toLocaleString('en')} queued by the resend)`,
        unit: 's',
        ours: { label: 'segment-entry automation: evaluate, diff, queue who entered', value: second.s },
        peer: { label: 'campaign sent again to the whole segment', value: resend.s },
      },
      {
        name: 'peak resident memory of the process during that check (the engine holds the lake)',
        unit: 'MB',
        ours: { label: 'segment-entry automation', value: second.peakMb },
        peer: { label: 'campaign sent again', value: resend.peakMb },
      },
      {
        name: "the automation's first check (stores the membership, sends nothing)",
        unit: 's',
        ours: { label: 'segment-entry automation, first evaluation', value: baseline.s },
        peer: { label: 'campaign sent again (as above)', value: resend.s },
      },
      {
        name: `an event trigger's stream of ${streamVisitors.toLocaleString('en')} Product Added (${stream.queued.toLocaleString('en')} queued in ${stream.rounds} rounds; the resend queued ${stream.resendQueued.toLocaleString('en')})`,
        unit: 'events/s',
        ours: { label: 'event-trigger automation: read, enter, queue', value: streamVisitors / stream.s },
        peer: {
          label: 'campaign sent again to "added a product today" (visitors/s)',
          value: streamVisitors / stream.resendS,
        },
      },
    ];
  } finally {
    await handle.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
