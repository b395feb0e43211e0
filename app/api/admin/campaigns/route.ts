import { payloadTooLarge } from '@/app/_server/campaign-route';
import { adminRoute } from '@/app/_server/session';
import { createCampaignSchema } from '@/lib/contracts/campaign';
import { serverDatabase } from '@/lib/db';
import { createCampaign, listCampaigns, toListItem } from '@/lib/db/campaigns';
import { findSegment } from '@/lib/db/segments';
import { parseJsonBody } from '@/lib/http/json-body';
import { badRequest, json } from '@/lib/http/response';
import { templateSizeProblem } from '@/lib/push/campaign-send';

/** Every campaign, newest first, with delivery counts. */
export const GET = adminRoute(async () => {
  const { db } = await serverDatabase();
  return json({ campaigns: await listCampaigns(db) });
});

/** A new draft campaign (lib/contracts/campaign.ts createCampaignSchema). */
export const POST = adminRoute(async (request) => {
  const body = await parseJsonBody(request, createCampaignSchema);
  if (!body.ok) return body.response;
  const tooLarge = templateSizeProblem(0, body.data.message);
  if (tooLarge) return payloadTooLarge(tooLarge);
  const { db } = await serverDatabase();
  if (body.data.segmentId && !(await findSegment(db, body.data.segmentId))) {
    return badRequest(`segmentId: no segment ${body.data.segmentId}.`);
  }
  const { scheduledAt, ...fields } = body.data;
  const created = await createCampaign(db, { ...fields, scheduledAt: scheduledAt ? new Date(scheduledAt) : null });
  return json({ campaign: toListItem(created) }, { status: 201 });
});
