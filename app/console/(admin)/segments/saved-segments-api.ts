// The console's calls to the saved-segments admin API (app/api/admin/segments).
import type { SegmentStats } from '@/lib/contracts/analytics';
import type { SegmentTree } from '@/lib/contracts/segment';

/** A saved segment as the API returns it (dates as ISO text). */
export interface SavedSegment {
  id: number;
  name: string;
  description: string;
  definition: SegmentTree;
  version: number;
  sizeHistory: { at: string; size: number; share: number }[];
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, {
    ...init,
    headers: init?.body ? { 'Content-Type': 'application/json' } : undefined,
  });
  if (response.status === 204) return undefined as T;
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!response.ok) throw new Error(body?.error?.message ?? `The server answered ${response.status}.`);
  return body as T;
}

const sizeOf = (stats: SegmentStats) => ({
  size: stats.members,
  share: stats.customers > 0 ? Math.min(1, stats.members / stats.customers) : 0,
});

export const segmentsApi = {
  list: () => call<{ segments: SavedSegment[] }>('/api/admin/segments').then((r) => r.segments),
  create: (input: { name: string; description: string; definition: SegmentTree; stats: SegmentStats | null }) =>
    call<{ segment: SavedSegment }>('/api/admin/segments', {
      method: 'POST',
      body: JSON.stringify({
        name: input.name,
        description: input.description,
        definition: input.definition,
        ...(input.stats && { size: sizeOf(input.stats) }),
      }),
    }).then((r) => r.segment),
  update: (
    id: number,
    change: { name?: string; description?: string; definition?: SegmentTree; stats?: SegmentStats | null },
  ) => {
    const { stats, ...rest } = change;
    return call<{ segment: SavedSegment }>(`/api/admin/segments/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ ...rest, ...(stats && { size: sizeOf(stats) }) }),
    }).then((r) => r.segment);
  },
  duplicate: (id: number) =>
    call<{ segment: SavedSegment }>(`/api/admin/segments/${id}/duplicate`, { method: 'POST' }).then((r) => r.segment),
  remove: (id: number) => call<void>(`/api/admin/segments/${id}`, { method: 'DELETE' }),
  publish: (id: number, published: boolean) =>
    call<{ segment: SavedSegment }>(`/api/admin/segments/${id}/publish`, {
      method: published ? 'POST' : 'DELETE',
    }).then((r) => r.segment),
};
