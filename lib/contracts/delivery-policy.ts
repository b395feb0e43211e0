// The delivery policy (docs/delivery-policy.md): when each visitor's copy of a
// campaign or automation message goes out, how fast the sender may send, and
// which visitors are skipped and why. The global part is one settings row the
// console edits (GET/PUT /api/admin/delivery-policy); the per-campaign part is
// fields of the campaign (time mode, local time, throttle, important).
// The cross-channel caps are published to devices (DeviceConfig.caps), so a
// device's moments respect them too.
import { z } from 'zod';

/** When a campaign's deliveries are due: at its time, at a wall-clock time in each visitor's zone, or at each visitor's best time. */
export const timeModes = ['now', 'localTime', 'bestTime'] as const;
export type TimeMode = (typeof timeModes)[number];

/** "HH:MM", 24-hour. */
export const localTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time is HH:MM, 00:00 to 23:59');

export const quietHoursSchema = z
  .object({ startHour: z.number().int().min(0).max(23), endHour: z.number().int().min(0).max(23) })
  .strict();
export type QuietHours = z.infer<typeof quietHoursSchema>;

/** Messages a visitor may receive across campaigns, automations and moments; null: no cap. */
export const channelCapsSchema = z
  .object({
    perDay: z.number().int().min(1).max(1_000).nullable(),
    perWeek: z.number().int().min(1).max(10_000).nullable(),
  })
  .strict();
export type ChannelCaps = z.infer<typeof channelCapsSchema>;

export const deliveryPolicySchema = z
  .object({
    caps: channelCapsSchema,
    /** In the visitor's zone, for server sends (a moment rule has its own quiet hours). Null: none. */
    quietHours: quietHoursSchema.nullable(),
    /** The zone of visitors whose events never named one. */
    fallbackTimeZone: z.string().min(1).max(64),
    /** At most this many deliveries a minute from all campaigns together; null: no limit. */
    globalPerMinute: z.number().int().min(1).max(1_000_000).nullable(),
    /** A subscription whose last `guardUnclicked` notifications drew no click gets only important campaigns; 0: off. */
    guardUnclicked: z.number().int().min(0).max(1_000),
    /** Best time: the weeks of history read, and the fewest events a visitor needs before their own time is used. */
    bestTimeWeeks: z.number().int().min(1).max(52),
    bestTimeMinEvents: z.number().int().min(1).max(1_000),
  })
  .strict();
export type DeliveryPolicy = z.infer<typeof deliveryPolicySchema>;

export const defaultDeliveryPolicy: DeliveryPolicy = {
  caps: { perDay: null, perWeek: null },
  quietHours: null,
  fallbackTimeZone: 'UTC',
  globalPerMinute: null,
  guardUnclicked: 10,
  bestTimeWeeks: 4,
  bestTimeMinEvents: 5,
};

/** The campaign's own policy fields (columns of the campaign). */
export const campaignPolicySchema = z
  .object({
    timeMode: z.enum(timeModes),
    /** For localTime: the wall-clock time in each visitor's zone. */
    localTime: localTimeSchema.nullable(),
    /** At most this many of this campaign's deliveries a minute; null: no limit of its own. */
    perMinute: z.number().int().min(1).max(1_000_000).nullable(),
    /** Sent to subscriptions the engagement guard holds back. */
    important: z.boolean(),
  })
  .strict();
export type CampaignPolicy = z.infer<typeof campaignPolicySchema>;

/**
 * Why a visitor's delivery did not go out (stored with the delivery, counted
 * per campaign). `quietHours` is held while status is queued and expired once
 * the TTL ran out; the control group and the global holdout are never queued
 * (counted from the campaign's controls and its holdout count).
 */
export const skipReasons = ['capped', 'quietHours', 'guard', 'control', 'globalHoldout'] as const;
export type SkipReason = (typeof skipReasons)[number];

/** Per campaign: visitors or deliveries skipped, by reason (the console's campaign list). */
export interface SkipCounts {
  capped: number;
  /** Deliveries waiting for the visitor's quiet hours to end. */
  quietHeld: number;
  /** Deliveries dropped because the TTL ran out during quiet hours. */
  quietExpired: number;
  guard: number;
  control: number;
  globalHoldout: number;
}

export const noSkips = (): SkipCounts => ({
  capped: 0,
  quietHeld: 0,
  quietExpired: 0,
  guard: 0,
  control: 0,
  globalHoldout: 0,
});

/** GET /api/admin/delivery-policy: the policy, and how many subscriptions the engagement guard holds back now. */
export interface DeliveryPolicyResponse {
  policy: DeliveryPolicy;
  guardedSubscriptions: number;
}
