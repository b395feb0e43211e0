// One colour per named RFM segment, shared by the heatmap and its legend.
import { rfmSegmentNames, type RfmSegmentName } from '@/lib/contracts/segment';

// Tableau 10, reordered so neighbouring regions of the grid differ.
export const rfmSegmentColours = {
  champions: '#4e79a7',
  loyal: '#59a14f',
  'potential loyalists': '#8cd17d',
  'new customers': '#76b7b2',
  promising: '#edc948',
  'need attention': '#f28e2b',
  'about to sleep': '#ff9da7',
  'at risk': '#e15759',
  'cannot lose them': '#b07aa1',
  hibernating: '#bab0ac',
} as const satisfies Record<RfmSegmentName, string>;

/** A cell with no customers: neutral, so only regions that hold someone are painted. */
export const emptyCellColour = '#f1f5f9';
/** The fill value of an empty cell: outside the domain, so the scale paints it `unknown`. */
export const emptyCellFill = 'no customers';

export const rfmColourScale = {
  domain: [...rfmSegmentNames],
  range: rfmSegmentNames.map((name) => rfmSegmentColours[name]),
  unknown: emptyCellColour,
};
