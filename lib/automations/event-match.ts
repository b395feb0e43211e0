// Whether an event is the one an automation names: its name, and every
// property filter by the segment builder's comparison (lib/segments/comparison.ts).
import type { EventMatch } from '../contracts/automation';
import { compare } from '../segments/comparison';
import { asScalar } from '../segments/scalar';

export function matchesEvent(match: EventMatch, name: string | null, properties: Record<string, unknown>): boolean {
  if (name !== match.name) return false;
  return match.where.every((filter) => compare(asScalar(properties[filter.property]), filter.compare));
}
