// The worker protocol end to end in Node: the typed client and the dispatcher
// talk over a MessageChannel (as page and worker do), with the Node engine
// behind the dispatcher. Progress, typed results, serialised errors, and a
// newer call cancelling an older one with the same supersede key.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { WorkerEngine } from '@/lib/analytics/worker-client';
import { connectWorkerEngine } from '../fixtures/worker-channel';
import { fuzzDataset } from '../fixtures/segment-fuzz';

let client: WorkerEngine;
let close: () => void;

beforeAll(() => {
  ({ client, close } = connectWorkerEngine());
});
afterAll(() => close());

describe('worker protocol (client + dispatcher over a MessageChannel)', () => {
  test('a load streams progress and answers with a typed result', async () => {
    const events = fuzzDataset(2, 30);
    const progress: string[] = [];
    const summary = await client.loadEvents({ events }, { onProgress: (p) => progress.push(p.phase) });
    expect(summary.rows).toBe(events.length);
    expect(progress).toContain('insert');
    expect(progress.at(-1)).toBe('index');
  });

  test('an error crosses as {name, message, stack}', async () => {
    const error = (await client.query({ sql: 'SELECT * FROM no_such_table' }).then(
      () => undefined,
      (e: unknown) => e,
    )) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/no_such_table/);
    expect(error.stack).toBeTruthy();
  });

  test('a newer call with the same supersede key cancels the running one', async () => {
    const slow = client.query(
      { sql: 'SELECT count(*) FROM range(2000000000) a, range(10) b WHERE a.range % 7 = b.range' },
      { supersede: 'segment-count' },
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const newer = client.query({ sql: 'SELECT 7 AS n' }, { supersede: 'segment-count' });
    await expect(slow).rejects.toMatchObject({ name: 'AbortError' });
    await expect(newer).resolves.toEqual({ columns: [{ name: 'n', type: 'Int32' }], rows: [{ n: 7 }] });
  });
});
