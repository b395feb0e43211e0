// The fields of a Segment-shaped call that Kairos has no column for, kept as
// sent in the event's `extra` rather than refused (a library adds `channel`,
// `_metadata`, `context.app`, `context.os`, … as it pleases). Bounded: fields
// are kept in the order sent while they fit in segmentApiLimits.maxExtraBytes;
// the rest are dropped and their paths listed in `$dropped`, so a reader of
// `extra` knows something was there.
import { segmentApiLimits } from '../contracts/segment-api';

/** A field not kept elsewhere: its path (`channel`, `context.app`) and value. */
export interface ExtraField {
  path: readonly [string] | readonly [string, string];
  value: unknown;
}

// Counted without encoding: JSON text is well formed (lone surrogates are escaped), so its UTF-8 length is exact.
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');

/** The bounded `extra` of an event, or null when there is nothing extra. */
export function boundedExtra(
  fields: readonly ExtraField[],
  maxBytes: number = segmentApiLimits.maxExtraBytes,
): Record<string, unknown> | null {
  if (fields.length === 0) return null;
  const extra: Record<string, unknown> = {};
  const dropped: string[] = [];
  // JSON of `{}` is 2 bytes; each field adds its key, value and separators (counted generously).
  let used = 2;
  for (const { path, value } of fields) {
    const key = path.join('.');
    const cost = bytes(key) + bytes(value) + (path.length === 2 ? bytes(path[0]) + 8 : 4);
    if (used + cost > maxBytes) {
      dropped.push(key);
      continue;
    }
    used += cost;
    const [first, second] = path;
    if (second === undefined) {
      extra[first] = value;
    } else {
      const nested = (extra[first] ??= {}) as Record<string, unknown>;
      nested[second] = value;
    }
  }
  if (dropped.length > 0) extra.$dropped = dropped;
  return extra;
}
