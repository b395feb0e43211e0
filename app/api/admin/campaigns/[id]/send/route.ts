import { type CampaignContext, campaignOf, payloadTooLarge } from '@/app/_server/campaign-route';
import { adminRoute } from '@/app/_server/session';
import { type SendCampaignResponse, sendCampaignRequestSchema } from '@/lib/contracts/campaign';
import { serverDatabase } from '@/lib/db';
import { campaignItem } from '@/lib/db/campaigns';
import { parseJsonBody } from '@/lib/http/json-body';
import { errorResponse, json } from '@/lib/http/response';
import { queueCampaign } from '@/lib/push/campaign-send';
import { pushRuntime } from '@/lib/push/runtime';

/**
 * Queues the campaign for the segment members the console computed:
 * { anonymousIds } (up to 5,000 per call; send more in chunks).
 */
export const POST = adminRoute<CampaignContext>(async (request, context) => {
  const body = await parseJsonBody(request, sendCampaignRequestSchema, 1024 * 1024);
  if (!body.ok) return body.response;
  const { db } = await serverDatabase();
  const campaign = await campaignOf(db, context);
  if (campaign instanceof Response) return campaign;
  if (campaign.status === 'cancelled') return errorResponse(409, 'campaign_locked', 'The campaign is cancelled.');
  const result = await queueCampaign(db, campaign, body.data.anonymousIds);
  if (!result.ok) return payloadTooLarge(result.message);
  (await pushRuntime()).outbox.wake();
  const item = await campaignItem(db, campaign.id);
  if (!item) return errorResponse(404, 'not_found', 'The campaign was deleted meanwhile.');
  return json({
    campaign: item,
    queued: result.queued,
    subscribedVisitors: result.subscribedVisitors,
  } satisfies SendCampaignResponse);
});
