import { createAutomationSchema } from '@/lib/contracts/automation';
import { automationItem, createAutomation, listAutomations } from '@/lib/db/automations';
import { findSegment } from '@/lib/db/segments';
import { adminRoute } from '@/lib/http/admin-route';
import { badRequest, json, payloadTooLarge } from '@/lib/http/response';
import { templateSizeProblem } from '@/lib/push/campaign-send';

/** Every automation, newest first, with its entries and deliveries counted (lib/contracts/automation.ts). */
export const GET = adminRoute(async ({ db }) => json({ automations: await listAutomations(db) }));

/** A new automation, active at once. */
export const POST = adminRoute({ body: createAutomationSchema }, async ({ db, body }) => {
  const tooLarge = templateSizeProblem(0, body.message, body.variants);
  if (tooLarge) return payloadTooLarge(tooLarge);
  const { trigger } = body;
  if (trigger.kind !== 'event' && trigger.segmentId !== undefined && !(await findSegment(db, trigger.segmentId))) {
    return badRequest(`trigger.segmentId: no segment ${trigger.segmentId}.`);
  }
  const created = await createAutomation(db, body);
  return json({ automation: await automationItem(db, created.id) }, { status: 201 });
});
