import { adminRoute } from '@/app/_server/session';
import type { IntentModel } from '@/lib/contracts/device-config';
import { intentModelSchema } from '@/lib/contracts/intent-model';
import { serverDatabase } from '@/lib/db';
import { readSetting, settingKeys, writeSetting } from '@/lib/db/settings';
import { parseJsonBody } from '@/lib/http/json-body';
import { json } from '@/lib/http/response';

/** The published intent model; `model` is null until the console publishes one. */
export const GET = adminRoute(async () => {
  const { db } = await serverDatabase();
  return json({ model: (await readSetting<IntentModel>(db, settingKeys.publishedIntentModel)) ?? null });
});

/** Publishes a fitted BG/NBD model for devices (GET /api/device/config serves it). */
export const PUT = adminRoute(async (request) => {
  const body = await parseJsonBody(request, intentModelSchema, 4 * 1024);
  if (!body.ok) return body.response;
  const { db } = await serverDatabase();
  await writeSetting(db, settingKeys.publishedIntentModel, body.data);
  return json({ model: body.data });
});
