import { type CampaignContext, campaignOf, payloadTooLarge } from '@/app/_server/campaign-route';
import { adminRoute } from '@/app/_server/session';
import { type TestSendResponse, testSendRequestSchema } from '@/lib/contracts/campaign';
import { serverDatabase } from '@/lib/db';
import { parseJsonBody } from '@/lib/http/json-body';
import { errorResponse, json } from '@/lib/http/response';
import { testSend } from '@/lib/push/campaign-send';
import { pushRuntime } from '@/lib/push/runtime';

/** Sends the campaign now to one visitor's subscriptions (the marketer's own browser): { anonymousId }. */
export const POST = adminRoute<CampaignContext>(async (request, context) => {
  const body = await parseJsonBody(request, testSendRequestSchema);
  if (!body.ok) return body.response;
  const { db } = await serverDatabase();
  const campaign = await campaignOf(db, context);
  if (campaign instanceof Response) return campaign;
  const results = await testSend(db, (await pushRuntime()).sender, campaign, body.data.anonymousId);
  if (!Array.isArray(results)) return payloadTooLarge(results.message);
  if (results.length === 0) {
    return errorResponse(
      404,
      'no_subscription',
      'This browser has no push subscription yet: allow notifications first.',
    );
  }
  return json({ results } satisfies TestSendResponse);
});
