import { campaignOf, testSendAnswer } from '@/app/_server/campaign-route';
import { testSendRequestSchema } from '@/lib/contracts/campaign';
import { adminRoute } from '@/lib/http/admin-route';
import { recordId } from '@/lib/http/route-param';
import { testMessageOf, testSend } from '@/lib/push/campaign-send';
import { pushRuntime } from '@/lib/push/runtime';

/** Sends the campaign now to one visitor's subscriptions (the marketer's own browser): { anonymousId }. */
export const POST = adminRoute({ id: recordId('campaign'), body: testSendRequestSchema }, async ({ db, id, body }) => {
  const campaign = await campaignOf(db, id);
  if (campaign instanceof Response) return campaign;
  return testSendAnswer(await testSend(db, (await pushRuntime()).sender, testMessageOf(campaign), body.anonymousId));
});
