import { automationItem, setAutomationStatus } from '@/lib/db/automations';
import { adminRoute } from '@/lib/http/admin-route';
import { json, notFound } from '@/lib/http/response';
import { recordId } from '@/lib/http/route-param';

/** Resumes a paused automation: held waits that are due are sent on the next round. */
export const POST = adminRoute({ id: recordId('automation') }, async ({ db, id }) => {
  const row = await setAutomationStatus(db, id, 'active');
  if (!row) return notFound('automation');
  return json({ automation: await automationItem(db, row.id) });
});
