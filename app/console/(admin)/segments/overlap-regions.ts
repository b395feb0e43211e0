// Names of the overlap regions of two or three segments ("A and B, not C").
import type { OverlapRegion } from '@/lib/contracts/analytics';

export interface NamedRegion {
  label: string;
  customers: number;
  /** How many of the segments the region is in (the bar's colour). */
  memberships: number;
}

/** Every region but "in none", in a stable order (by memberships, then mask), with zero counts kept. */
export function namedRegions(regions: readonly OverlapRegion[], names: readonly string[]): NamedRegion[] {
  const counts = new Map(regions.map((region) => [region.mask, region.customers]));
  const masks = Array.from({ length: 2 ** names.length - 1 }, (_, i) => i + 1);
  const bits = (mask: number) => names.filter((_, i) => mask & (1 << i));
  masks.sort((a, b) => bits(a).length - bits(b).length || a - b);
  return masks.map((mask) => {
    const inside = bits(mask);
    const outside = names.filter((_, i) => !(mask & (1 << i)));
    const label = `${inside.join(' ∩ ')}${outside.length > 0 && inside.length === 1 ? ' only' : outside.length > 0 ? ` (not ${outside.join(', ')})` : ''}`;
    return { label, customers: counts.get(mask) ?? 0, memberships: inside.length };
  });
}
