// Saved segments as the console reads and changes them (app/api/admin/segments).
import type { SegmentStats } from '@/lib/contracts/analytics';
import type { SegmentTree } from '@/lib/contracts/segment';
import { adminApi } from '../_api/admin-api';

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

type SegmentAnswer = { segment: SavedSegment };

const sizeOf = (stats: SegmentStats) => ({
  size: stats.members,
  share: stats.customers > 0 ? Math.min(1, stats.members / stats.customers) : 0,
});

export const segmentsApi = {
  list: async () => (await adminApi.get<{ segments: SavedSegment[] }>('/api/admin/segments')).segments,
  create: async (input: { name: string; description: string; definition: SegmentTree; stats: SegmentStats | null }) => {
    const { stats, ...fields } = input;
    return (
      await adminApi.post<SegmentAnswer>('/api/admin/segments', { ...fields, ...(stats && { size: sizeOf(stats) }) })
    ).segment;
  },
  update: async (
    id: number,
    change: { name?: string; description?: string; definition?: SegmentTree; stats?: SegmentStats | null },
  ) => {
    const { stats, ...rest } = change;
    return (
      await adminApi.patch<SegmentAnswer>(`/api/admin/segments/${id}`, {
        ...rest,
        ...(stats && { size: sizeOf(stats) }),
      })
    ).segment;
  },
  duplicate: async (id: number) => (await adminApi.post<SegmentAnswer>(`/api/admin/segments/${id}/duplicate`)).segment,
  remove: (id: number) => adminApi.delete(`/api/admin/segments/${id}`),
  publish: async (id: number, published: boolean) => {
    const path = `/api/admin/segments/${id}/publish` as const;
    return (await (published ? adminApi.post<SegmentAnswer>(path) : adminApi.delete<SegmentAnswer>(path))).segment;
  },
};
