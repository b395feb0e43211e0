import { clientLimiter, preflight, rateLimited, withCors } from '@/app/_server/public-endpoint';
import { deleteVisitorSchema } from '@/lib/contracts/collect';
import { serverDatabase } from '@/lib/db';
import { forgetVisitor } from '@/lib/db/ingest';
import { readBodyText } from '@/lib/http/body';
import { badRequest, json } from '@/lib/http/response';

const limiter = clientLimiter('KAIROS_FORGET_RATE_LIMIT', 30);

export const OPTIONS = preflight;

/**
 * A visitor withdrew consent: delete the events, visitor row and push
 * subscriptions of their anonymousId. Holding the (random, device-only) id is
 * what entitles a caller to erase it.
 */
export async function POST(request: Request): Promise<Response> {
  const limited = rateLimited(limiter, request);
  if (limited) return limited;
  const body = await readBodyText(request, 1024);
  let parsed;
  try {
    parsed = deleteVisitorSchema.safeParse(body === 'too-large' ? undefined : JSON.parse(body));
  } catch {
    return withCors(badRequest('The body is not valid JSON.'));
  }
  if (!parsed.success) return withCors(badRequest('Send { "anonymousId": "…" }.'));
  const { db } = await serverDatabase();
  return withCors(json({ deleted: await forgetVisitor(db, parsed.data.anonymousId) }));
}
