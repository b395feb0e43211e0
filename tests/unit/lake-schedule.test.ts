// When the server compacts by itself, and one writer per lake: the schedule's
// thresholds (with fake timers: no real waiting, nothing timed), and the
// PostgreSQL advisory lock that makes a second process skip its run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { compactLake } from '@/lib/lake/compactor';
import { LakeSchedule } from '@/lib/lake/schedule';
import { lakeSettings } from '@/lib/lake/settings';
import { lakeWriterKey } from '@/lib/lake/writer-lock';
import { storeBulkEvents } from '../fixtures/bulk-events';
import { serverStorage, storageBackends } from '../fixtures/storage-backends';

describe('background compaction schedule', () => {
  const settings = { minEvents: 100, debounceMs: 30_000, intervalMs: 900_000 };
  let runs: number;
  let schedule: LakeSchedule;
  beforeEach(() => {
    vi.useFakeTimers();
    runs = 0;
    schedule = new LakeSchedule(async () => void runs++, settings);
  });
  afterEach(() => {
    schedule.stop();
    vi.useRealTimers();
  });

  test('a burst past the threshold is compacted once, after the quiet time', async () => {
    // Fault looked for: a run per collect batch, or none at all.
    for (let batch = 0; batch < 10; batch++) schedule.stored(20);
    await vi.advanceTimersByTimeAsync(settings.debounceMs - 1);
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(settings.debounceMs * 3);
    expect(runs).toBe(1);
  });

  test('below the threshold nothing runs until the interval; a forget arms a run', async () => {
    // Fault looked for: a small tail or a queued forget never compacted.
    schedule.start();
    await vi.advanceTimersByTimeAsync(settings.debounceMs);
    expect(runs).toBe(1); // the tail a previous process left
    schedule.stored(99);
    await vi.advanceTimersByTimeAsync(settings.debounceMs * 2);
    expect(runs).toBe(1);
    schedule.forgotten();
    await vi.advanceTimersByTimeAsync(settings.debounceMs);
    expect(runs).toBe(2);
    await vi.advanceTimersByTimeAsync(settings.intervalMs);
    expect(runs).toBe(3);
  });

  test('the defaults and KAIROS_LAKE_* overrides; nonsense falls back to the default', () => {
    // Fault looked for: an env var read under the wrong name, or a zero that stalls the lake.
    expect(lakeSettings({})).toMatchObject({
      background: true,
      minEvents: 10_000,
      manifestTail: 20_000,
      mergeFiles: 8,
    });
    const set = lakeSettings({ KAIROS_LAKE: 'off', KAIROS_LAKE_MANIFEST_TAIL: '500', KAIROS_LAKE_MERGE_FILES: '0' });
    expect(set).toMatchObject({ background: false, manifestTail: 500, mergeFiles: 8 });
  });
});

const postgres = storageBackends.find((backend) => backend.name === 'PostgreSQL');
// The advisory lock is PostgreSQL's: skipped when KAIROS_TEST_DATABASE_URL is unset (.ci/run starts a server).
describe.skipIf(!postgres || postgres.skip)('one writer per lake across processes (PostgreSQL)', () => {
  test('a run finding the advisory lock taken skips (or, asked to, waits for it), and runs once it is free', async () => {
    // Fault injected: another process holding the lake's lock (its session takes it here).
    const storage = await serverStorage(postgres!);
    const lakeDir = mkdtempSync(path.join(tmpdir(), 'kairos-lake-lock-'));
    const { Client } = await import('pg');
    const url = (storage.handle.db as unknown as { $client: { options: { connectionString: string } } }).$client.options
      .connectionString;
    const other = new Client({ connectionString: url });
    await other.connect();
    try {
      await storeBulkEvents(storage.handle.db, 100, 5);
      const key = String(lakeWriterKey(lakeDir));
      await other.query('select pg_advisory_lock($1::bigint)', [key]);
      const options = { settings: lakeSettings({}) };
      expect(await compactLake(storage.handle, lakeDir, options)).toBeUndefined();
      // A caller that needs every stored event (a send's audience) waits for the holder, then compacts.
      let waited: number | undefined;
      const waiting = compactLake(storage.handle, lakeDir, { ...options, wait: true }).then((summary) => {
        waited = summary?.rows;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(waited).toBeUndefined();
      await other.query('select pg_advisory_unlock($1::bigint)', [key]);
      await waiting;
      expect(waited).toBe(100);
    } finally {
      await other.end();
      await storage.close();
      rmSync(lakeDir, { recursive: true, force: true });
    }
  });
});
