import { serverAudiences } from '@/lib/audience/runtime';
import { sendTimeOptions } from '@/lib/audience/server-audience';
import { type AudienceSizeResponse, audienceSizeRequestSchema } from '@/lib/contracts/audience';
import { parseSegmentTree } from '@/lib/contracts/segment';
import { adminRoute } from '@/lib/http/admin-route';
import { badRequest, json } from '@/lib/http/response';

/** The segment's size over every stored event, as of now: what a campaign sent now would reach. */
export const POST = adminRoute({ body: audienceSizeRequestSchema, maxBytes: 64 * 1024 }, async ({ db, body }) => {
  let tree;
  try {
    tree = parseSegmentTree(body.tree);
  } catch (error) {
    return badRequest((error as Error).message);
  }
  const size = await (await serverAudiences()).stats(tree, await sendTimeOptions(db, new Date()));
  return json(size satisfies AudienceSizeResponse);
});
