import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSegmentSchema } from '@/lib/contracts/saved-segment';
import type { SegmentTree } from '@/lib/contracts/segment';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@/lib/db';
import {
  createSegment,
  deleteSegment,
  duplicateSegment,
  findSegment,
  listSegments,
  sizeHistoryLimit,
  updateSegment,
} from '@/lib/db/segments';

describe('saved segments', () => {
  let handle: DatabaseHandle;
  // "At-risk customers who searched in the last 7 days", through the contract's own schema.
  const definition: SegmentTree = createSegmentSchema.parse({
    name: 'x',
    definition: {
      all: [
        { kind: 'rfmSegment', segments: ['at risk'] },
        { kind: 'event', name: 'Products Searched', withinDays: 7 },
      ],
    },
  }).definition;

  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
    await migrateDatabase(handle);
  });
  afterAll(() => handle.close());

  it('creates, lists, renames and keeps a size history for the sparkline', async () => {
    const created = await createSegment(handle.db, {
      name: 'At-risk searchers',
      definition,
      size: { size: 120, share: 0.4 },
    });
    expect(created).toMatchObject({ name: 'At-risk searchers', version: 1, description: '' });
    expect(created.sizeHistory).toHaveLength(1);
    const renamed = await updateSegment(handle.db, created.id, {
      name: 'Lapsed searchers',
      size: { size: 130, share: 0.41 },
    });
    expect(renamed).toMatchObject({ name: 'Lapsed searchers', version: 1 });
    expect(renamed?.sizeHistory.map((point) => point.size)).toEqual([120, 130]);
    expect((await listSegments(handle.db)).map((segment) => segment.id)).toContain(created.id);
  });

  it('bumps the version when the definition changes, not when it is the same', async () => {
    const created = await createSegment(handle.db, { name: 'v', definition });
    const same = await updateSegment(handle.db, created.id, { definition });
    expect(same?.version).toBe(1);
    const changed = await updateSegment(handle.db, created.id, { definition: { any: [definition] } });
    expect(changed?.version).toBe(2);
  });

  it('keeps only the newest size points', async () => {
    const created = await createSegment(handle.db, { name: 'h', definition });
    for (let i = 0; i < sizeHistoryLimit + 5; i++) {
      await updateSegment(handle.db, created.id, { size: { size: i, share: 0 } });
    }
    const history = (await findSegment(handle.db, created.id))?.sizeHistory ?? [];
    expect(history).toHaveLength(sizeHistoryLimit);
    expect(history.at(-1)?.size).toBe(sizeHistoryLimit + 4);
  });

  it('duplicates as a new version-1 segment and deletes', async () => {
    const created = await createSegment(handle.db, { name: 'Original', description: 'd', definition });
    const copy = await duplicateSegment(handle.db, created.id);
    expect(copy).toMatchObject({ name: 'Original (copy)', description: 'd', version: 1, sizeHistory: [] });
    expect(await deleteSegment(handle.db, created.id)).toBe(true);
    expect(await deleteSegment(handle.db, created.id)).toBe(false);
    expect(await findSegment(handle.db, created.id)).toBeUndefined();
    expect(await updateSegment(handle.db, created.id, { name: 'gone' })).toBeUndefined();
    expect(await duplicateSegment(handle.db, created.id)).toBeUndefined();
  });
});
