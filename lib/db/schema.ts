// Server storage: one Drizzle schema for PGlite (embedded) and PostgreSQL.
// Column names are snake_case in SQL; the event columns follow the Segment spec
// (lib/contracts/event.ts) so an analyst recognises them.
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { StagedSend, StageState } from '../contracts/campaign';
import { storedEventTypes } from '../contracts/event-names';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const visitors = pgTable(
  'visitors',
  {
    anonymousId: text('anonymous_id').primaryKey(),
    userId: text('user_id'),
    traits: jsonb('traits').$type<Record<string, unknown>>().notNull().default({}),
    firstSeen: timestamp('first_seen', { withTimezone: true }).notNull(),
    lastSeen: timestamp('last_seen', { withTimezone: true }).notNull(),
    // The latest context.timezone their events named (local-time sends, quiet hours); null: none yet.
    timeZone: text('time_zone'),
  },
  (t) => [index('visitors_user_id_idx').on(t.userId)],
);

// Partitioned by month of received_at (migration 0008: declarative range
// partitions, created ahead by kairos_ensure_event_partitions(), and a default
// partition so no insert fails). The server's clock, not the device's, picks the
// partition: ids and partitions then grow together, so a month whose rows are
// all in the lake can be dropped whole. A partitioned table's unique keys must
// hold the partition key, so the primary key is (id, received_at) and the
// message id is unique in eventMessageIds instead.
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    // The idempotency key end to end: eventMessageIds de-duplicates on it. Text, not
    // uuid: the tracker sends UUIDs, Segment's libraries any string of up to 100
    // characters (lib/contracts/segment-api.ts).
    messageId: text('message_id').notNull(),
    type: text('type', { enum: storedEventTypes }).notNull(),
    event: text('event'),
    anonymousId: text('anonymous_id').notNull(),
    userId: text('user_id'),
    sessionId: text('session_id'),
    properties: jsonb('properties').$type<Record<string, unknown>>().notNull().default({}),
    traits: jsonb('traits').$type<Record<string, unknown>>().notNull().default({}),
    context: jsonb('context').$type<Record<string, unknown>>().notNull().default({}),
    // On the server's clock (corrected for the device's skew), and as the device read it.
    timestamp: timestamp('timestamp', { withTimezone: true }).notNull(),
    originalTimestamp: timestamp('original_timestamp', { withTimezone: true }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    // Fields of a Segment-shaped call Kairos has no column for, kept as sent within
    // a bound (lib/collect/extra-fields.ts); null for the tracker's events.
    extra: jsonb('extra').$type<Record<string, unknown>>(),
  },
  (t) => [
    primaryKey({ name: 'events_pkey', columns: [t.id, t.receivedAt] }),
    index('events_anonymous_id_timestamp_idx').on(t.anonymousId, t.timestamp),
    index('events_timestamp_idx').on(t.timestamp),
  ],
);

/**
 * Every message id stored, so a device replaying a batch never stores an event
 * twice, even after its row was deleted (retention, a forget). A row may go once
 * its event is older than the collector accepts (collectLimits.maxAgeMs): a
 * replay of it is refused before storage.
 */
export const eventMessageIds = pgTable('event_message_ids', {
  messageId: text('message_id').primaryKey(),
  timestamp: timestamp('timestamp', { withTimezone: true }).notNull(),
});

export const pushSubscriptions = pgTable(
  'push_subscriptions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    endpoint: text('endpoint').notNull(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    anonymousId: text('anonymous_id').notNull(),
    userId: text('user_id'),
    expirationTime: timestamp('expiration_time', { withTimezone: true }),
    // Notifications sent to it in a row without a click since (the engagement guard, lib/delivery-policy).
    unclickedSends: integer('unclicked_sends').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('push_subscriptions_endpoint_idx').on(t.endpoint),
    index('push_subscriptions_anonymous_id_idx').on(t.anonymousId),
  ],
);

export const segments = pgTable('segments', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  // The segment tree of lib/contracts (validated before it is stored).
  definition: jsonb('definition').$type<unknown>().notNull(),
  version: integer('version').notNull().default(1),
  // Size over time for the console's sparkline: [{ at, size, share }].
  sizeHistory: jsonb('size_history').$type<{ at: string; size: number; share: number }[]>().notNull().default([]),
  publishedAt: timestamp('published_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const campaigns = pgTable('campaigns', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  name: text('name').notNull(),
  segmentId: bigint('segment_id', { mode: 'number' }).references(() => segments.id, {
    onDelete: 'set null',
  }),
  // The segment tree the members were computed from, as it was when the campaign was written.
  segmentDefinition: jsonb('segment_definition').$type<unknown>(),
  // Title, body, url, image, actions: the push payload template.
  message: jsonb('message').$type<Record<string, unknown>>().notNull(),
  // Variants B to D (the message is A), each a message like the one above.
  variants: jsonb('variants').$type<Record<string, unknown>[]>().notNull().default([]),
  // The share of the audience held out as the control. 0 here: campaigns stored
  // before there were controls had none; the API gives a new campaign 10%.
  controlShare: doublePrecision('control_share').notNull().default(0),
  status: text('status', {
    enum: ['draft', 'scheduled', 'sending', 'sent', 'failed', 'cancelled'],
  })
    .notNull()
    .default('draft'),
  scheduledAt: timestamp('scheduled_at', { withTimezone: true }),
  // 'listed': the sender posted the members' ids. 'segment': the server computes
  // the segment's members itself, at send time (for a scheduled campaign, when
  // its time comes), and records when and how many.
  audience: text('audience', { enum: ['listed', 'segment'] })
    .notNull()
    .default('listed'),
  audienceComputedAt: timestamp('audience_computed_at', { withTimezone: true }),
  audienceSize: integer('audience_size'),
  ttlSeconds: integer('ttl_seconds').notNull().default(86_400),
  urgency: text('urgency', { enum: ['very-low', 'low', 'normal', 'high'] })
    .notNull()
    .default('normal'),
  topic: text('topic'),
  // A staged send's settings (lib/contracts/campaign.ts stagedSendSchema); null: not staged.
  stagedSend: jsonb('staged_send').$type<StagedSend>(),
  // Once the test share is sent: when the winner is picked, and the decision (StageState).
  stageDecideAt: timestamp('stage_decide_at', { withTimezone: true }),
  stage: jsonb('stage').$type<StageState>(),
  // The delivery policy's campaign fields (lib/contracts/delivery-policy.ts).
  timeMode: text('time_mode', { enum: ['now', 'localTime', 'bestTime'] })
    .notNull()
    .default('now'),
  localTime: text('local_time'),
  perMinute: integer('per_minute'),
  important: boolean('important').notNull().default(false),
  // Visitors of its sends the global holdout kept out (they get no delivery row).
  holdoutSkips: integer('holdout_skips').notNull().default(0),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * A staged send's rest: the subscriptions that wait for the winning variant,
 * one row each, queued as deliveries (and deleted from here) when it is picked.
 */
export const campaignStageRest = pgTable(
  'campaign_stage_rest',
  {
    campaignId: bigint('campaign_id', { mode: 'number' })
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    subscriptionId: bigint('subscription_id', { mode: 'number' }).notNull(),
    anonymousId: text('anonymous_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.subscriptionId] })],
);

export const deliveries = pgTable(
  'deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    campaignId: bigint('campaign_id', { mode: 'number' })
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    // No foreign key: a delivery outlives a subscription deleted on 404/410.
    subscriptionId: bigint('subscription_id', { mode: 'number' }).notNull(),
    // The visitor, kept here because results count visitors and a subscription
    // can be deleted later. Null on rows queued before it was recorded.
    anonymousId: text('anonymous_id'),
    // The campaign's variant this visitor was given (0 = A), by the arm hash.
    variant: integer('variant').notNull().default(0),
    // The automation entry this delivery sends (automationEntries.id), 0 for a
    // campaign send: a visitor who enters an automation again gets a new delivery.
    entryId: bigint('entry_id', { mode: 'number' }).notNull().default(0),
    status: text('status', { enum: ['queued', 'sending', 'sent', 'failed', 'expired', 'skipped'] })
      .notNull()
      .default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    // When it was due, computed at queue time (local or best time); its TTL counts from here.
    notBefore: timestamp('not_before', { withTimezone: true }),
    // Why the policy skipped or held it (lib/contracts/delivery-policy.ts skipReasons).
    skipReason: text('skip_reason'),
    createdAt: createdAt(),
  },
  (t) => [
    // One row per (campaign, subscription, automation entry): a resend can never double a delivery.
    uniqueIndex('deliveries_campaign_subscription_entry_idx').on(t.campaignId, t.subscriptionId, t.entryId),
    // Only rows still to send, in claim order: a claim reads the first N entries
    // instead of sorting every due row, and a row leaves the index once final.
    index('deliveries_due_idx')
      .on(t.nextAttemptAt, t.id)
      .where(sql`${t.status} in ('queued', 'sending')`),
    // A visitor's sent messages, for the frequency caps.
    index('deliveries_visitor_sent_idx')
      .on(t.anonymousId, t.sentAt)
      .where(sql`${t.status} = 'sent'`),
  ],
);

/** Deliveries claimed per minute window and scope (global, or one campaign): the throttle's count. */
export const sendWindows = pgTable(
  'send_windows',
  {
    scope: text('scope').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    claimed: integer('claimed').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.scope, t.windowStart] })],
);

/**
 * A campaign's control group: the audience members the arm hash held out,
 * one row per visitor, sent nothing. `selected_at` is when the others were
 * sent (for a scheduled campaign, its time): the control's conversions are
 * counted from then.
 */
export const campaignControls = pgTable(
  'campaign_controls',
  {
    campaignId: bigint('campaign_id', { mode: 'number' })
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    anonymousId: text('anonymous_id').notNull(),
    selectedAt: timestamp('selected_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.anonymousId] })],
);

export const momentRules = pgTable('moment_rules', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  name: text('name').notNull(),
  // Trigger, match, precondition, message, caps: the rule format of lib/contracts.
  definition: jsonb('definition').$type<unknown>().notNull(),
  version: integer('version').notNull().default(1),
  enabled: boolean('enabled').notNull().default(true),
  startsAt: timestamp('starts_at', { withTimezone: true }),
  endsAt: timestamp('ends_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').$type<unknown>().notNull(),
  updatedAt: updatedAt(),
});

export const adminSessions = pgTable(
  'admin_sessions',
  {
    // SHA-256 of the session id: a leaked table does not yield usable cookies.
    idHash: text('id_hash').primaryKey(),
    // Fingerprint of the password the session was opened with: a new password ends old sessions.
    credential: text('credential').notNull().default(''),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('admin_sessions_expires_at_idx').on(t.expiresAt)],
);

// Visitors forgotten whose events may still sit in the event lake's files: the
// forget route records one here in its transaction, and the compactor rewrites
// the files that hold them, then clears the row. Durable, so a crash between
// the two still ends with the visitor gone from the lake.
export const lakeForgets = pgTable('lake_forgets', {
  anonymousId: text('anonymous_id').primaryKey(),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The identity graph (docs/people.md): from `valid_from` on, the events of
 * device `anonymous_id` belong to the person `user_id`. A row is a switch
 * point, written at ingest when an event carrying both ids (an identify, any
 * tracked event after it, a server call with both) or an alias names a
 * different person than the device had at that time; a device's events before
 * its first row belong to that first person. Several rows per device are a
 * shared device: each person keeps the events of their own stretch.
 */
export const identityLinks = pgTable(
  'identity_links',
  {
    anonymousId: text('anonymous_id').notNull(),
    userId: text('user_id').notNull(),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'identity_links_pkey', columns: [t.anonymousId, t.validFrom] }),
    index('identity_links_user_id_idx').on(t.userId),
  ],
);

/**
 * A campaign that runs itself (docs/automations.md): a trigger (an event, a
 * saved segment's entries or exits, or a recurring schedule), a delay, an exit
 * event and entry rules. Its message, variants, control share and delivery
 * options are those of its campaign row, so its deliveries and results are a
 * campaign's; deleting that campaign deletes the automation.
 */
export const automations = pgTable('automations', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  name: text('name').notNull(),
  status: text('status', { enum: ['active', 'paused', 'ended'] })
    .notNull()
    .default('active'),
  // The trigger of lib/contracts/automation.ts (validated before it is stored).
  trigger: jsonb('trigger').$type<unknown>().notNull(),
  segmentId: bigint('segment_id', { mode: 'number' }).references(() => segments.id, { onDelete: 'set null' }),
  campaignId: bigint('campaign_id', { mode: 'number' })
    .notNull()
    .references(() => campaigns.id, { onDelete: 'cascade' }),
  delayMinutes: integer('delay_minutes').notNull().default(0),
  // The goal event ({ name, where }) that ends a wait without a send; null for none.
  exitEvent: jsonb('exit_event').$type<unknown>(),
  // Null: a visitor enters once. N: again once N days have passed since they last entered.
  reentryAfterDays: integer('reentry_after_days'),
  endsAt: timestamp('ends_at', { withTimezone: true }),
  // The highest events.id an event trigger has read (every id at or below it was committed then).
  eventCursor: bigint('event_cursor', { mode: 'number' }).notNull().default(0),
  // When a segment or recurring trigger evaluates next, and last did.
  nextRunAt: timestamp('next_run_at', { withTimezone: true }),
  lastRunAt: timestamp('last_run_at', { withTimezone: true }),
  lastError: text('last_error'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * One visitor's passage through an automation: entered at a time, due to be
 * sent at another. A wait is this row, claimed like a delivery (status
 * 'sending' with a lease in due_at), so a restart neither loses nor doubles it.
 */
export const automationEntries = pgTable(
  'automation_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    automationId: bigint('automation_id', { mode: 'number' })
      .notNull()
      .references(() => automations.id, { onDelete: 'cascade' }),
    anonymousId: text('anonymous_id').notNull(),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    status: text('status', {
      enum: ['waiting', 'sending', 'sent', 'exited', 'control', 'unreachable', 'failed'],
    })
      .notNull()
      .default('waiting'),
    // Why it ended without a send: the goal event, the "unless" event, an oversized message.
    reason: text('reason'),
    attempts: integer('attempts').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    // A trigger read twice (two processes, a retried scan) enters the visitor once.
    uniqueIndex('automation_entries_visitor_time_idx').on(t.automationId, t.anonymousId, t.enteredAt),
    index('automation_entries_due_idx')
      .on(t.dueAt, t.id)
      .where(sql`${t.status} in ('waiting', 'sending')`),
  ],
);

/** A segment trigger's membership as of its last evaluation: the next one sends to who entered or left since. */
export const automationMembers = pgTable(
  'automation_members',
  {
    automationId: bigint('automation_id', { mode: 'number' })
      .notNull()
      .references(() => automations.id, { onDelete: 'cascade' }),
    anonymousId: text('anonymous_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.automationId, t.anonymousId] })],
);

// Keys that servers and Segment-compatible libraries send events with
// (/v1/batch and its siblings). Only a SHA-256 of the key is kept: a key is 32
// random bytes, so a fast hash is enough, and a leaked table yields no key. A
// revoked key keeps its row (the console lists it) and its name may be reused.
export const writeKeys = pgTable(
  'write_keys',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull(),
    // The key's first characters, so an operator can tell keys apart without the key.
    keyStart: text('key_start').notNull(),
    createdAt: createdAt(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('write_keys_key_hash_idx').on(t.keyHash),
    uniqueIndex('write_keys_active_name_idx')
      .on(t.name)
      .where(sql`${t.revokedAt} is null`),
  ],
);
