// The live count names the field a draft condition lacks, in words, not zod's text.
// (Injected failure: zod's "atLeast: Too small: expected number to be >=1".)
import { expect, test } from 'vitest';
import type { SegmentTree } from '@/lib/contracts/segment';
import { treeProblem } from '@/app/console/(admin)/segments/useSegmentStatsQuery';

test('a count below its minimum names the field and the bound', () => {
  const tree = { all: [{ kind: 'event', name: 'Order Completed', where: [], atLeast: 0 }] } as SegmentTree;
  expect(treeProblem(tree)).toBe('At least: must be 1 or more');
});

test('an empty event name says so', () => {
  const tree = { all: [{ kind: 'event', name: '', where: [], atLeast: 1 }] } as SegmentTree;
  expect(treeProblem(tree)).toBe('Name: must not be empty');
});

test('a complete tree has no problem', () => {
  expect(treeProblem({ all: [{ kind: 'event', name: 'Order Completed', where: [], atLeast: 1 }] })).toBeNull();
});
