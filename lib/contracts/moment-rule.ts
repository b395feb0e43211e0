// A micro-moment rule: what the service worker
// watches for (trigger), what it must mean (keyword sets), who may get it
// (segment precondition), what it says (message template) and how often
// (caps, cooldown, quiet hours, dates). Strict and bounded: a rule travels to
// every device in the published config, so its size is capped too.
import { z } from 'zod';
import { defaultSearchParameters } from './event-names';

export type { KairosNotificationData } from './push';

const text = (max: number) => z.string().trim().min(1).max(max);

/** A search query read from a navigation's or fetch's URL, or a search the tracker forwards (`Products Searched`). */
const searchTriggerSchema = z
  .object({
    kind: z.literal('search'),
    /** `url`: navigations and fetches seen by the service worker; `searchBox`: the tracker's `Products Searched`. */
    sources: z
      .array(z.enum(['url', 'searchBox']))
      .min(1)
      .max(2)
      .default(['url', 'searchBox']),
    parameters: z
      .array(z.string().trim().min(1).max(40))
      .min(1)
      .max(10)
      .default([...defaultSearchParameters]),
    /**
     * Path patterns a search URL must match (`*` is any run of characters, as
     * in `/search*`); empty: any path of the site's origin.
     */
    pathPatterns: z.array(z.string().trim().min(1).max(200).startsWith('/')).max(10).default([]),
  })
  .strict();

/** A product page (`Product Viewed`); the query is the product's name. */
const productViewTriggerSchema = z
  .object({
    kind: z.literal('productView'),
    /** Only these categories (the event's `category`); empty: any. */
    categories: z.array(text(80)).max(20).default([]),
  })
  .strict();

/** A category listing (`Product List Viewed` with `category`, Segment's e-commerce spec). */
const categoryViewTriggerSchema = z
  .object({
    kind: z.literal('categoryView'),
    categories: z.array(text(80)).max(20).default([]),
  })
  .strict();

/** `Product Added` with no `Order Completed` within `afterMinutes`. */
const cartAbandonedTriggerSchema = z
  .object({
    kind: z.literal('cartAbandoned'),
    afterMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60),
  })
  .strict();

export const momentTriggerSchema = z.discriminatedUnion('kind', [
  searchTriggerSchema,
  productViewTriggerSchema,
  categoryViewTriggerSchema,
  cartAbandonedTriggerSchema,
]);
export type MomentTrigger = z.infer<typeof momentTriggerSchema>;
export type MomentTriggerKind = MomentTrigger['kind'];

/** A named intent: words (`terms`) and word sequences (`phrases`); `any` of them, or `all`. */
export const keywordSetSchema = z
  .object({
    name: text(80),
    terms: z.array(text(80)).max(200).default([]),
    phrases: z.array(text(200)).max(100).default([]),
    require: z.enum(['any', 'all']).default('any'),
  })
  .strict()
  .refine((set) => set.terms.length + set.phrases.length > 0, 'a keyword set needs at least one term or phrase');
export type KeywordSet = z.infer<typeof keywordSetSchema>;

export const momentMatchSchema = z
  .object({
    sets: z.array(keywordSetSchema).min(1).max(10),
    /** `all`: every set must match (intent "budget travel" = a budget word and a travel word). */
    combine: z.enum(['any', 'all']).default('any'),
    /** Words or phrases that veto a match, compared without typo tolerance ("cheat" is not "cheap"). */
    exclude: z.array(text(200)).max(100).default([]),
    /** Edits (Damerau–Levenshtein) allowed per word; words shorter than `minWordLength` must be exact. */
    maxEdits: z.number().int().min(0).max(2).default(1),
    minWordLength: z.number().int().min(3).max(12).default(5),
  })
  .strict();
export type MomentMatch = z.infer<typeof momentMatchSchema>;

/** `{{query}}` in any field is replaced by the moment's text (a search query, a product name). */
export const momentMessageSchema = z
  .object({
    title: text(120),
    body: z.string().trim().max(400).default(''),
    url: z.string().trim().min(1).max(1_000),
    icon: z.string().trim().max(1_000).optional(),
  })
  .strict();
export type MomentMessage = z.infer<typeof momentMessageSchema>;

const hour = z.number().int().min(0).max(23);

export const momentRuleFieldsSchema = z
  .object({
    name: text(120),
    enabled: z.boolean().default(true),
    trigger: momentTriggerSchema,
    /** Required for search triggers; for the others an absent match accepts every moment. */
    match: momentMatchSchema.nullable().default(null),
    /** A saved segment's id: the device decides membership with the published tree and RFM model. */
    segmentId: z.number().int().positive().nullable().default(null),
    message: momentMessageSchema,
    /** At most `count` notifications of this rule in any rolling `periodHours`. */
    frequencyCap: z
      .object({
        count: z.number().int().min(1).max(100),
        periodHours: z
          .number()
          .int()
          .min(1)
          .max(24 * 365),
      })
      .strict()
      .default({ count: 1, periodHours: 24 }),
    /** Not before this many minutes after this rule last fired. */
    cooldownMinutes: z
      .number()
      .int()
      .min(0)
      .max(30 * 24 * 60)
      .default(60),
    /** At most this many moment notifications of any rule per local day before this rule stays silent. */
    globalDailyCap: z.number().int().min(1).max(50).default(3),
    /** No notification from startHour until endHour (visitor's time zone; wraps midnight; equal: none). */
    quietHours: z.object({ startHour: hour, endHour: hour }).strict().nullable().default(null),
    /**
     * The share of visitors this rule's moments are held out from (a stable
     * hash of the rule and the visitor): they see nothing, the device records
     * `Moment Held Out`, and the rule's results compare them with the rest.
     */
    holdoutShare: z.number().min(0).max(0.5).default(0.1),
    /** Higher first when several rules match one moment. */
    priority: z.number().int().min(0).max(1_000).default(100),
    startsAt: z.iso.datetime({ offset: true }).nullable().default(null),
    endsAt: z.iso.datetime({ offset: true }).nullable().default(null),
  })
  .strict();

const triggerNeedsMatch = (rule: { trigger: MomentTrigger; match: MomentMatch | null }) =>
  rule.trigger.kind !== 'search' || rule.match !== null;
const datesInOrder = (rule: { startsAt: string | null; endsAt: string | null }) =>
  !rule.startsAt || !rule.endsAt || Date.parse(rule.startsAt) < Date.parse(rule.endsAt);

/** What the console sends to create a rule. */
export const createMomentRuleSchema = momentRuleFieldsSchema
  .refine(triggerNeedsMatch, { message: 'a search rule needs keyword sets to match', path: ['match'] })
  .refine(datesInOrder, { message: 'endsAt must be after startsAt', path: ['endsAt'] });
export type MomentRuleInput = z.input<typeof createMomentRuleSchema>;

/**
 * A PATCH: any of the rule's fields, values unchecked here — the merged rule is
 * checked with createMomentRuleSchema. (A `.partial()` of the fields would fill
 * in their defaults and silently reset what the PATCH did not mention.)
 */
export const updateMomentRuleSchema = z
  .record(z.string(), z.unknown())
  .refine(
    (change) => Object.keys(change).every((key) => key in momentRuleFieldsSchema.shape),
    'only the fields of a moment rule can be changed',
  );

/** A stored rule as devices receive it. */
export const momentRuleSchema = momentRuleFieldsSchema
  .extend({ id: z.number().int().positive(), version: z.number().int().positive() })
  .strict();
export type MomentRule = z.infer<typeof momentRuleSchema>;

/** Why a rule did or did not fire (the device's decision log). */
export const momentSkipReasons = [
  'noMatch',
  'expired',
  'quietHours',
  'notInSegment',
  'cooldown',
  'cap',
  'globalCap',
  /** The cross-channel caps of the delivery policy (campaigns' notifications shown count too). */
  'channelCap',
  'outranked',
  /** A cart rule: the order was completed before the rule's wait was over. */
  'orderCompleted',
] as const;
export type MomentSkipReason = (typeof momentSkipReasons)[number];

/** Per rule, from synced events: the console's Moments table. */
export interface MomentRuleStats {
  ruleId: number;
  fires: number;
  clicks: number;
  /** clicks / fires, 0 when nothing fired. */
  ctr: number;
}
