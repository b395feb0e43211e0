'use client';
// One page of a segment's members with its defining columns, sorted in the engine.
import { useEffect, useState } from 'react';
import type { WorkerEngine } from '@/lib/analytics/worker-client';
import type { MemberPage } from '@/lib/contracts/analytics';
import type { SegmentTree } from '@/lib/contracts/segment';

export const memberPageSize = 500;
const memberQueryDelayMs = 300;

export type MemberPageState =
  | { status: 'loading'; previous: MemberPage | null }
  | { status: 'loaded'; page: MemberPage }
  | { status: 'error'; message: string };

export interface MemberQuery {
  page: number;
  sort: { column: number; descending: boolean };
}

export function useMemberPageQuery(
  engine: WorkerEngine | null,
  tree: SegmentTree,
  query: MemberQuery,
  generation: number,
  key: string,
) {
  const [state, setState] = useState<MemberPageState>({ status: 'loading', previous: null });
  const treeJson = JSON.stringify(tree);
  useEffect(() => {
    if (!engine) return;
    let current = true;
    setState((before) => ({ status: 'loading', previous: before.status === 'loaded' ? before.page : null }));
    // Like the live count: wait for a pause in the edits, and let a newer page cancel this one.
    const timer = setTimeout(() => {
      engine
        .segmentMemberPage(
          {
            tree: JSON.parse(treeJson) as SegmentTree,
            sort: query.sort,
            offset: query.page * memberPageSize,
            limit: memberPageSize,
          },
          { supersede: key },
        )
        .then(
          (page) => current && setState({ status: 'loaded', page }),
          (error: unknown) => {
            if (!current || (error instanceof Error && error.name === 'AbortError')) return;
            setState({ status: 'error', message: error instanceof Error ? error.message : String(error) });
          },
        );
    }, memberQueryDelayMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [engine, treeJson, query.page, query.sort.column, query.sort.descending, generation, key]);
  return state;
}
