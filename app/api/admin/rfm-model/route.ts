import { adminRoute } from '@/app/_server/session';
import type { RfmModel } from '@/lib/contracts/profile';
import { rfmModelSchema } from '@/lib/contracts/rfm-model';
import { serverDatabase } from '@/lib/db';
import { readSetting, settingKeys, writeSetting } from '@/lib/db/settings';
import { parseJsonBody } from '@/lib/http/json-body';
import { json } from '@/lib/http/response';

/** The RFM model published for devices, or null. */
export const GET = adminRoute(async () => {
  const { db } = await serverDatabase();
  return json({ model: (await readSetting<RfmModel>(db, settingKeys.publishedRfmModel)) ?? null });
});

/** Publishes the console's RFM model (cut points computed by the engine) for devices to score themselves. */
export const PUT = adminRoute(async (request) => {
  const body = await parseJsonBody(request, rfmModelSchema);
  if (!body.ok) return body.response;
  const { db } = await serverDatabase();
  await writeSetting(db, settingKeys.publishedRfmModel, body.data);
  return json({ model: body.data });
});
