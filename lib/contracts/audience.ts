// A segment's size computed on the server (POST /api/admin/audience/size,
// admin session): the same members a campaign sent now would get.
import { z } from 'zod';
import type { SegmentStats } from './analytics';
import { segmentTreeSchema } from './segment';

export const audienceSizeRequestSchema = z.object({ tree: segmentTreeSchema }).strict();
export type AudienceSizeRequest = z.infer<typeof audienceSizeRequestSchema>;

export interface AudienceSizeResponse extends SegmentStats {
  /** The reference time of its windows and RFM recency: when it was asked (epoch ms). */
  asOf: number;
  /** Events the server evaluated it over, and how long it took. */
  events: number;
  ms: number;
}
