'use client';
// The live size of the segment being edited: recounted 300 ms after the last
// edit; a count still running when a newer one starts is cancelled in the
// worker (the client's `supersede` key), so only the latest answer shows.
import { useEffect, useState } from 'react';
import type { WorkerEngine } from '@/lib/analytics/worker-client';
import type { SegmentStats } from '@/lib/contracts/analytics';
import { segmentTreeSchema, type SegmentTree } from '@/lib/contracts/segment';

export type StatsState =
  | { status: 'counting'; previous: SegmentStats | null }
  | { status: 'counted'; stats: SegmentStats; tree: SegmentTree }
  | { status: 'invalid'; message: string }
  | { status: 'error'; message: string };

export const liveCountDelayMs = 300;

/** The first problem of a draft tree, in words; null when the engine can count it. */
export function treeProblem(tree: SegmentTree): string | null {
  const parsed = segmentTreeSchema.safeParse(tree);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  if (!issue) return 'The segment is not complete.';
  const where = issue.path.filter((part) => typeof part === 'string' && !['all', 'any', 'not'].includes(part));
  const message = issue.code === 'too_small' && issue.origin === 'string' ? 'must not be empty' : issue.message;
  return `${where.length > 0 ? `${where.join(' › ')}: ` : ''}${message}`;
}

export function useSegmentStatsQuery(engine: WorkerEngine | null, tree: SegmentTree, generation: number, key: string) {
  const [state, setState] = useState<StatsState>({ status: 'counting', previous: null });
  const treeJson = JSON.stringify(tree);
  useEffect(() => {
    if (!engine) return;
    const draft = JSON.parse(treeJson) as SegmentTree;
    const problem = treeProblem(draft);
    if (problem) {
      setState({ status: 'invalid', message: problem });
      return;
    }
    let current = true;
    setState((before) => ({ status: 'counting', previous: before.status === 'counted' ? before.stats : null }));
    const timer = setTimeout(() => {
      engine.segmentStats({ tree: draft }, { supersede: key }).then(
        (stats) => current && setState({ status: 'counted', stats, tree: draft }),
        (error: unknown) => {
          // A cancelled count was replaced by a newer one: nothing to show for it.
          if (!current || (error instanceof Error && error.name === 'AbortError')) return;
          setState({ status: 'error', message: error instanceof Error ? error.message : String(error) });
        },
      );
    }, liveCountDelayMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [engine, treeJson, generation, key]);
  return state;
}
