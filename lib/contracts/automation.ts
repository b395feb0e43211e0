// The automation admin API (docs/automations.md): campaigns that run
// themselves. Routes (all under an admin session, JSON in and out, errors as
// { error: { code, message, status } }):
//
//   GET    /api/admin/automations              → { automations: AutomationListItem[] } (newest first)
//   POST   /api/admin/automations              body CreateAutomation → 201 { automation }
//   GET    /api/admin/automations/:id          → { automation }
//   DELETE /api/admin/automations/:id          → 204 (its waits and deliveries go with it)
//   POST   /api/admin/automations/:id/pause    → { automation } (no one enters; waits are held)
//   POST   /api/admin/automations/:id/resume   → { automation } (held waits that are due send now)
//   GET    /api/admin/automations/:id/results  → { automation, results: CampaignResults }
//          the same query as a campaign's results (goal, click and view windows)
import { z } from 'zod';
import { campaignLimits, campaignMessageSchema, urgencies, type DeliveryCounts } from './campaign';
import { comparisonSchema, segmentTreeSchema } from './segment';
import { campaignPolicySchema, type CampaignPolicy, type SkipCounts } from './delivery-policy';

export const automationLimits = {
  /** A segment trigger evaluates at most this often (each evaluation computes the whole segment). */
  minEveryMinutes: 15,
  maxEveryMinutes: 7 * 24 * 60,
  /** The longest delay and "unless within" window: 30 days. */
  maxWaitMinutes: 30 * 24 * 60,
} as const;

const eventName = z.string().trim().min(1).max(200);

/** An event with property filters, as the segment builder's event condition has them. */
export const eventMatchSchema = z
  .object({
    name: eventName,
    where: z
      .array(z.object({ property: z.string().min(1).max(200), compare: comparisonSchema }).strict())
      .max(10)
      .default([]),
  })
  .strict();
export type EventMatch = z.infer<typeof eventMatchSchema>;

const waitMinutes = z.number().int().min(0).max(automationLimits.maxWaitMinutes);

/** Where a segment trigger's members come from: a saved segment (its definition when evaluated), or a tree. */
const segmentSource = {
  segmentId: z.number().int().positive().optional(),
  definition: segmentTreeSchema.optional(),
};

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time is HH:MM (24-hour)');

const timeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'not an IANA time zone (for example Europe/Berlin)');

export const recurringScheduleSchema = z
  .object({
    /** Every day, Monday to Friday, or one day of each month. */
    every: z.enum(['day', 'weekday', 'month']),
    at: clockTime,
    /** For `month`: the day (1 to 28, so every month has it). */
    dayOfMonth: z.number().int().min(1).max(28).optional(),
    timeZone: timeZone.default('UTC'),
  })
  .strict();
export type RecurringSchedule = z.infer<typeof recurringScheduleSchema>;

export const automationTriggerSchema = z.discriminatedUnion('kind', [
  /** When a visitor does `event` (unless they do `unless.event` within `unless.withinMinutes`). */
  z
    .object({
      kind: z.literal('event'),
      event: eventMatchSchema,
      unless: z
        .object({ event: eventMatchSchema, withinMinutes: waitMinutes.min(1) })
        .strict()
        .optional(),
    })
    .strict(),
  /** Who entered (or left) the segment since its last evaluation, evaluated every `everyMinutes`. */
  z
    .object({
      kind: z.literal('segment'),
      on: z.enum(['enter', 'exit']),
      everyMinutes: z.number().int().min(automationLimits.minEveryMinutes).max(automationLimits.maxEveryMinutes),
      ...segmentSource,
    })
    .strict(),
  /** Every member of the segment at each run of the schedule. */
  z.object({ kind: z.literal('recurring'), schedule: recurringScheduleSchema, ...segmentSource }).strict(),
]);
export type AutomationTrigger = z.infer<typeof automationTriggerSchema>;

export const createAutomationSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    trigger: automationTriggerSchema,
    /** Minutes between entering (for an event trigger with `unless`: the end of that window) and the send. */
    delayMinutes: waitMinutes.default(0),
    /** The goal: once it happens after the visitor entered, their wait ends and nothing is sent. */
    exitEvent: eventMatchSchema.nullable().default(null),
    /** Null: each visitor enters once. N: again once N days have passed since they last entered. */
    reentryAfterDays: z.number().int().min(1).max(3_650).nullable().default(null),
    /** ISO time after which no one enters (waits already running finish). */
    endsAt: z.iso.datetime({ offset: true }).nullable().default(null),
    message: campaignMessageSchema,
    variants: z
      .array(campaignMessageSchema)
      .max(campaignLimits.maxVariants - 1)
      .default([]),
    controlShare: z.number().min(0).max(campaignLimits.maxControlShare).default(0),
    ttlSeconds: z.number().int().min(0).max(campaignLimits.maxTtlSeconds).default(86_400),
    urgency: z.enum(urgencies).default('normal'),
    // The delivery policy's campaign fields (docs/delivery-policy.md): when each entry's send is due, a rate, important.
    timeMode: campaignPolicySchema.shape.timeMode.default('now'),
    localTime: campaignPolicySchema.shape.localTime.default(null),
    perMinute: campaignPolicySchema.shape.perMinute.default(null),
    important: campaignPolicySchema.shape.important.default(false),
  })
  .strict()
  .superRefine((value, context) => {
    const { trigger } = value;
    if (value.timeMode === 'localTime' && value.localTime === null) {
      context.addIssue({
        code: 'custom',
        path: ['localTime'],
        message: 'a send at a local time needs the time (HH:MM)',
      });
    }
    if (trigger.kind !== 'event' && (trigger.segmentId === undefined) === (trigger.definition === undefined)) {
      context.addIssue({
        code: 'custom',
        path: ['trigger'],
        message: 'a segment or recurring trigger names a saved segment (segmentId) or gives a definition, one of them',
      });
    }
    if (trigger.kind === 'recurring' && trigger.schedule.every === 'month' && !trigger.schedule.dayOfMonth) {
      context.addIssue({
        code: 'custom',
        path: ['trigger', 'schedule', 'dayOfMonth'],
        message: 'a monthly run needs dayOfMonth',
      });
    }
  });
export type CreateAutomation = z.input<typeof createAutomationSchema>;
export type AutomationInput = z.output<typeof createAutomationSchema>;

export const automationStatuses = ['active', 'paused', 'ended'] as const;
export type AutomationStatus = (typeof automationStatuses)[number];

/** Entries by where they are: waiting (or being sent), sent, exited (goal or "unless"), control, unreachable, failed. */
export interface EntryCounts {
  waiting: number;
  sent: number;
  exited: number;
  control: number;
  unreachable: number;
  failed: number;
}

export interface AutomationListItem {
  id: number;
  name: string;
  status: AutomationStatus;
  trigger: AutomationTrigger;
  delayMinutes: number;
  exitEvent: EventMatch | null;
  reentryAfterDays: number | null;
  endsAt: string | null;
  /** The campaign holding the message; its id is the payload's campaignId and the results' campaign. */
  campaignId: number;
  message: z.infer<typeof campaignMessageSchema>;
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastError: string | null;
  createdAt: string;
  entries: EntryCounts;
  deliveries: DeliveryCounts;
  /** Why visitors were skipped (docs/delivery-policy.md#skip-reasons). */
  skips: SkipCounts;
  policy: CampaignPolicy;
}

const eventText = (match: EventMatch) =>
  match.where.length > 0
    ? `${match.name} (${match.where.length} filter${match.where.length > 1 ? 's' : ''})`
    : match.name;

export const waitText = (minutes: number) =>
  minutes % 1_440 === 0 ? `${minutes / 1_440} d` : minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;

/** One line for a trigger, as the console's list and the CLI show it. */
export function triggerSummary(trigger: AutomationTrigger): string {
  const segment = (t: { segmentId?: number | undefined }) =>
    t.segmentId === undefined ? 'its conditions' : `segment ${t.segmentId}`;
  switch (trigger.kind) {
    case 'event':
      return trigger.unless
        ? `${eventText(trigger.event)}, not followed by ${eventText(trigger.unless.event)} within ${waitText(trigger.unless.withinMinutes)}`
        : eventText(trigger.event);
    case 'segment':
      return `${trigger.on === 'enter' ? 'enters' : 'leaves'} ${segment(trigger)} (checked every ${waitText(trigger.everyMinutes)})`;
    case 'recurring': {
      const { every, at, dayOfMonth, timeZone } = trigger.schedule;
      const when = every === 'day' ? 'every day' : every === 'weekday' ? 'Monday to Friday' : `on day ${dayOfMonth}`;
      return `${segment(trigger)}, ${when} at ${at} ${timeZone}`;
    }
  }
}
