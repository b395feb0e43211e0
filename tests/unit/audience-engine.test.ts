// The server's audience engine kept in step with the lake: it loads only files
// it lacks, and drops the rows of a file the manifest no longer lists (one
// rewritten after a visitor was forgotten) without touching the rows of
// another date's file whose id range overlaps it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudienceEngine } from '@/lib/audience/audience-engine';
import type { KairosEvent } from '@/lib/contracts/event';
import type { SegmentTree } from '@/lib/contracts/segment';
import { writeLakeFiles } from '../fixtures/lake-files';

const day = 86_400_000;
const asOf = Date.UTC(2026, 10, 30);
const anyEvent: SegmentTree = { kind: 'event', name: 'Product Viewed', atLeast: 1, where: [] };

const view = (anonymousId: string, at: number): KairosEvent => ({
  messageId: crypto.randomUUID(),
  type: 'track',
  event: 'Product Viewed',
  properties: {},
  traits: {},
  anonymousId,
  userId: null,
  sessionId: null,
  timestamp: new Date(at).toISOString(),
  context: {},
});

describe('the server audience engine in step with the lake', () => {
  let lakeDir: string;
  let engine: AudienceEngine;
  beforeAll(async () => {
    lakeDir = mkdtempSync(path.join(tmpdir(), 'kairos-engine-'));
    engine = await AudienceEngine.open({ path: ':memory:', memoryLimit: '256MB', threads: 1 });
  });
  afterAll(async () => {
    await engine.close();
    rmSync(lakeDir, { recursive: true, force: true });
  });

  // Injected failures: a file loaded twice; a rewritten file's old rows kept; a drop by id range alone.
  it('loads new files once and drops a rewritten file by its date and range', async () => {
    // Interleaved days: ids 1, 3 on day one and 2, 4 on day two, so the two files' id ranges overlap.
    const events = [
      view('forgotten', asOf - 2 * day),
      view('neighbour', asOf - day),
      view('kept', asOf - 2 * day),
      view('forgotten', asOf - day),
    ];
    const files = writeLakeFiles(lakeDir, events);
    expect(files.map((file) => [file.firstId, file.lastId])).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(await engine.refresh(lakeDir, files)).toEqual({ loaded: 2, dropped: 0, rows: 4 });
    expect(await engine.refresh(lakeDir, files)).toEqual({ loaded: 0, dropped: 0, rows: 4 });
    expect((await engine.segmentMembers({ tree: anyEvent, asOf })).sort()).toEqual(['forgotten', 'kept', 'neighbour']);

    const twice: SegmentTree = { ...anyEvent, atLeast: 2 };
    expect(await engine.segmentMembers({ tree: twice, asOf })).toEqual(['forgotten']);

    // "forgotten" is gone from day one's file: rewritten over the same range under a new name, as the compactor does.
    const [, dayTwo] = files;
    const [rewrite] = writeLakeFiles(lakeDir, [events[2]!], 3);
    const rewritten = { ...rewrite!, firstId: 1, lastId: 3 };
    expect(await engine.refresh(lakeDir, [rewritten, dayTwo!])).toEqual({ loaded: 1, dropped: 1, rows: 3 });
    expect(await engine.segmentMembers({ tree: twice, asOf })).toEqual([]);
    // Day two's rows inside day one's range stay: "neighbour" (id 2) and "forgotten"'s day-two event (id 4).
    expect((await engine.segmentMembers({ tree: anyEvent, asOf })).sort()).toEqual(['forgotten', 'kept', 'neighbour']);
  });
});
