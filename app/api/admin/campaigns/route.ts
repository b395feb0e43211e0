import { createCampaignSchema, stagedSendProblem } from '@/lib/contracts/campaign';
import { createCampaign, listCampaigns, toListItem } from '@/lib/db/campaigns';
import { findSegment } from '@/lib/db/segments';
import { adminRoute } from '@/lib/http/admin-route';
import { badRequest, json, payloadTooLarge } from '@/lib/http/response';
import { templateSizeProblem } from '@/lib/push/campaign-send';

/** Every campaign, newest first, with delivery counts. */
export const GET = adminRoute(async ({ db }) => json({ campaigns: await listCampaigns(db) }));

/** A new draft campaign (lib/contracts/campaign.ts createCampaignSchema). */
export const POST = adminRoute({ body: createCampaignSchema }, async ({ db, body }) => {
  const tooLarge = templateSizeProblem(0, body.message, body.variants);
  if (tooLarge) return payloadTooLarge(tooLarge);
  const notStaged = stagedSendProblem(body.variants, body.stagedSend);
  if (notStaged) return badRequest(notStaged);
  if (body.segmentId && !(await findSegment(db, body.segmentId))) {
    return badRequest(`segmentId: no segment ${body.segmentId}.`);
  }
  const { scheduledAt, ...fields } = body;
  const created = await createCampaign(db, { ...fields, scheduledAt: scheduledAt ? new Date(scheduledAt) : null });
  return json({ campaign: toListItem(created) }, { status: 201 });
});
