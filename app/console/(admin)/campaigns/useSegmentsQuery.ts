'use client';
// The saved segments a campaign can target (GET /api/admin/segments).
import type { SegmentTree } from '@/lib/contracts/segment';
import { adminApi } from '../_api/admin-api';
import { type AdminQuery, useAdminQuery } from '../_api/useAdminQuery';

export interface SegmentChoice {
  id: number;
  name: string;
  definition: SegmentTree;
}

export type SegmentsState = AdminQuery<SegmentChoice[]>;

const loadSegmentChoices = async () =>
  (await adminApi.get<{ segments: SegmentChoice[] }>('/api/admin/segments')).segments;

export function useSegmentsQuery(): SegmentsState {
  return useAdminQuery(loadSegmentChoices).state;
}
