import { automationItem, setAutomationStatus } from '@/lib/db/automations';
import { adminRoute } from '@/lib/http/admin-route';
import { json, notFound } from '@/lib/http/response';
import { recordId } from '@/lib/http/route-param';

/** No one enters a paused automation and its waits are held (sent when it resumes, if still wanted). */
export const POST = adminRoute({ id: recordId('automation') }, async ({ db, id }) => {
  const row = await setAutomationStatus(db, id, 'paused');
  if (!row) return notFound('automation');
  return json({ automation: await automationItem(db, row.id) });
});
