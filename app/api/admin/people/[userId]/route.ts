import { cutText } from '@/lib/contracts/text';
import { forgetPerson, readPerson } from '@/lib/db/people';
import { adminRoute } from '@/lib/http/admin-route';
import { json, notFound } from '@/lib/http/response';
import { pathText } from '@/lib/http/route-param';
import { lakeForgotten } from '@/lib/lake/runtime';

/** A person: their devices, traits and events of every device, newest first (docs/people.md). */
export const GET = adminRoute({ id: pathText('userId') }, async ({ db, id: userId }) => {
  const person = await readPerson(db, cutText(userId, 200));
  return person ? json(person) : notFound('person');
});

/** The console's "Forget this person": as POST /api/visitor/forget with a userId. */
export const DELETE = adminRoute({ id: pathText('userId') }, async ({ db, id: userId }) => {
  const deleted = await forgetPerson(db, cutText(userId, 200));
  if (deleted.events > 0) lakeForgotten();
  return json({ deleted });
});
