import { type CampaignContext, campaignOf, testSendAnswer } from '@/app/_server/campaign-route';
import { adminRoute } from '@/app/_server/session';
import { testSendRequestSchema } from '@/lib/contracts/campaign';
import { serverDatabase } from '@/lib/db';
import { parseJsonBody } from '@/lib/http/json-body';
import { testMessageOf, testSend } from '@/lib/push/campaign-send';
import { pushRuntime } from '@/lib/push/runtime';

/** Sends the campaign now to one visitor's subscriptions (the marketer's own browser): { anonymousId }. */
export const POST = adminRoute<CampaignContext>(async (request, context) => {
  const body = await parseJsonBody(request, testSendRequestSchema);
  if (!body.ok) return body.response;
  const { db } = await serverDatabase();
  const campaign = await campaignOf(db, context);
  if (campaign instanceof Response) return campaign;
  return testSendAnswer(
    await testSend(db, (await pushRuntime()).sender, testMessageOf(campaign), body.data.anonymousId),
  );
});
