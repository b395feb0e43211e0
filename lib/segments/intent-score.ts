// Intent from the published BG/NBD model: the one definition the engine's SQL
// and a device share. The engine stores each customer's expected purchases
// (computed by lib/intent at the calibration end) in intent_scores; a device
// computes its own from its purchase history with the same functions, counting
// purchase days (UTC) as the engine's summary does (lib/intent/customer-summary.ts).
import type { IntentModel } from '../contracts/device-config';
import type { ProfilePurchase } from '../contracts/profile';
import { expectedPurchases } from '../intent/bgnbd';
import { dayMs } from './rfm-score';

/** customer_key (the visitors table's own key), expected_purchases: written by the engine's intent call. */
export const intentScoresTable = 'intent_scores';

/**
 * Expected purchases over the model's horizon for a customer whose history is
 * `purchases`, at `asOf` (the device: now); null before a first purchase
 * (BG/NBD describes customers, and the engine leaves non-buyers untiered).
 */
export function deviceExpectedPurchases(
  purchases: readonly ProfilePurchase[],
  model: IntentModel,
  asOf: number,
): number | null {
  const today = Math.floor(asOf / dayMs);
  const days = new Set<number>();
  for (const purchase of purchases) {
    const day = Math.floor(purchase.time / dayMs);
    if (day <= today) days.add(day);
  }
  if (days.size === 0) return null;
  const first = Math.min(...days);
  const last = Math.max(...days);
  const unit = model.unitDays;
  const customer = { x: days.size - 1, tx: (last - first) / unit, T: (today - first) / unit };
  return expectedPurchases(model.bgnbd, customer, model.horizonDays / unit);
}
