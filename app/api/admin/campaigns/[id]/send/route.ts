import { campaignOf } from '@/app/_server/campaign-route';
import { type SendCampaignResponse, sendCampaignRequestSchema } from '@/lib/contracts/campaign';
import { campaignItem } from '@/lib/db/campaigns';
import { adminRoute } from '@/lib/http/admin-route';
import { errorResponse, json, payloadTooLarge } from '@/lib/http/response';
import { recordId } from '@/lib/http/route-param';
import { queueCampaign } from '@/lib/push/campaign-send';
import { pushRuntime } from '@/lib/push/runtime';

const options = { id: recordId('campaign'), body: sendCampaignRequestSchema, maxBytes: 1024 * 1024 };

/**
 * Queues the campaign for the segment members the console computed:
 * { anonymousIds } (up to 5,000 per call; send more in chunks).
 */
export const POST = adminRoute(options, async ({ db, id, body }) => {
  const campaign = await campaignOf(db, id);
  if (campaign instanceof Response) return campaign;
  if (campaign.status === 'cancelled') return errorResponse('campaign_locked', 'The campaign is cancelled.');
  const result = await queueCampaign(db, campaign, body.anonymousIds);
  if (!result.ok) return payloadTooLarge(result.message);
  (await pushRuntime()).outbox.wake();
  const item = await campaignItem(db, campaign.id);
  if (!item) return errorResponse('not_found', 'The campaign was deleted meanwhile.');
  return json({
    campaign: item,
    queued: result.queued,
    subscribedVisitors: result.subscribedVisitors,
  } satisfies SendCampaignResponse);
});
