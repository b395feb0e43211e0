'use client';
// The saved segments from the server, refetched after every change.
import { type AdminQuery, useAdminQuery } from '../_api/useAdminQuery';
import { type SavedSegment, segmentsApi } from './saved-segments';

export type SavedSegmentsState = AdminQuery<SavedSegment[]>;

export function useSavedSegmentsQuery() {
  const { state, reload } = useAdminQuery(segmentsApi.list);
  return { state, refresh: reload };
}
