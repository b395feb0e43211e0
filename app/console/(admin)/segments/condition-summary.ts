// A condition in a few words ("country is PT", "did Products Searched in the
// last 7 days"), for the accessible names of the builder's per-item controls:
// a screen-reader user hears which condition "Remove" or "Exclude" acts on.
import type { Comparison, SegmentTree } from '@/lib/contracts/segment';
import { comparisonLabels } from './conditions';

const maxLength = 100;

const scalarText = (value: unknown) => (value === '' ? '""' : String(value));

/** "is PT", "is one of PT, ES", "≥ 3", "is set". */
export function comparisonText(compare: Comparison): string {
  const op = comparisonLabels[compare.op];
  if (!('value' in compare)) return op;
  return `${op} ${Array.isArray(compare.value) ? compare.value.map(scalarText).join(', ') : scalarText(compare.value)}`;
}

const either = (values: readonly string[]) => values.join(' or ');
const inLast = (days: number | undefined) => (days === undefined ? '' : ` in the last ${days} days`);

function describe(node: SegmentTree): string {
  if ('all' in node || 'any' in node) {
    const items = 'all' in node ? node.all : node.any;
    return `${'all' in node ? 'all' : 'any'} of ${items.length} ${items.length === 1 ? 'item' : 'items'}`;
  }
  if ('not' in node) return `not ${describe(node.not)}`;
  switch (node.kind) {
    case 'trait':
      return `${node.trait || 'a trait'} ${comparisonText(node.compare)}`;
    case 'event': {
      const times = node.atLeast > 1 ? ` at least ${node.atLeast} times` : '';
      const where = node.where.map((filter) => `${filter.property} ${comparisonText(filter.compare)}`).join(' and ');
      return `did ${node.name || 'an event'}${times}${inLast(node.withinDays)}${where ? ` where ${where}` : ''}`;
    }
    case 'rfmSegment':
      return `RFM segment is ${either(node.segments)}`;
    case 'rfmScore': {
      const axes = (['r', 'f', 'm'] as const).flatMap((axis) => {
        const range = node[axis];
        if (!range) return [];
        const [low, high] = range;
        return [`${axis.toUpperCase()} ${low === high ? low : `${low}–${high}`}`];
      });
      return axes.length ? `RFM ${axes.join(', ')}` : 'any RFM score';
    }
    case 'intent':
      return `intent tier is ${either(node.tiers)}`;
    case 'campaign': {
      const campaign = node.campaignId ? `campaign ${node.campaignId}` : 'a campaign';
      const what =
        node.engagement === 'none'
          ? `received no ${node.campaignId ? `campaign ${node.campaignId}` : 'campaign'}`
          : `${node.engagement} ${campaign}`;
      return `${what}${inLast(node.withinDays)}`;
    }
    case 'technographic': {
      const several = node.values.length > 1;
      const op =
        node.op === 'startsWith'
          ? 'starts with'
          : node.op === 'in'
            ? several
              ? 'is one of'
              : 'is'
            : several
              ? 'is none of'
              : 'is not';
      return `${node.field} ${op} ${node.values.join(', ')}`;
    }
    case 'geo': {
      const several = node.values.length > 1;
      const op = node.op === 'in' ? (several ? 'is one of' : 'is') : several ? 'is none of' : 'is not';
      return `${node.field} ${op} ${node.values.join(', ')}`;
    }
  }
}

/** The condition or group in words, cut to a length a screen reader can read out. */
export function conditionSummary(node: SegmentTree): string {
  const text = describe(node);
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
