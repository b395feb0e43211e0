// Scoring from published cut points: the one definition the engine's SQL and a
// device share. A value's score counts the cut points it exceeds, so equal
// values always get equal scores (ties never split across quintiles).
import type { ProfilePurchase, RfmModel, RfmScore } from '../contracts/profile';

export const dayMs = 86_400_000;

/** 1 + number of cut points strictly below the value. */
export function scoreAbove(value: number, cutPoints: readonly number[]): number {
  let score = 1;
  for (const cut of cutPoints) if (value > cut) score += 1;
  return score;
}

/** Recency is reversed: fewer days since the last purchase is better. */
export const recencyScore = (days: number, cutPoints: readonly number[]) => 6 - scoreAbove(days, cutPoints);

/** Whole cents, rounded half up, the same arithmetic as the SQL (floor(x * 100 + 0.5)). */
export const toCents = (amount: number) => Math.floor(amount * 100 + 0.5);

/** R, F and M of one customer's purchases at the model's reference time; null without a purchase. */
export function rfmValues(
  purchases: readonly ProfilePurchase[],
  asOf: number,
): { recencyDays: number; frequency: number; monetaryCents: number } | null {
  let last = -Infinity;
  let cents = 0;
  let unnamed = 0;
  const orders = new Set<string>();
  for (const purchase of purchases) {
    if (purchase.time > asOf) continue;
    last = Math.max(last, purchase.time);
    cents += toCents(purchase.revenue);
    if (purchase.orderId === undefined) unnamed += 1;
    else orders.add(purchase.orderId);
  }
  if (last === -Infinity) return null;
  return { recencyDays: Math.floor((asOf - last) / dayMs), frequency: orders.size + unnamed, monetaryCents: cents };
}

export function scoreValues(
  values: { recencyDays: number; frequency: number; monetaryCents: number },
  model: RfmModel,
) {
  const r = recencyScore(values.recencyDays, model.cutPoints.recencyDays);
  const f = scoreAbove(values.frequency, model.cutPoints.frequency);
  const m = scoreAbove(values.monetaryCents, model.cutPoints.monetaryCents);
  const segment = model.segmentGrid[r - 1]?.[f - 1];
  if (!segment) throw new Error(`The RFM model has no segment for R${r} F${f}.`);
  return { ...values, r, f, m, segment } satisfies RfmScore;
}

/** A device scoring itself: its purchases and the published model give the engine's answer. */
export function scorePurchases(purchases: readonly ProfilePurchase[], model: RfmModel): RfmScore | null {
  const values = rfmValues(purchases, model.asOf);
  return values ? scoreValues(values, model) : null;
}
