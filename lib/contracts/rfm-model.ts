// The RFM model the console publishes for devices (PUT /api/admin/rfm-model),
// checked before it is stored: devices score themselves with it.
import { z } from 'zod';
import type { RfmModel } from './profile';
import { rfmSegmentNames } from './segment';

const cutPoints = z
  .array(z.number().finite())
  .length(4)
  .refine((cuts) => cuts.every((cut, i) => i === 0 || cut >= (cuts[i - 1] ?? cut)), 'cut points must not decrease');

export const rfmModelSchema = z
  .object({
    version: z.literal(1),
    asOf: z.number().int().min(0),
    cutPoints: z.object({ recencyDays: cutPoints, frequency: cutPoints, monetaryCents: cutPoints }).strict(),
    segmentGrid: z.array(z.array(z.enum(rfmSegmentNames)).length(5)).length(5),
  })
  .strict() satisfies z.ZodType<RfmModel>;
