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
  const where = issue.path
    .filter((part) => typeof part === 'string' && !['all', 'any', 'not'].includes(part))
    .map((part) => fieldLabel(String(part)));
  return `${where.length > 0 ? `${where.join(' › ')}: ` : ''}${problemWords(issue)}`;
}

/** "withinDays" → "Within days": the schema's key as the marketer reads it beside the field. */
const fieldLabel = (key: string) => {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** Zod's own text ("Too small: expected number to be >=1") is for developers. */
function problemWords(issue: {
  code: string;
  message: string;
  origin?: unknown;
  minimum?: unknown;
  maximum?: unknown;
}) {
  if (issue.code === 'too_small')
    return issue.origin === 'string' || issue.origin === 'array'
      ? 'must not be empty'
      : `must be ${String(issue.minimum)} or more`;
  if (issue.code === 'too_big')
    return issue.origin === 'number' ? `must be ${String(issue.maximum)} or less` : 'is too long';
  if (issue.code === 'invalid_type') return 'is missing or not valid';
  return issue.message;
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
