// The segment tree: a typed JSON definition that
// compiles to DuckDB SQL (the console counts members over every visitor) and
// to a JS predicate (the device decides for itself). Validated by zod; unknown
// fields are rejected so a typo never silently widens a segment.
import { z } from 'zod';
import { geoFields } from './geo';

/** The ten-cell RFM map's names (lib/segments/rfm-map.ts places them on the R×F grid). */
export const rfmSegmentNames = [
  'champions',
  'loyal',
  'potential loyalists',
  'new customers',
  'promising',
  'need attention',
  'about to sleep',
  'at risk',
  'cannot lose them',
  'hibernating',
] as const;
export type RfmSegmentName = (typeof rfmSegmentNames)[number];

/** Intent tiers; the intent model scores them, the cut points are published like RFM's. */
export const intentTiers = ['high', 'medium', 'low'] as const;
export type IntentTier = (typeof intentTiers)[number];

export const technographicFields = ['device', 'browser', 'locale', 'timezone'] as const;
export type TechnographicField = (typeof technographicFields)[number];

/**
 * Strings reach SQL as escaped literals: they must be well-formed Unicode (a
 * lone surrogate has no UTF-8 form) and carry no NUL (DuckDB strings end there).
 */
const safeText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => s.isWellFormed() && !s.includes('\u0000'), 'must be well-formed text without NUL');

export const scalarSchema = z.union([safeText(500), z.number().finite(), z.boolean()]);
export type Scalar = z.infer<typeof scalarSchema>;

/**
 * A comparison of one named value (a trait, an event property). Semantics, the
 * same in both evaluators: `eq` is typed (a string never equals a number);
 * `gt`..`lte` compare numbers only; `contains`/`startsWith` strings only
 * (case-sensitive); `in` is `eq` against any listed value; `neq` is `not eq`,
 * so a visitor without the value matches it; `exists`/`notExists` test presence.
 */
export const comparisonSchema = z.discriminatedUnion('op', [
  z.object({ op: z.enum(['eq', 'neq']), value: scalarSchema }).strict(),
  z.object({ op: z.enum(['gt', 'gte', 'lt', 'lte']), value: z.number().finite() }).strict(),
  z.object({ op: z.enum(['contains', 'startsWith']), value: safeText(500) }).strict(),
  z.object({ op: z.literal('in'), value: z.array(scalarSchema).min(1).max(100) }).strict(),
  z.object({ op: z.enum(['exists', 'notExists']) }).strict(),
]);
export type Comparison = z.infer<typeof comparisonSchema>;

const key = safeText(200).min(1);
const days = z.number().int().min(1).max(3_650);

const conditionSchemas = {
  trait: z.object({ kind: z.literal('trait'), trait: key, compare: comparisonSchema }).strict(),
  /** At least `atLeast` events named `name` (matching every property filter) within `withinDays` before the reference time. */
  event: z
    .object({
      kind: z.literal('event'),
      name: key,
      where: z
        .array(z.object({ property: key, compare: comparisonSchema }).strict())
        .max(10)
        .default([]),
      atLeast: z.number().int().min(1).max(1_000_000).default(1),
      withinDays: days.optional(),
    })
    .strict(),
  rfmSegment: z
    .object({ kind: z.literal('rfmSegment'), segments: z.array(z.enum(rfmSegmentNames)).min(1).max(10) })
    .strict(),
  /** Inclusive score ranges (1..5); an absent axis is unconstrained. */
  rfmScore: z
    .object({
      kind: z.literal('rfmScore'),
      r: z.tuple([z.number().int().min(1).max(5), z.number().int().min(1).max(5)]).optional(),
      f: z.tuple([z.number().int().min(1).max(5), z.number().int().min(1).max(5)]).optional(),
      m: z.tuple([z.number().int().min(1).max(5), z.number().int().min(1).max(5)]).optional(),
    })
    .strict(),
  intent: z.object({ kind: z.literal('intent'), tiers: z.array(z.enum(intentTiers)).min(1).max(3) }).strict(),
  /** received = a 'Notification Shown', clicked = a 'Notification Clicked', none = no 'Notification Shown'. */
  campaign: z
    .object({
      kind: z.literal('campaign'),
      engagement: z.enum(['received', 'clicked', 'none']),
      campaignId: key.optional(),
      withinDays: days.optional(),
    })
    .strict(),
  /** The visitor's latest known value; `notIn` matches a visitor with no value. */
  technographic: z
    .object({
      kind: z.literal('technographic'),
      field: z.enum(technographicFields),
      op: z.enum(['in', 'notIn', 'startsWith']),
      values: z.array(safeText(200)).min(1).max(100),
    })
    .strict(),
  /**
   * The visitor's latest known place (docs/geography.md): country codes (ISO
   * 3166-1 alpha-2, `FR`), region and city names as DB-IP writes them, compared
   * exactly; `notIn` matches a visitor with no known place.
   */
  geo: z
    .object({
      kind: z.literal('geo'),
      field: z.enum(geoFields),
      op: z.enum(['in', 'notIn']),
      values: z.array(safeText(200).min(1)).min(1).max(300),
    })
    .strict()
    .refine((condition) => condition.field !== 'country' || condition.values.every((code) => /^[A-Z]{2}$/.test(code)), {
      message: 'a country is its two-letter ISO 3166-1 code in capitals (FR, US)',
      path: ['values'],
    }),
} as const;

export const conditionSchema = z.discriminatedUnion('kind', [
  conditionSchemas.trait,
  conditionSchemas.event,
  conditionSchemas.rfmSegment,
  conditionSchemas.rfmScore,
  conditionSchemas.intent,
  conditionSchemas.campaign,
  conditionSchemas.technographic,
  conditionSchemas.geo,
]);
export type SegmentCondition = z.infer<typeof conditionSchema>;
export type SegmentConditionInput = z.input<typeof conditionSchema>;

export type SegmentTree = { all: SegmentTree[] } | { any: SegmentTree[] } | { not: SegmentTree } | SegmentCondition;

/** Nesting and size limits keep a stored definition cheap to compile and evaluate. */
export const segmentLimits = { depth: 8, nodes: 200 } as const;

export const segmentTreeSchema: z.ZodType<SegmentTree> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(segmentTreeSchema).max(50) }).strict(),
    z.object({ any: z.array(segmentTreeSchema).max(50) }).strict(),
    z.object({ not: segmentTreeSchema }).strict(),
    conditionSchema,
  ]),
) as z.ZodType<SegmentTree>;

/** Parses an untrusted definition: shape, then the depth and size limits. */
export function parseSegmentTree(input: unknown): SegmentTree {
  const tree = segmentTreeSchema.parse(input);
  let nodes = 0;
  const walk = (node: SegmentTree, depth: number): void => {
    nodes += 1;
    if (depth > segmentLimits.depth) throw new Error(`A segment nests deeper than ${segmentLimits.depth} levels.`);
    if (nodes > segmentLimits.nodes) throw new Error(`A segment has more than ${segmentLimits.nodes} nodes.`);
    if ('all' in node) node.all.forEach((child) => walk(child, depth + 1));
    else if ('any' in node) node.any.forEach((child) => walk(child, depth + 1));
    else if ('not' in node) walk(node.not, depth + 1);
  };
  walk(tree, 1);
  return tree;
}

/** Event names the campaign condition reads (written by the service worker). */
