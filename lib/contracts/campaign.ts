// The campaign admin API: what the console sends and reads back.
// Routes (all under an admin session, JSON in and out, errors as
// { error: { code, message, status } }):
//
//   GET    /api/admin/campaigns               → { campaigns: CampaignListItem[] } (newest first)
//   POST   /api/admin/campaigns               body CreateCampaign → 201 { campaign: CampaignListItem }
//   GET    /api/admin/campaigns/:id           → { campaign: CampaignListItem }
//   PATCH  /api/admin/campaigns/:id           body UpdateCampaign → { campaign } (409 once sending/sent)
//   DELETE /api/admin/campaigns/:id           → 204 (its queued deliveries go with it)
//   POST   /api/admin/campaigns/:id/send      body SendCampaignRequest → SendCampaignResponse
//          { audience: 'segment' }: the server computes the campaign's segment
//          members over every stored event at send time (a scheduled campaign:
//          when its time comes, so visitors who joined meanwhile get it) and
//          queues one delivery per push subscription. { anonymousIds }: these
//          visitors, in chunks of at most campaignLimits.maxSendBatch (a visitor
//          sent twice is queued once); scheduled ones are queued now and
//          delivered at that time.
//          413 `payload_too_large` when the personalised message of any member is
//          over maxPushPayloadBytes: nothing is queued then.
//   POST   /api/admin/campaigns/:id/test      body TestSendRequest → TestSendResponse
//          Sends now, outside the outbox, to the subscriptions of one anonymousId
//          (the marketer's own browser); 404 `no_subscription` when it has none.
//   POST   /api/admin/campaigns/test          body TestMessageRequest → TestSendResponse
//          The same test send for a message not saved as a campaign (the console's
//          composer tests what is on screen; nothing is stored). The payload carries
//          no campaignId, so the test never counts as a campaign's delivery.
//
// Public push routes: lib/contracts/push-api.ts.
import { z } from 'zod';
import { maxPushPayloadBytes, notificationActionSchema } from './push';
import { segmentTreeSchema } from './segment';
import { campaignPolicySchema, type CampaignPolicy, type SkipCounts } from './delivery-policy';

export const campaignLimits = {
  /** anonymousIds in one send request (the console sends bigger segments in chunks). */
  maxSendBatch: 5_000,
  /** The longest TTL push services keep a message (FCM: 28 days). */
  maxTtlSeconds: 28 * 24 * 60 * 60,
  maxPushPayloadBytes,
  /** Message variants of one campaign: the message (A) and up to three more (B, C, D). */
  maxVariants: 4,
  /** The largest control share: a control bigger than the targeted group measures little more. */
  maxControlShare: 0.5,
} as const;

/** A new campaign holds out 10% of its audience as a control unless told otherwise. */
export const defaultControlShare = 0.1;

/** Metrics a staged send can pick its winner by (the names of the results' comparisons). */
export const stageMetrics = ['clickThrough', 'conversion'] as const;
export type StageMetric = (typeof stageMetrics)[number];

/**
 * A staged send: the variants go to a test share of the audience first; after
 * `waitHours` the server picks the winner by `metric` (lib/results/stage-winner.ts)
 * and sends it to the rest. Needs two variants or more.
 */
export const stagedSendSchema = z
  .object({
    testShare: z.number().min(0.05).max(0.5).default(0.2),
    waitHours: z.number().int().min(1).max(168).default(4),
    metric: z.enum(stageMetrics).default('clickThrough'),
  })
  .strict();
export type StagedSend = z.infer<typeof stagedSendSchema>;

/** Why a campaign cannot be staged, or undefined: a winner needs two variants to choose from. */
export const stagedSendProblem = (variants: readonly unknown[], stagedSend: StagedSend | null | undefined) =>
  stagedSend && variants.length === 0
    ? 'stagedSend: a staged send needs a second variant (B) to pick a winner from.'
    : undefined;

/** Where a staged send is: waiting for its decision, or decided (the winner and why, in words). */
export interface StageState {
  /** When the test share was sent, and when the winner is (or was) picked. */
  startedAt: string;
  decideAt: string;
  /** Visitors of the test share sent to, and of the rest waiting for (or sent) the winner. */
  testVisitors: number;
  restVisitors: number;
  decidedAt: string | null;
  /** The variant sent to the rest (0 = A); null until decided. */
  winner: number | null;
  /** Why that variant: a significant win, or the first variant for want of one. */
  reason: string | null;
}

/** Delivery urgency (RFC 8030 §5.3). */
export const urgencies = ['very-low', 'low', 'normal', 'high'] as const;
export type Urgency = (typeof urgencies)[number];

export const campaignStatuses = ['draft', 'scheduled', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

const link = z.string().trim().max(2_048);

/**
 * The notification a campaign sends. Title, body, url and action titles may
 * hold personalisation placeholders `{{trait}}` or `{{trait|fallback}}`,
 * filled from the visitor's traits (lib/contracts/campaign-message.ts).
 */
export const campaignMessageSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    body: z.string().max(1_000).default(''),
    url: link.optional(),
    icon: link.optional(),
    image: link.optional(),
    badge: link.optional(),
    actions: z.array(notificationActionSchema).max(2).optional(),
    tag: z.string().max(64).optional(),
    renotify: z.boolean().optional(),
  })
  .strict();
export type CampaignMessage = z.infer<typeof campaignMessageSchema>;

/** RFC 8030 §5.4: a topic is at most 32 characters of the URL-safe base64 alphabet. */
export const topicSchema = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'a topic is 1 to 32 letters, digits, "-" or "_"');

const campaignFields = z
  .object({
    name: z.string().trim().min(1).max(120),
    /** A saved segment (lib/contracts/saved-segment.ts), and/or the definition the members were computed from. */
    segmentId: z.number().int().positive().nullable(),
    segmentDefinition: segmentTreeSchema.nullable(),
    message: campaignMessageSchema,
    /**
     * The other variants (B, C, D): each visitor gets one of the message and
     * these, by a stable hash of the campaign and the visitor.
     */
    variants: z.array(campaignMessageSchema).max(campaignLimits.maxVariants - 1),
    /**
     * The share of the audience held out (chosen by the same kind of hash):
     * recorded, sent nothing, and compared with the rest for the lift. 0: none.
     */
    controlShare: z.number().min(0).max(campaignLimits.maxControlShare),
    /** ISO time to deliver at; null or absent: as soon as it is sent. */
    scheduledAt: z.iso.datetime({ offset: true }).nullable(),
    ttlSeconds: z.number().int().min(0).max(campaignLimits.maxTtlSeconds),
    urgency: z.enum(urgencies),
    topic: topicSchema.nullable(),
    /** Null: every visitor gets their variant at once. */
    stagedSend: stagedSendSchema.nullable(),
  })
  .extend(campaignPolicySchema.shape)
  .strict();

/** A send at a local time needs its time. */
const localTimeGiven = (fields: { timeMode?: string; localTime?: string | null }) =>
  fields.timeMode !== 'localTime' || (fields.localTime ?? null) !== null;
const localTimeNeeded = {
  message: 'a send at a local time needs the time (localTime, HH:MM)',
  path: ['localTime'],
};

export const createCampaignSchema = campaignFields
  .extend({
    variants: campaignFields.shape.variants.default([]),
    controlShare: campaignFields.shape.controlShare.default(defaultControlShare),
    timeMode: campaignFields.shape.timeMode.default('now'),
    localTime: campaignFields.shape.localTime.default(null),
    perMinute: campaignFields.shape.perMinute.default(null),
    important: campaignFields.shape.important.default(false),
  })
  .partial({
    segmentId: true,
    segmentDefinition: true,
    scheduledAt: true,
    ttlSeconds: true,
    urgency: true,
    topic: true,
    stagedSend: true,
  })
  .refine(localTimeGiven, localTimeNeeded);
export type CreateCampaign = z.input<typeof createCampaignSchema>;

export const updateCampaignSchema = campaignFields.partial().refine(localTimeGiven, localTimeNeeded);
export type UpdateCampaign = z.input<typeof updateCampaignSchema>;

/** Deliveries by outcome; `queued` includes the ones being sent right now. */
export interface DeliveryCounts {
  queued: number;
  sent: number;
  failed: number;
  expired: number;
  /** Left unsent by the delivery policy (capped, guard); `skips` says why. */
  skipped: number;
}

export interface CampaignListItem {
  id: number;
  name: string;
  segmentId: number | null;
  segmentDefinition: unknown;
  message: CampaignMessage;
  /** Variants B to D (A is `message`). */
  variants: CampaignMessage[];
  controlShare: number;
  status: CampaignStatus;
  scheduledAt: string | null;
  ttlSeconds: number;
  urgency: Urgency;
  topic: string | null;
  stagedSend: StagedSend | null;
  /** A staged send that has started: its test share, and the winner once picked. */
  stage: StageState | null;
  timeMode: CampaignPolicy['timeMode'];
  localTime: string | null;
  perMinute: number | null;
  important: boolean;
  createdAt: string;
  updatedAt: string;
  counts: DeliveryCounts;
  /** Why visitors were skipped (docs/delivery-policy.md#skip-reasons). */
  skips: SkipCounts;
}

export const sendCampaignRequestSchema = z.union([
  /** These visitors (tests and scripts; the console sends to a segment). */
  z.object({ anonymousIds: z.array(z.string().min(1).max(200)).max(campaignLimits.maxSendBatch) }).strict(),
  /** The campaign's segment, its members computed on the server at send time. */
  z.object({ audience: z.literal('segment') }).strict(),
]);
export type SendCampaignRequest = z.infer<typeof sendCampaignRequestSchema>;

export interface SendCampaignResponse {
  campaign: CampaignListItem;
  /** New delivery rows (one per subscription not already queued for this campaign). */
  queued: number;
  /** Visitors of the request (or of the segment) with at least one push subscription. */
  subscribedVisitors: number;
  /** Of those, the visitors held out as the control (recorded, sent nothing). */
  control?: number;
  /** Visitors with a subscription left out because they are in the global holdout (not counted above). */
  globalHoldout?: number;
  /** A staged send: visitors waiting for the winner (not queued yet; counted in subscribedVisitors). */
  awaitingWinner?: number;
  /** A segment send: its members at send time, and what they were computed over. */
  segment?:
    | { scheduled: true }
    | { scheduled: false; members: number; evaluatedOn: { asOf: number; events: number; ms: number } };
}

export const testSendRequestSchema = z.object({ anonymousId: z.string().min(1).max(200) }).strict();
export type TestSendRequest = z.infer<typeof testSendRequestSchema>;

/** A test send of an unsaved message: the message and its delivery options, for one visitor. */
export const testMessageRequestSchema = z
  .object({
    anonymousId: z.string().min(1).max(200),
    message: campaignMessageSchema,
    ttlSeconds: z
      .number()
      .int()
      .min(0)
      .max(campaignLimits.maxTtlSeconds)
      .default(24 * 60 * 60),
    urgency: z.enum(urgencies).default('normal'),
    topic: topicSchema.nullable().default(null),
  })
  .strict();
export type TestMessageRequest = z.input<typeof testMessageRequestSchema>;

export interface TestSendResult {
  subscriptionId: number;
  /** The push service's origin (the endpoint itself is a secret capability). */
  pushService: string;
  outcome: 'sent' | 'expired' | 'failed';
  statusCode: number | null;
  error?: string;
}

export interface TestSendResponse {
  results: TestSendResult[];
}
