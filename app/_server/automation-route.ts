import 'server-only';
import { type AutomationRow, findAutomation } from '@/lib/db/automations';
import type { Database } from '@/lib/db/client';
import { notFound } from '@/lib/http/response';

/** The automation of /api/admin/automations/[id], or the 404 to answer. */
export async function automationOf(db: Database, id: number): Promise<AutomationRow | Response> {
  return (await findAutomation(db, id)) ?? notFound('automation');
}
