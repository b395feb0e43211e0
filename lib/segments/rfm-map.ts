// The widely used ten-cell RFM map over the R×F grid (R = recency score,
// F = frequency score, 5 = best). Monetary is reported, not mapped, as in the
// common map. Row r - 1, column f - 1.
import type { RfmSegmentName } from '../contracts/segment';

const h = 'hibernating';
const ar = 'at risk';
const cl = 'cannot lose them';
const as = 'about to sleep';
const na = 'need attention';
const lo = 'loyal';
const pr = 'promising';
const pl = 'potential loyalists';
const nc = 'new customers';
const ch = 'champions';

export const rfmSegmentGrid: RfmSegmentName[][] = [
  /* R1 */ [h, h, ar, ar, cl],
  /* R2 */ [h, h, ar, ar, cl],
  /* R3 */ [as, as, na, lo, lo],
  /* R4 */ [pr, pl, pl, lo, lo],
  /* R5 */ [nc, pl, pl, ch, ch],
];
