import { automationOf } from '@/app/_server/automation-route';
import { automationItem, deleteAutomation } from '@/lib/db/automations';
import { adminRoute } from '@/lib/http/admin-route';
import { json, noContent } from '@/lib/http/response';
import { recordId } from '@/lib/http/route-param';

const id = recordId('automation');

export const GET = adminRoute({ id }, async ({ db, id }) => {
  const automation = await automationOf(db, id);
  if (automation instanceof Response) return automation;
  return json({ automation: await automationItem(db, automation.id) });
});

/** Deletes the automation, its waits (none of them is sent) and its deliveries. */
export const DELETE = adminRoute({ id }, async ({ db, id }) => {
  const automation = await automationOf(db, id);
  if (automation instanceof Response) return automation;
  await deleteAutomation(db, automation);
  return noContent();
});
