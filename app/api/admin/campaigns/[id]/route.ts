import { type CampaignContext, campaignOf, payloadTooLarge } from '@/app/_server/campaign-route';
import { adminRoute } from '@/app/_server/session';
import { updateCampaignSchema } from '@/lib/contracts/campaign';
import { serverDatabase } from '@/lib/db';
import { campaignItem, deleteCampaign, updateCampaign } from '@/lib/db/campaigns';
import { findSegment } from '@/lib/db/segments';
import { parseJsonBody } from '@/lib/http/json-body';
import { badRequest, errorResponse, json } from '@/lib/http/response';
import { templateSizeProblem } from '@/lib/push/campaign-send';

export const GET = adminRoute<CampaignContext>(async (_request, context) => {
  const { db } = await serverDatabase();
  const campaign = await campaignOf(db, context);
  if (campaign instanceof Response) return campaign;
  return json({ campaign: await campaignItem(db, campaign.id) });
});

/** Edits a draft or scheduled campaign; once it is sending or sent, it is what went out. */
export const PATCH = adminRoute<CampaignContext>(async (request, context) => {
  const body = await parseJsonBody(request, updateCampaignSchema);
  if (!body.ok) return body.response;
  const { db } = await serverDatabase();
  const campaign = await campaignOf(db, context);
  if (campaign instanceof Response) return campaign;
  if (campaign.status !== 'draft' && campaign.status !== 'scheduled') {
    return errorResponse(409, 'campaign_locked', `The campaign is ${campaign.status}; duplicate it to change it.`);
  }
  const tooLarge = body.data.message && templateSizeProblem(campaign.id, body.data.message);
  if (tooLarge) return payloadTooLarge(tooLarge);
  if (body.data.segmentId && !(await findSegment(db, body.data.segmentId))) {
    return badRequest(`segmentId: no segment ${body.data.segmentId}.`);
  }
  const { scheduledAt, ...fields } = body.data;
  await updateCampaign(db, campaign.id, {
    ...fields,
    ...(scheduledAt !== undefined ? { scheduledAt: scheduledAt ? new Date(scheduledAt) : null } : {}),
  });
  return json({ campaign: await campaignItem(db, campaign.id) });
});

/** Deletes the campaign and its deliveries (queued ones are not sent). */
export const DELETE = adminRoute<CampaignContext>(async (_request, context) => {
  const { db } = await serverDatabase();
  const campaign = await campaignOf(db, context);
  if (campaign instanceof Response) return campaign;
  await deleteCampaign(db, campaign.id);
  return new Response(null, { status: 204 });
});
