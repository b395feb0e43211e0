'use client';
// The saved segments a campaign can target (GET /api/admin/segments).
import { useEffect, useState } from 'react';
import type { SegmentTree } from '@/lib/contracts/segment';
import { errorMessage } from '../data/format';
import { adminApi } from './admin-api';

export interface SegmentChoice {
  id: number;
  name: string;
  definition: SegmentTree;
}

export type SegmentsState =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'loaded'; segments: SegmentChoice[] };

export function useSegmentsQuery(): SegmentsState {
  const [state, setState] = useState<SegmentsState>({ status: 'loading' });
  useEffect(() => {
    let cancelled = false;
    adminApi<{ segments: SegmentChoice[] }>('/api/admin/segments').then(
      ({ segments }) => !cancelled && setState({ status: 'loaded', segments }),
      (error: unknown) => !cancelled && setState({ status: 'error', message: errorMessage(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, []);
  return state;
}
