import { testSendAnswer } from '@/app/_server/campaign-route';
import { testMessageRequestSchema } from '@/lib/contracts/campaign';
import { adminRoute } from '@/lib/http/admin-route';
import { testSend } from '@/lib/push/campaign-send';
import { pushRuntime } from '@/lib/push/runtime';

/**
 * Sends a message that is not saved as a campaign (the composer's "test" of
 * what is on screen) now to one visitor's subscriptions; nothing is stored.
 * Body: { anonymousId, message, ttlSeconds?, urgency?, topic? }.
 */
export const POST = adminRoute({ body: testMessageRequestSchema }, async ({ db, body }) => {
  const { anonymousId, ...test } = body;
  return testSendAnswer(await testSend(db, (await pushRuntime()).sender, test, anonymousId));
});
