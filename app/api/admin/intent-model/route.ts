import type { IntentModel } from '@/lib/contracts/device-config';
import { intentModelSchema } from '@/lib/contracts/intent-model';
import { readSetting, settingKeys, writeSetting } from '@/lib/db/settings';
import { adminRoute } from '@/lib/http/admin-route';
import { json } from '@/lib/http/response';

/** The published intent model; `model` is null until the console publishes one. */
export const GET = adminRoute(async ({ db }) =>
  json({ model: (await readSetting<IntentModel>(db, settingKeys.publishedIntentModel)) ?? null }),
);

/** Publishes a fitted BG/NBD model for devices (GET /api/device/config serves it). */
export const PUT = adminRoute({ body: intentModelSchema, maxBytes: 4 * 1024 }, async ({ db, body }) => {
  await writeSetting(db, settingKeys.publishedIntentModel, body);
  return json({ model: body });
});
