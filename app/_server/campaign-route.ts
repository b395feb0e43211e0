import 'server-only';
import type { TestSendResponse, TestSendResult } from '@/lib/contracts/campaign';
import type { CampaignRow } from '@/lib/db/campaigns';
import { findCampaign } from '@/lib/db/campaigns';
import type { Database } from '@/lib/db/client';
import { errorResponse, json } from '@/lib/http/response';

export type CampaignContext = { params: Promise<{ id: string }> };

export const campaignNotFound = () => errorResponse(404, 'not_found', 'No campaign with that id.');

/** The campaign of /api/admin/campaigns/[id], or the 404 to answer. */
export async function campaignOf(db: Database, context: CampaignContext): Promise<CampaignRow | Response> {
  const id = Number((await context.params).id);
  if (!Number.isSafeInteger(id) || id <= 0) return campaignNotFound();
  return (await findCampaign(db, id)) ?? campaignNotFound();
}

/** A campaign message that cannot fit one push message, as the console shows it. */
export const payloadTooLarge = (message: string) => errorResponse(413, 'payload_too_large', message);

/** A test send's answer: the results, 413 when too big, 404 when this browser has no subscription. */
export function testSendAnswer(
  results: TestSendResult[] | { ok: false; code: 'payload_too_large'; message: string },
): Response {
  if (!Array.isArray(results)) return payloadTooLarge(results.message);
  if (results.length === 0) {
    return errorResponse(
      404,
      'no_subscription',
      'This browser has no push subscription yet: allow notifications first.',
    );
  }
  return json({ results } satisfies TestSendResponse);
}
