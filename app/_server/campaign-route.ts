import 'server-only';
import type { CampaignRow } from '@/lib/db/campaigns';
import { findCampaign } from '@/lib/db/campaigns';
import type { Database } from '@/lib/db/client';
import { errorResponse } from '@/lib/http/response';

export type CampaignContext = { params: Promise<{ id: string }> };

export const campaignNotFound = () => errorResponse(404, 'not_found', 'No campaign with that id.');

/** The campaign of /api/admin/campaigns/[id], or the 404 to answer. */
export async function campaignOf(db: Database, context: CampaignContext): Promise<CampaignRow | Response> {
  const id = Number((await context.params).id);
  if (!Number.isSafeInteger(id) || id <= 0) return campaignNotFound();
  return (await findCampaign(db, id)) ?? campaignNotFound();
}

/** A campaign message that cannot fit one push message, as the console shows it. */
export const payloadTooLarge = (message: string) => errorResponse(413, 'payload_too_large', message);
