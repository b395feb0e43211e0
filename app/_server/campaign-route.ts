import 'server-only';
import type { TestSendResponse, TestSendResult } from '@/lib/contracts/campaign';
import type { CampaignRow } from '@/lib/db/campaigns';
import { findCampaign, isAutomationCampaign } from '@/lib/db/campaigns';
import type { Database } from '@/lib/db/client';
import { errorResponse, json, notFound, payloadTooLarge } from '@/lib/http/response';

/**
 * The campaign of /api/admin/campaigns/[id], or the 404 to answer. An
 * automation's campaign is not one of them: it is edited, sent and reported
 * through /api/admin/automations.
 */
export async function campaignOf(db: Database, id: number): Promise<CampaignRow | Response> {
  const campaign = await findCampaign(db, id);
  if (!campaign || (await isAutomationCampaign(db, id))) return notFound('campaign');
  return campaign;
}

/** A test send's answer: the results, 413 when too big, 404 when this browser has no subscription. */
export function testSendAnswer(
  results: TestSendResult[] | { ok: false; code: 'payload_too_large'; message: string },
): Response {
  if (!Array.isArray(results)) return payloadTooLarge(results.message);
  if (results.length === 0) {
    return errorResponse('no_subscription', 'This browser has no push subscription yet: allow notifications first.');
  }
  return json({ results } satisfies TestSendResponse);
}
