import { updateMomentRuleSchema } from '@/lib/contracts/moment-rule';
import { deleteMomentRule, findMomentRule, updateMomentRule } from '@/lib/db/moment-rules';
import { adminRoute } from '@/lib/http/admin-route';
import { badRequest, json, noContent, notFound } from '@/lib/http/response';
import { recordId } from '@/lib/http/route-param';

const id = recordId('moment rule');

export const GET = adminRoute({ id }, async ({ db, id }) => {
  const rule = await findMomentRule(db, id);
  return rule ? json({ rule }) : notFound('moment rule');
});

/** Changes any fields; a real change bumps the version. */
export const PATCH = adminRoute({ id, body: updateMomentRuleSchema }, async ({ db, id, body }) => {
  const result = await updateMomentRule(db, id, body);
  if (result.ok) return json({ rule: result.rule });
  return result.reason === 'not-found' ? notFound('moment rule') : badRequest(result.message);
});

export const DELETE = adminRoute({ id }, async ({ db, id }) =>
  (await deleteMomentRule(db, id)) ? noContent() : notFound('moment rule'),
);
