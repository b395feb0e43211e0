import type { RfmModel } from '@/lib/contracts/profile';
import { rfmModelSchema } from '@/lib/contracts/rfm-model';
import { readSetting, settingKeys, writeSetting } from '@/lib/db/settings';
import { adminRoute } from '@/lib/http/admin-route';
import { json } from '@/lib/http/response';

/** The RFM model published for devices, or null. */
export const GET = adminRoute(async ({ db }) =>
  json({ model: (await readSetting<RfmModel>(db, settingKeys.publishedRfmModel)) ?? null }),
);

/** Publishes the console's RFM model (cut points computed by the engine) for devices to score themselves. */
export const PUT = adminRoute({ body: rfmModelSchema }, async ({ db, body }) => {
  await writeSetting(db, settingKeys.publishedRfmModel, body);
  return json({ model: body });
});
