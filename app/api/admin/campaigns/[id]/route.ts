import { campaignOf } from '@/app/_server/campaign-route';
import { type CampaignMessage, stagedSendProblem, updateCampaignSchema } from '@/lib/contracts/campaign';
import { campaignItem, deleteCampaign, updateCampaign } from '@/lib/db/campaigns';
import { findSegment } from '@/lib/db/segments';
import { adminRoute } from '@/lib/http/admin-route';
import { badRequest, errorResponse, json, noContent, payloadTooLarge } from '@/lib/http/response';
import { recordId } from '@/lib/http/route-param';
import { templateSizeProblem } from '@/lib/push/campaign-send';

const id = recordId('campaign');

export const GET = adminRoute({ id }, async ({ db, id }) => {
  const campaign = await campaignOf(db, id);
  if (campaign instanceof Response) return campaign;
  return json({ campaign: await campaignItem(db, campaign.id) });
});

/** Edits a draft or scheduled campaign; once it is sending or sent, it is what went out. */
export const PATCH = adminRoute({ id, body: updateCampaignSchema }, async ({ db, id, body }) => {
  const campaign = await campaignOf(db, id);
  if (campaign instanceof Response) return campaign;
  if (campaign.status !== 'draft' && campaign.status !== 'scheduled') {
    return errorResponse('campaign_locked', `The campaign is ${campaign.status}; duplicate it to change it.`);
  }
  const tooLarge =
    (body.message || body.variants) &&
    templateSizeProblem(
      campaign.id,
      body.message ?? (campaign.message as CampaignMessage),
      body.variants ?? (campaign.variants as CampaignMessage[]),
    );
  if (tooLarge) return payloadTooLarge(tooLarge);
  const notStaged = stagedSendProblem(
    body.variants ?? (campaign.variants as CampaignMessage[]),
    body.stagedSend === undefined ? campaign.stagedSend : body.stagedSend,
  );
  if (notStaged) return badRequest(notStaged);
  if (body.segmentId && !(await findSegment(db, body.segmentId))) {
    return badRequest(`segmentId: no segment ${body.segmentId}.`);
  }
  const { scheduledAt, ...fields } = body;
  await updateCampaign(db, campaign.id, {
    ...fields,
    ...(scheduledAt !== undefined ? { scheduledAt: scheduledAt ? new Date(scheduledAt) : null } : {}),
  });
  return json({ campaign: await campaignItem(db, campaign.id) });
});

/** Deletes the campaign and its deliveries (queued ones are not sent). */
export const DELETE = adminRoute({ id }, async ({ db, id }) => {
  const campaign = await campaignOf(db, id);
  if (campaign instanceof Response) return campaign;
  await deleteCampaign(db, campaign.id);
  return noContent();
});
