import { createMomentRuleSchema } from '@/lib/contracts/moment-rule';
import { createMomentRule, listMomentRules } from '@/lib/db/moment-rules';
import { adminRoute } from '@/lib/http/admin-route';
import { json } from '@/lib/http/response';

/** Every moment rule, oldest first. */
export const GET = adminRoute(async ({ db }) => json({ rules: await listMomentRules(db) }));

/** Creates a rule (lib/contracts/moment-rule.ts); devices get it with their next config refresh. */
export const POST = adminRoute({ body: createMomentRuleSchema }, async ({ db, body }) =>
  json({ rule: await createMomentRule(db, body) }, { status: 201 }),
);
