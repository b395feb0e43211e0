// The global holdout: a share of all visitors that no campaign and no moment
// reaches for a period, so the lift of everything Kairos sends can be measured
// against visitors it never touched. Who is held out is a hash of the
// holdout's salt and the visitor's id (lib/results/global-holdout.ts): stable
// for the period, the same on the server and on a device, and a new holdout
// (a new salt) draws a new group.
//
//   GET    /api/admin/holdout  → { holdout: GlobalHoldout | null, results: HoldoutResults | null }
//   PUT    /api/admin/holdout  { share, days }  → starts one (or changes the share or end of the one running)
//   DELETE /api/admin/holdout  → ends the one running now (it stays listed, ended)
import { z } from 'zod';

export const holdoutLimits = { maxShare: 0.5, maxDays: 365 } as const;

export const holdoutInputSchema = z
  .object({
    /** The share of all visitors held out, 0.01 to 0.5. */
    share: z.number().min(0.01).max(holdoutLimits.maxShare),
    /** How long from its start it lasts; null: until ended. */
    days: z.number().int().min(1).max(holdoutLimits.maxDays).nullable().default(30),
  })
  .strict();
export type HoldoutInput = z.input<typeof holdoutInputSchema>;

export const globalHoldoutSchema = z
  .object({
    share: z.number().min(0).max(holdoutLimits.maxShare),
    /** Who is held out depends on it; a new holdout gets a new one. */
    salt: z.string().min(8).max(64),
    /** Epoch ms. */
    startedAt: z.number().int().nonnegative(),
    /** Epoch ms; null: until ended. */
    endsAt: z.number().int().nonnegative().nullable(),
  })
  .strict();
export type GlobalHoldout = z.infer<typeof globalHoldoutSchema>;

/** The holdout against everyone else over its period so far: visitors active then, and the goal. */
export interface HoldoutResults {
  goal: string;
  from: number;
  to: number;
  heldOut: { visitors: number; converted: number; revenue: number; rate: number | null };
  reached: { visitors: number; converted: number; revenue: number; rate: number | null };
  /** reached − held out (conversion rates), with its 95% interval and test; null without visitors in both. */
  lift: { difference: number; low: number; high: number; pValue: number; significant: boolean } | null;
  summary: string;
}
