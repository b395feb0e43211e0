import { adminRoute } from '@/app/_server/session';
import { createMomentRuleSchema } from '@/lib/contracts/moment-rule';
import { serverDatabase } from '@/lib/db';
import { createMomentRule, listMomentRules } from '@/lib/db/moment-rules';
import { parseJsonBody } from '@/lib/http/json-body';
import { json } from '@/lib/http/response';

/** Every moment rule, oldest first. */
export const GET = adminRoute(async () => {
  const { db } = await serverDatabase();
  return json({ rules: await listMomentRules(db) });
});

/** Creates a rule (lib/contracts/moment-rule.ts); devices get it with their next config refresh. */
export const POST = adminRoute(async (request) => {
  const body = await parseJsonBody(request, createMomentRuleSchema);
  if (!body.ok) return body.response;
  const { db } = await serverDatabase();
  return json({ rule: await createMomentRule(db, body.data) }, { status: 201 });
});
