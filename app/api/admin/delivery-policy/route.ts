import { type DeliveryPolicyResponse, deliveryPolicySchema } from '@/lib/contracts/delivery-policy';
import { guardedSubscriptions, readDeliveryPolicy, writeDeliveryPolicy } from '@/lib/db/delivery-policy';
import { knownZone } from '@/lib/delivery-policy/zone-clock';
import { adminRoute } from '@/lib/http/admin-route';
import { badRequest, json } from '@/lib/http/response';

/** The delivery policy (docs/delivery-policy.md) and how many subscriptions the engagement guard holds back now. */
export const GET = adminRoute(async ({ db }) => {
  const policy = await readDeliveryPolicy(db);
  return json({
    policy,
    guardedSubscriptions: await guardedSubscriptions(db, policy),
  } satisfies DeliveryPolicyResponse);
});

/** Replaces the policy; the caps reach devices with the next published config. */
export const PUT = adminRoute({ body: deliveryPolicySchema, maxBytes: 4 * 1024 }, async ({ db, body }) => {
  if (!knownZone(body.fallbackTimeZone)) {
    return badRequest(`fallbackTimeZone: "${body.fallbackTimeZone}" is not a time zone (for example Europe/Paris).`);
  }
  const policy = await writeDeliveryPolicy(db, body);
  return json({
    policy,
    guardedSubscriptions: await guardedSubscriptions(db, policy),
  } satisfies DeliveryPolicyResponse);
});
