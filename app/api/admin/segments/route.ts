import { checkedDefinition } from '@/app/_server/segment-route';
import { createSegmentSchema } from '@/lib/contracts/saved-segment';
import { createSegment, listSegments } from '@/lib/db/segments';
import { adminRoute } from '@/lib/http/admin-route';
import { json } from '@/lib/http/response';

/** The saved segments, most recently changed first. */
export const GET = adminRoute(async ({ db }) => json({ segments: await listSegments(db) }));

/** Saves a segment: { name, description?, definition, size? }. */
export const POST = adminRoute({ body: createSegmentSchema }, async ({ db, body }) => {
  const definition = checkedDefinition(body.definition);
  if (definition instanceof Response) return definition;
  const created = await createSegment(db, { ...body, definition: definition ?? body.definition });
  return json({ segment: created }, { status: 201 });
});
