// A server killed with SIGKILL while 1,000 visitors wait in an automation,
// then started again (tests/fixtures/automation-process.ts: the automation and
// delivery workers as the server starts them, over PGlite in a data folder and
// over PostgreSQL, on a clock 60 times the wall clock's pace). On PostgreSQL
// the restarted process waits out the dead one's claims (leases of 5 minutes
// on the automation's clock, 2 s on the outbox's), as a server there does. The loopback push sink kills the
// process when its 300th message arrives (the injected failure): by then some
// waits are over and sent, some are being queued and sent, most still wait.
// After the restart every visitor has exactly one delivery in the outbox, sent.
// (On the wire a message in flight at the kill may arrive twice; each copy
// carries its delivery's id, and the device shows a delivery once: see
// tests/unit/push-crash-resume.test.ts.)
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PushSink, startPushSink } from '../fixtures/push-sink';
import { freshPostgres, warnWithoutPostgres } from '../fixtures/storage-backends';

warnWithoutPostgres('automation crash');
const postgresUrl = process.env.KAIROS_TEST_DATABASE_URL;

const visitors = 1_000;
const killAt = 300;
const script = path.resolve('tests/fixtures/automation-process.ts');

function worker(args: string[]): {
  child: ChildProcess;
  exit: Promise<{ signal: string | null; code: number | null; out: string }>;
} {
  // node --import tsx, not the tsx CLI's wrapper: SIGKILL must hit the worker itself.
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', script, ...args], {
    env: {
      ...process.env,
      KAIROS_ALLOW_LOCAL_PUSH_ENDPOINTS: '1',
      KAIROS_PUSH_CONCURRENCY: '16',
      KAIROS_PUSH_LEASE_SECONDS: '2',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exit = new Promise<{ signal: string | null; code: number | null; out: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, out })),
  );
  return { child, exit };
}

const lastJson = (out: string) => JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;

const backends = [
  {
    name: 'PGlite',
    skip: false,
    async open() {
      const folder = mkdtempSync(path.join(tmpdir(), 'kairos-automation-crash-'));
      return {
        target: path.join(folder, 'pglite'),
        drop: async () => rmSync(folder, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'PostgreSQL',
    skip: !postgresUrl,
    async open() {
      const fresh = await freshPostgres(postgresUrl ?? '');
      return { target: fresh.url, drop: fresh.drop };
    },
  },
];

for (const backend of backends) {
  // Skipped only for PostgreSQL when KAIROS_TEST_DATABASE_URL is unset (.ci/run starts a server).
  describe.skipIf(backend.skip)(
    `an automation killed with SIGKILL during its waits and restarted, on ${backend.name}`,
    () => {
      let sink: PushSink;
      let dataDir: string;
      let drop: () => Promise<void>;
      beforeAll(async () => {
        sink = await startPushSink();
        ({ target: dataDir, drop } = await backend.open());
      });
      afterAll(async () => {
        await sink.close();
        await drop();
      });

      it('queues every one of 1,000 waiting visitors exactly once in the outbox', async () => {
        // In the past, so the outbox (on the wall clock) finds the deliveries due.
        const enteredAt = Date.now() - 3 * 60 * 60_000;
        const seeded = await worker(['seed', dataDir, sink.origin, String(visitors), String(enteredAt)]).exit;
        expect(seeded.code).toBe(0);
        expect(lastJson(seeded.out)).toEqual({ entered: visitors, entries: { waiting: visitors } });

        // The clock starts as the first waits end (30 minutes after the first visitor entered).
        const first = worker(['run', dataDir, String(enteredAt + 30 * 60_000)]);
        sink.onMessage = () => {
          if (sink.total() === killAt) first.child.kill('SIGKILL');
        };
        const crashed = await first.exit;
        sink.onMessage = undefined;
        expect(crashed.signal).toBe('SIGKILL');
        const beforeRestart = sink.total();
        expect(beforeRestart).toBeLessThan(visitors); // the kill landed while visitors still waited

        // Restarted later: every remaining wait is over.
        const second = await worker(['run', dataDir, String(enteredAt + 45 * 60_000)]).exit;
        expect(second.code).toBe(0);
        expect(lastJson(second.out)).toEqual({
          entries: { sent: visitors },
          deliveries: { sent: visitors },
          visitors,
          subscriptions: visitors,
          rows: visitors,
        });
        const perSubscription = Array.from({ length: visitors }, (_, i) => sink.received.get(`/s/${i}`) ?? 0);
        console.log(
          `automation crash test: killed at ${killAt} messages (${beforeRestart} arrived before the restart); ` +
            `${perSubscription.filter((n) => n > 1).length} subscriptions got a message twice on the wire`,
        );
        expect(perSubscription.filter((n) => n === 0)).toEqual([]);
      }, 180_000);
    },
  );
}
