// The builder's vocabulary: a new condition of each kind, and how each is named.
import type { Comparison, SegmentCondition, SegmentTree } from '@/lib/contracts/segment';

export const conditionKinds = [
  'event',
  'rfmSegment',
  'rfmScore',
  'trait',
  'intent',
  'campaign',
  'technographic',
  'geo',
] as const;
export type ConditionKind = (typeof conditionKinds)[number];

export const conditionKindLabels = {
  event: 'Did an event',
  rfmSegment: 'RFM segment',
  rfmScore: 'RFM scores',
  trait: 'Trait',
  intent: 'Intent tier',
  campaign: 'Campaign engagement',
  technographic: 'Device, browser, locale or time zone',
  geo: 'Country, region or city',
} as const satisfies Record<ConditionKind, string>;

export function newCondition(kind: ConditionKind): SegmentCondition {
  switch (kind) {
    case 'event':
      return { kind, name: '', where: [], atLeast: 1, withinDays: 30 };
    case 'rfmSegment':
      return { kind, segments: ['champions'] };
    case 'rfmScore':
      return { kind, r: [4, 5] };
    case 'trait':
      return { kind, trait: 'plan', compare: { op: 'eq', value: '' } };
    case 'intent':
      return { kind, tiers: ['high'] };
    case 'campaign':
      return { kind, engagement: 'clicked', withinDays: 30 };
    case 'technographic':
      return { kind, field: 'device', op: 'in', values: ['mobile'] };
    case 'geo':
      return { kind, field: 'country', op: 'in', values: ['US'] };
  }
}

export const emptySegment: SegmentTree = { all: [] };

export const comparisonOps = [
  'eq',
  'neq',
  'in',
  'gt',
  'gte',
  'lt',
  'lte',
  'contains',
  'startsWith',
  'exists',
  'notExists',
] as const satisfies readonly Comparison['op'][];

export const comparisonLabels = {
  eq: 'is',
  neq: 'is not',
  in: 'is one of',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  contains: 'contains',
  startsWith: 'starts with',
  exists: 'is set',
  notExists: 'is not set',
} as const satisfies Record<Comparison['op'], string>;

/** A copy without one optional field (e.g. a cleared time window). */
export function without<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const copy = { ...value };
  delete copy[key];
  return copy;
}
