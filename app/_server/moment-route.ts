import 'server-only';
import { errorResponse } from '@/lib/http/response';

/** The id in /api/admin/moments/[id], or a 404 answer. */
export function momentRuleId(raw: string): number | Response {
  const id = Number(raw);
  return Number.isSafeInteger(id) && id > 0 ? id : momentNotFound();
}

export const momentNotFound = () => errorResponse(404, 'not_found', 'No moment rule with that id.');
