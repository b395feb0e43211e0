// Delivery semantics (docs/campaigns-and-push.md#web-push-on-the-server): "a kill -9 of the server in the middle of a 5,000-subscription send,
// then a restart, ends with every delivery sent exactly once". The worker runs
// in its own process over PGlite in a data folder; the loopback sink keeps every
// message per subscription and SIGKILLs the worker from inside its request
// handler when the 1,500th message arrives (the injected failure), so the kill
// lands mid-send with messages in flight. Then the worker is started again.
//
// On the wire, exactly once cannot be promised: a message the push service
// accepted just before the kill, whose outcome was not yet recorded, is sent
// again (Web Push has no idempotency key). The test asserts no loss, no resend
// of anything recorded, and at most one window's worth of duplicates. For the
// visitor it is exactly once: the sink decrypts every message as the browser
// would, every copy carries its subscription's own delivery id, and the real
// push handler (lib/notifications), fed each device's copies in arrival order,
// shows every delivery once.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShownOptions } from '@/lib/notifications/display';
import { createNotificationHandlers } from '@/lib/notifications/handlers';
import { openSinkMessage, type PushSink, startPushSink } from '../fixtures/push-sink';

const subscriptions = 5_000;
const killAt = 1_500;
const concurrency = 32;
const script = path.resolve('tests/fixtures/push-outbox-process.ts');

function worker(args: string[]): {
  child: ChildProcess;
  exit: Promise<{ code: number | null; signal: string | null; out: string }>;
} {
  // One process (node --import tsx), not the tsx CLI's wrapper: SIGKILL must hit the worker itself.
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', script, ...args], {
    env: {
      ...process.env,
      KAIROS_ALLOW_LOCAL_PUSH_ENDPOINTS: '1',
      KAIROS_PUSH_CONCURRENCY: String(concurrency),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: string | null; out: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, out })),
  );
  return { child, exit };
}

describe('a send killed with SIGKILL and restarted', () => {
  let sink: PushSink;
  let dataDir: string;
  beforeAll(async () => {
    sink = await startPushSink({ keepBodies: true });
    dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'kairos-crash-')), 'pglite');
  });
  afterAll(async () => {
    await sink.close();
    rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  it('delivers to every one of 5,000 subscriptions; only messages in flight at the kill arrive twice, and each device shows its delivery once', async () => {
    const seeded = await worker(['seed', dataDir, sink.origin, String(subscriptions)]).exit;
    expect(seeded.code).toBe(0);
    const deliveryIdOf = JSON.parse(seeded.out.trim().split('\n').at(-1) ?? '{}') as Record<string, number>;
    expect(new Set(Object.values(deliveryIdOf)).size).toBe(subscriptions);

    const first = worker(['run', dataDir]);
    let killedAfter = 0;
    const stopWhenDue = setInterval(() => {}, 1_000); // keeps the event loop honest while waiting
    sink.onMessage = () => {
      if (sink.total() >= killAt && killedAfter === 0) {
        killedAfter = sink.total();
        first.child.kill('SIGKILL');
      }
    };
    const crashed = await first.exit;
    clearInterval(stopWhenDue);
    sink.onMessage = undefined;
    expect(crashed.signal).toBe('SIGKILL');
    const beforeRestart = sink.total();
    expect(beforeRestart).toBeLessThan(subscriptions); // the kill landed mid-send

    const second = await worker(['run', dataDir]).exit;
    expect(second.code).toBe(0);
    const outcome = JSON.parse(second.out.trim().split('\n').at(-1) ?? '{}') as {
      deliveries: Record<string, number>;
      campaign: string;
    };
    expect(outcome).toEqual({ deliveries: { sent: subscriptions }, campaign: 'sent' });

    const perSubscription = Array.from({ length: subscriptions }, (_, i) => sink.received.get(`/s/${i}`) ?? 0);
    const lost = perSubscription.filter((n) => n === 0).length;
    const duplicates = perSubscription.reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    console.log(
      `crash test: killed after ${killedAfter} messages (${beforeRestart} arrived before the restart); ` +
        `${lost} lost, ${duplicates} duplicates of ${subscriptions}`,
    );
    expect(lost).toBe(0);
    // Everything recorded as sent before the kill was not sent again: duplicates are
    // bounded by the messages in flight (the lanes) plus one unwritten outcome batch
    // (OutcomeWriter's maxBatch, 64). Resending everything would be ~1,500.
    expect(duplicates).toBeLessThanOrEqual(concurrency + 64);
    // The message whose arrival triggered the kill was never answered, so it at least was sent again.
    expect(duplicates).toBeGreaterThan(0);

    // What each device received, decrypted as its browser would: every copy carries that
    // subscription's own delivery id (a duplicate the same id as its first copy, never another's).
    const idsReceived = perSubscription.map((_, i) =>
      (sink.bodies.get(`/s/${i}`) ?? []).map(
        (body) =>
          (JSON.parse(openSinkMessage(body)) as { notification?: { data?: { deliveryId?: number } } }).notification
            ?.data?.deliveryId,
      ),
    );
    const foreign = idsReceived.flatMap((ids, i) => ids.filter((id) => id !== deliveryIdOf[`/s/${i}`]));
    expect(foreign).toEqual([]);

    // Each device's real push handler, with its own ledger of deliveries shown (a Set here; the
    // IndexedDB ledger is driven in real Chromium by tests/e2e/push-dedupe.spec.ts), gets every
    // copy in arrival order: one notification and one Notification Shown per subscription.
    let shown = 0;
    let recorded = 0;
    for (let i = 0; i < subscriptions; i++) {
      const ledger = new Set<number>();
      const device = createNotificationHandlers({
        registration: {
          scope: 'https://shop.example/',
          showNotification: async (_title: string, _options: ShownOptions) => void shown++,
          pushManager: { subscribe: async () => ({ toJSON: () => ({}) }) },
        },
        clients: { matchAll: async () => [], openWindow: async () => undefined },
        device: {
          record: async (events) => void (recorded += events.length),
          profile: async () => ({ anonymousId: `visitor-${i}`, userId: null }),
          settings: async () => undefined,
          claimShowing: async (id) => !ledger.has(id) && Boolean(ledger.add(id)),
          releaseShowing: async (id) => void ledger.delete(id),
        },
      });
      for (const body of sink.bodies.get(`/s/${i}`) ?? []) await device.push({ text: () => openSinkMessage(body) });
    }
    console.log(`crash test: shown to visitors ${shown} of ${subscriptions} (${recorded} Notification Shown)`);
    expect(shown).toBe(subscriptions);
    expect(recorded).toBe(subscriptions);
  }, 180_000);
});
