// The published intent model (device-config.ts IntentModel) as a zod schema:
// what PUT /api/admin/intent-model accepts. Parameters are positive and finite,
// the medium cut point is at most the high one.
import { z } from 'zod';
import type { IntentModel } from './device-config';

const positive = z.number().positive().finite();

export const intentModelSchema = z
  .object({
    version: z.literal(1),
    asOf: z.number().int().min(0),
    horizonDays: z.number().int().min(1).max(3650),
    unitDays: positive,
    bgnbd: z.object({ r: positive, alpha: positive, a: positive, b: positive }).strict(),
    cutPoints: z
      .object({ high: z.number().min(0).finite(), medium: z.number().min(0).finite() })
      .strict()
      .refine((cuts) => cuts.medium <= cuts.high, 'the medium cut point must not exceed the high one'),
  })
  .strict() satisfies z.ZodType<IntentModel>;
