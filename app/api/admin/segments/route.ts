import { checkedDefinition } from '@/app/_server/segment-route';
import { adminRoute } from '@/app/_server/session';
import { createSegmentSchema } from '@/lib/contracts/saved-segment';
import { serverDatabase } from '@/lib/db';
import { createSegment, listSegments } from '@/lib/db/segments';
import { parseJsonBody } from '@/lib/http/json-body';
import { json } from '@/lib/http/response';

/** The saved segments, most recently changed first. */
export const GET = adminRoute(async () => {
  const { db } = await serverDatabase();
  return json({ segments: await listSegments(db) });
});

/** Saves a segment: { name, description?, definition, size? }. */
export const POST = adminRoute(async (request) => {
  const body = await parseJsonBody(request, createSegmentSchema);
  if (!body.ok) return body.response;
  const definition = checkedDefinition(body.data.definition);
  if (definition instanceof Response) return definition;
  const { db } = await serverDatabase();
  const created = await createSegment(db, { ...body.data, definition: definition ?? body.data.definition });
  return json({ segment: created }, { status: 201 });
});
