// The admin API's shapes for saved segments (the console reads and writes these).
import { z } from 'zod';
import { segmentTreeSchema } from './segment';

const sizeSchema = z.object({ size: z.number().int().min(0), share: z.number().min(0).max(1) }).strict();

export const segmentFieldsSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    description: z.string().max(2_000),
    definition: segmentTreeSchema,
    size: sizeSchema,
  })
  .strict();

export const createSegmentSchema = segmentFieldsSchema.partial({ description: true, size: true });
export const updateSegmentSchema = segmentFieldsSchema.partial();
