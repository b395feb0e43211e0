import { campaignOf } from '@/app/_server/campaign-route';
import { sendToSegment } from '@/lib/audience/segment-send';
import { serverAudiences } from '@/lib/audience/runtime';
import { type SendCampaignResponse, sendCampaignRequestSchema } from '@/lib/contracts/campaign';
import { campaignItem } from '@/lib/db/campaigns';
import { adminRoute } from '@/lib/http/admin-route';
import { errorResponse, json, payloadTooLarge } from '@/lib/http/response';
import { recordId } from '@/lib/http/route-param';
import { queueCampaign } from '@/lib/push/campaign-send';
import { pushRuntime } from '@/lib/push/runtime';

const options = { id: recordId('campaign'), body: sendCampaignRequestSchema, maxBytes: 1024 * 1024 };

/**
 * Queues the campaign: for its segment, with the members computed here at
 * send time ({ audience: 'segment' }; a scheduled campaign when its time
 * comes), or for the visitors listed ({ anonymousIds }, up to 5,000 a call).
 */
export const POST = adminRoute(options, async ({ db, id, body }) => {
  const campaign = await campaignOf(db, id);
  if (campaign instanceof Response) return campaign;
  if (campaign.status === 'cancelled') return errorResponse('campaign_locked', 'The campaign is cancelled.');
  let answer: Omit<SendCampaignResponse, 'campaign'>;
  if ('audience' in body) {
    const sent = await sendToSegment(db, await serverAudiences(), campaign);
    if (!sent.ok) return errorResponse(sent.code, sent.message);
    answer = sent.scheduled
      ? { queued: 0, subscribedVisitors: 0, segment: { scheduled: true } }
      : {
          queued: sent.queued,
          subscribedVisitors: sent.subscribedVisitors,
          control: sent.control,
          globalHoldout: sent.globalHoldout,
          awaitingWinner: sent.awaitingWinner,
          segment: { scheduled: false, members: sent.members, evaluatedOn: sent.evaluatedOn },
        };
  } else {
    const result = await queueCampaign(db, campaign, body.anonymousIds, new Date(), {
      bestTimes: async (customers, params) => (await serverAudiences()).bestTimes(customers, params),
    });
    if (!result.ok) return payloadTooLarge(result.message);
    answer = {
      queued: result.queued,
      subscribedVisitors: result.subscribedVisitors,
      control: result.control,
      globalHoldout: result.globalHoldout,
      awaitingWinner: result.awaitingWinner,
    };
  }
  (await pushRuntime()).outbox.wake();
  const item = await campaignItem(db, campaign.id);
  if (!item) return errorResponse('not_found', 'The campaign was deleted meanwhile.');
  return json({ campaign: item, ...answer } satisfies SendCampaignResponse);
});
