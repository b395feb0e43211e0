// Crash safety of the lake: `kairos compact` (a real child process, as an
// operator runs it) is SIGKILLed mid-run, when a temporary file appears (a
// Parquet file or the manifest half written) and at random moments. After each
// kill the lake on disk must already be consistent: every event at or below
// the watermark in exactly one listed file, none above it. A final run then
// leaves every stored event in the lake exactly once.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { migrateDatabase, openDatabase } from '@/lib/db';
import { lakeFolder, temporarySuffix } from '@/lib/lake/layout';
import { readManifest } from '@/lib/lake/manifest-store';
import { storeBulkEvents } from '../fixtures/bulk-events';
import { runKairos } from '../fixtures/kairos-cli';
import { expectedRows, lakeRows } from '../fixtures/lake-contents';

const storedEvents = 30_000;
let dataDir: string;
let lakeDir: string;

const childEnv = () => ({
  ...process.env,
  DATABASE_URL: '',
  KAIROS_DATA_DIR: dataDir,
  // Many commits per run, so a kill lands between, inside and after them.
  KAIROS_LAKE_COMMIT_ROWS: '3000',
  KAIROS_LAKE_READ_ROWS: '1000',
});

function compactInChild(): ChildProcess {
  return spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'lib/cli/kairos.ts', 'compact'], {
    env: childEnv(),
    stdio: 'ignore',
  });
}

const temporaries = (kind = '') => {
  try {
    return readdirSync(lakeDir, { recursive: true })
      .map((name) => path.basename(String(name)))
      .filter((name) => name.startsWith(`.${kind}`) && name.endsWith(temporarySuffix));
  } catch {
    return [];
  }
};
const hasTemporary = () => temporaries().length > 0;

/** True once `count` distinct temporary files of `kind` have been seen (polled, so some may be missed: never fewer). */
function nthTemporary(kind: string, count: number): () => boolean {
  const seen = new Set<string>();
  return () => {
    for (const name of temporaries(kind)) seen.add(name);
    return seen.size >= count;
  };
}

/** Kills the child the moment `when` holds (polled), or lets it end; true if it was killed. */
async function killWhen(child: ChildProcess, when: () => boolean): Promise<boolean> {
  const exited = once(child, 'exit');
  let killed = false;
  const poll = setInterval(() => {
    if (!killed && when()) {
      killed = child.kill('SIGKILL');
    }
  }, 1);
  await exited;
  clearInterval(poll);
  return killed;
}

/** Every listed row's id, and the watermark, straight from disk. */
async function lakeState() {
  const ids = (await lakeRows(lakeDir)).map((row) => row.id);
  return { ids, watermark: (await readManifest(lakeDir)).watermark };
}

function expectExactlyOnceUpTo(state: { ids: number[]; watermark: number }) {
  expect(state.ids).toEqual(Array.from({ length: state.watermark }, (_, i) => i + 1));
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'kairos-lake-crash-'));
  lakeDir = lakeFolder(dataDir);
  const handle = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
  await migrateDatabase(handle);
  // Ids 1..N in a fresh database: the lake must end up holding exactly these.
  await storeBulkEvents(handle.db, storedEvents, 700);
  await handle.close();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('kairos compact killed mid-run (embedded PGlite)', () => {
  test('killed when a temporary file appears: the lake on disk is whole, each event once', async () => {
    // Fault injected: SIGKILL while a page is staged, a Parquet file is half written, the manifest is half written.
    const moments = [
      nthTemporary('staging', 2),
      nthTemporary('part', 1),
      nthTemporary('manifest', 2),
      nthTemporary('part', 3),
    ];
    let progressed = 0;
    for (const moment of moments) {
      const before = (await readManifest(lakeDir)).watermark;
      const killed = await killWhen(compactInChild(), moment);
      expect(killed).toBe(true);
      const state = await lakeState();
      expectExactlyOnceUpTo(state);
      if (state.watermark > before) progressed++;
    }
    // The kills after a commit land in later commits, not only ever in the first.
    expect(progressed).toBeGreaterThan(0);
  });

  test('killed at random moments: the lake on disk is whole, each event once', async () => {
    // Fault injected: SIGKILL at an arbitrary instant of the run (start-up, reading, writing, swapping, deleting).
    for (let kill = 0; kill < 4; kill++) {
      const child = compactInChild();
      const started = Date.now();
      // After start-up (a couple of seconds on a small machine), somewhere in the run.
      const at = 1_500 + Math.random() * 2_500;
      await killWhen(child, () => Date.now() - started > at);
      expectExactlyOnceUpTo(await lakeState());
    }
  });

  test('a run after the kills finishes the lake: every stored event exactly once, nothing orphaned', async () => {
    // Fault looked for: a crash's leftovers (orphans, a stale watermark) breaking the next run.
    const run = runKairos(['compact'], childEnv());
    expect(run.out).toContain('The lake:');
    expect(run.code).toBe(0);
    const state = await lakeState();
    expect(state.watermark).toBe(storedEvents);
    expectExactlyOnceUpTo(state);
    expect(hasTemporary()).toBe(false);
    const listed = new Set((await readManifest(lakeDir)).files.map((file) => path.join(lakeDir, file.path)));
    const onDisk = readdirSync(lakeDir, { recursive: true })
      .map((name) => path.join(lakeDir, String(name)))
      .filter((name) => name.endsWith('.parquet'));
    expect(new Set(onDisk)).toEqual(listed);
    // And the rows are the events' facts, not only their ids.
    const handle = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
    try {
      expect(await lakeRows(lakeDir)).toEqual(await expectedRows(handle.db));
    } finally {
      await handle.close();
    }
  });
});
