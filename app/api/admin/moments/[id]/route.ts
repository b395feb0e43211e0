import { momentNotFound, momentRuleId } from '@/app/_server/moment-route';
import { adminRoute } from '@/app/_server/session';
import { updateMomentRuleSchema } from '@/lib/contracts/moment-rule';
import { serverDatabase } from '@/lib/db';
import { deleteMomentRule, findMomentRule, updateMomentRule } from '@/lib/db/moment-rules';
import { parseJsonBody } from '@/lib/http/json-body';
import { badRequest, json } from '@/lib/http/response';

type Context = { params: Promise<{ id: string }> };

export const GET = adminRoute<Context>(async (_request, { params }) => {
  const id = momentRuleId((await params).id);
  if (id instanceof Response) return id;
  const { db } = await serverDatabase();
  const rule = await findMomentRule(db, id);
  return rule ? json({ rule }) : momentNotFound();
});

/** Changes any fields; a real change bumps the version. */
export const PATCH = adminRoute<Context>(async (request, { params }) => {
  const id = momentRuleId((await params).id);
  if (id instanceof Response) return id;
  const body = await parseJsonBody(request, updateMomentRuleSchema);
  if (!body.ok) return body.response;
  const { db } = await serverDatabase();
  const result = await updateMomentRule(db, id, body.data);
  if (result.ok) return json({ rule: result.rule });
  return result.reason === 'not-found' ? momentNotFound() : badRequest(result.message);
});

export const DELETE = adminRoute<Context>(async (_request, { params }) => {
  const id = momentRuleId((await params).id);
  if (id instanceof Response) return id;
  const { db } = await serverDatabase();
  return (await deleteMomentRule(db, id)) ? new Response(null, { status: 204 }) : momentNotFound();
});
