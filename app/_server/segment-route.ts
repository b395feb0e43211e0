import 'server-only';
import { parseSegmentTree, type SegmentTree } from '@/lib/contracts/segment';
import { badRequest, errorResponse } from '@/lib/http/response';

/** The id in /api/admin/segments/[id], or a 404 answer. */
export function segmentId(raw: string): number | Response {
  const id = Number(raw);
  return Number.isSafeInteger(id) && id > 0 ? id : notFound();
}

export const notFound = () => errorResponse(404, 'not_found', 'No segment with that id.');

/** The depth and size limits of a segment tree, past its shape: a clear 400 when over. */
export function checkedDefinition(definition: SegmentTree | undefined): SegmentTree | undefined | Response {
  if (definition === undefined) return undefined;
  try {
    return parseSegmentTree(definition);
  } catch (error) {
    return badRequest(error instanceof Error ? error.message : 'The segment definition is invalid.');
  }
}
