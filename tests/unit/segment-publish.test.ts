// Publishing a saved segment for devices: published_at set and cleared, and a
// redefinition withdraws it (devices must not evaluate a definition nobody published).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SegmentTree } from '@/lib/contracts/segment';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@/lib/db';
import { createSegment, findSegment, setSegmentPublished, updateSegment } from '@/lib/db/segments';

describe('segment publishing', () => {
  let handle: DatabaseHandle;
  const champions: SegmentTree = { kind: 'rfmSegment', segments: ['champions'] };

  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
    await migrateDatabase(handle);
  });
  afterAll(() => handle.close());

  it('publishes, unpublishes, and a new version is unpublished', async () => {
    const { id } = await createSegment(handle.db, { name: 'Champions', definition: champions });
    expect((await findSegment(handle.db, id))?.publishedAt).toBeNull();
    const at = new Date('2026-05-01T10:00:00Z');
    expect((await setSegmentPublished(handle.db, id, true, at))?.publishedAt).toEqual(at);
    expect((await setSegmentPublished(handle.db, id, false))?.publishedAt).toBeNull();
    await setSegmentPublished(handle.db, id, true);
    const renamed = await updateSegment(handle.db, id, { name: 'Best' });
    expect(renamed?.publishedAt).not.toBeNull();
    const redefined = await updateSegment(handle.db, id, { definition: { not: champions } });
    expect(redefined).toMatchObject({ version: 2, publishedAt: null });
    expect(await setSegmentPublished(handle.db, 987_654, true)).toBeUndefined();
  });
});
