import { testSendAnswer } from '@/app/_server/campaign-route';
import { adminRoute } from '@/app/_server/session';
import { testMessageRequestSchema } from '@/lib/contracts/campaign';
import { serverDatabase } from '@/lib/db';
import { parseJsonBody } from '@/lib/http/json-body';
import { testSend } from '@/lib/push/campaign-send';
import { pushRuntime } from '@/lib/push/runtime';

/**
 * Sends a message that is not saved as a campaign (the composer's "test" of
 * what is on screen) now to one visitor's subscriptions; nothing is stored.
 * Body: { anonymousId, message, ttlSeconds?, urgency?, topic? }.
 */
export const POST = adminRoute(async (request) => {
  const body = await parseJsonBody(request, testMessageRequestSchema);
  if (!body.ok) return body.response;
  const { anonymousId, ...test } = body.data;
  const { db } = await serverDatabase();
  return testSendAnswer(await testSend(db, (await pushRuntime()).sender, test, anonymousId));
});
