'use client';
// The saved segments from the server, refetched after every change.
import { useCallback, useEffect, useState } from 'react';
import { segmentsApi, type SavedSegment } from './saved-segments-api';

export type SavedSegmentsState =
  { status: 'loading' } | { status: 'loaded'; segments: SavedSegment[] } | { status: 'error'; message: string };

export function useSavedSegmentsQuery() {
  const [state, setState] = useState<SavedSegmentsState>({ status: 'loading' });
  const refresh = useCallback(async () => {
    try {
      setState({ status: 'loaded', segments: await segmentsApi.list() });
    } catch (error) {
      setState({ status: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return { state, refresh };
}
