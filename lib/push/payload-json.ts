import 'server-only';
import type { CampaignMessage } from '../contracts/campaign';
import { campaignPayload, largestDeliveryId, traitNames } from '../contracts/campaign-message';
import type { ClaimedDelivery } from '../db/deliveries';

const idMember = '"deliveryId":';
const idMarker = `${idMember}${largestDeliveryId}`;
/** Bounds the memory a campaign personalised per visitor can take: the cache starts again past it. */
const maxEntries = 10_000;

/**
 * The JSON payload of each delivery. The deliveries of one campaign's variant
 * differ only in their delivery id and in the traits their texts read, so the
 * JSON is made once per (campaign, variant, values of those traits) and each
 * delivery's id written into it: the same bytes as `JSON.stringify(campaignPayload(…))`
 * (tests/unit/payload-json.test.ts), without building and serialising the
 * payload for every message of a large send (docs/perf-push-and-intent.md).
 */
export class PayloadJson {
  readonly #names = new WeakMap<CampaignMessage, string[]>();
  readonly #halves = new Map<string, readonly [string, string]>();

  of(delivery: Pick<ClaimedDelivery, 'id' | 'campaignId' | 'variant' | 'message' | 'traits'>): string {
    const { message, traits } = delivery;
    let names = this.#names.get(message);
    if (!names) this.#names.set(message, (names = traitNames(message)));
    const values = names.length
      ? JSON.stringify(names.map((name) => (Object.hasOwn(traits, name) ? traits[name] : null)))
      : '';
    const key = `${delivery.campaignId}:${delivery.variant}:${values}`;
    let halves = this.#halves.get(key);
    if (!halves) {
      const json = JSON.stringify(
        campaignPayload(delivery.campaignId, message, traits, { id: largestDeliveryId, variant: delivery.variant }),
      );
      // A member name in quotes can only be the data's own: quotes inside strings are escaped.
      const at = json.indexOf(idMarker);
      halves = [json.slice(0, at + idMember.length), json.slice(at + idMarker.length)];
      if (this.#halves.size >= maxEntries) this.#halves.clear();
      this.#halves.set(key, halves);
    }
    return `${halves[0]}${delivery.id}${halves[1]}`;
  }
}
