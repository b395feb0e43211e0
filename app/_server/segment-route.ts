import 'server-only';
import { parseSegmentTree, type SegmentTree } from '@/lib/contracts/segment';
import { badRequest } from '@/lib/http/response';

/** The depth and size limits of a segment tree, past its shape: a clear 400 when over. */
export function checkedDefinition(definition: SegmentTree | undefined): SegmentTree | undefined | Response {
  if (definition === undefined) return undefined;
  try {
    return parseSegmentTree(definition);
  } catch (error) {
    return badRequest(error instanceof Error ? error.message : 'The segment definition is invalid.');
  }
}
