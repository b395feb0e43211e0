import 'server-only';
// The delivery policy at the sender (docs/delivery-policy.md): before a
// claim, the global rate's slots for this minute window; after it, each
// claimed delivery judged (quiet hours, engagement guard, caps) and the
// campaigns' own rates taken. Whatever is not sent now is recorded through
// the outcome writer: held (back to the queue until its time, the attempt
// refunded), expired or skipped, each with its reason.
import type { DeliveryPolicy } from '../contracts/delivery-policy';
import type { Database } from '../db/client';
import type { ClaimedDelivery } from '../db/deliveries';
import { readDeliveryPolicy, recentMessages } from '../db/delivery-policy';
import { returnSendSlots, takeSendSlots } from '../db/send-windows';
import { judgeDeliveries, messageKeyOf, type PastMessage } from '../delivery-policy/send-decision';
import { campaignScope, globalScope, windowMs, windowStart } from '../delivery-policy/throttle';
import type { OutcomeWriter } from './outcome-writer';

export class DeliveryPolicyGate {
  /** Messages sent in this drain: not yet recorded as sent when the next batch is judged. */
  readonly #sentHere = new Map<string, PastMessage[]>();

  private constructor(
    private readonly db: Database,
    private readonly writer: OutcomeWriter,
    readonly policy: DeliveryPolicy,
  ) {}

  static async open(db: Database, writer: OutcomeWriter): Promise<DeliveryPolicyGate> {
    return new DeliveryPolicyGate(db, writer, await readDeliveryPolicy(db));
  }

  nextWindow(at: number): number {
    return windowStart(at) + windowMs;
  }

  /** How many rows the next claim may take: `want`, or what is left of the global rate this minute. */
  async globalSlots(want: number, at: number): Promise<number> {
    const limit = this.policy.globalPerMinute;
    if (limit === null) return want;
    return takeSendSlots(this.db, globalScope, new Date(windowStart(at)), want, limit);
  }

  /** The claimed deliveries to send now; the others' outcomes go to the writer. */
  async admit(claimed: readonly ClaimedDelivery[], globalTaken: number, at: number): Promise<ClaimedDelivery[]> {
    const { policy, writer } = this;
    const window = new Date(windowStart(at));
    const capsOn = policy.caps.perDay !== null || policy.caps.perWeek !== null;
    const visitors = [...new Set(claimed.flatMap((row) => (row.anonymousId ? [row.anonymousId] : [])))];
    const history = capsOn ? await recentMessages(this.db, visitors, new Date(at)) : new Map<string, PastMessage[]>();
    // Only this batch's visitors: merging every visitor sent to so far would cost
    // each batch the whole drain's sends. Without caps nothing reads the history.
    for (const visitor of capsOn ? visitors : []) {
      const mine = this.#sentHere.get(visitor);
      if (mine) history.set(visitor, [...(history.get(visitor) ?? []), ...mine]);
    }
    const verdicts = judgeDeliveries(
      claimed.map((row) => ({
        id: row.id,
        anonymousId: row.anonymousId,
        messageKey: messageKeyOf(row.campaignId, row.entryId),
        important: row.important,
        ttlSeconds: row.ttlSeconds,
        dueAt: row.dueAt,
        timeZone: row.timeZone,
        unclicked: row.unclickedSends,
      })),
      policy,
      history,
      at,
    );
    const passed: ClaimedDelivery[] = [];
    for (const row of claimed) {
      const verdict = verdicts.get(row.id) ?? { kind: 'send' };
      if (verdict.kind === 'send') passed.push(row);
      else if (verdict.kind === 'hold') {
        writer.add('retry', {
          id: row.id,
          at: new Date(verdict.until),
          error: "Held: quiet hours in the visitor's time zone.",
          refundAttempt: true,
          skipReason: 'quietHours',
        });
      } else if (verdict.kind === 'expire')
        writer.add('dropped', { id: row.id, status: 'expired', reason: verdict.reason });
      else writer.add('dropped', { id: row.id, status: 'skipped', reason: verdict.reason });
    }
    const ready = await this.#campaignRates(passed, window);
    for (const row of capsOn ? ready : []) {
      if (!row.anonymousId) continue;
      const key = messageKeyOf(row.campaignId, row.entryId);
      const mine = this.#sentHere.get(row.anonymousId) ?? [];
      if (!mine.some((message) => message.key === key)) mine.push({ at, key });
      this.#sentHere.set(row.anonymousId, mine);
    }
    if (policy.globalPerMinute !== null) {
      await returnSendSlots(this.db, globalScope, window, globalTaken - ready.length);
    }
    return ready;
  }

  /** A campaign with a rate of its own sends what its window has left; the rest waits for the next window. */
  async #campaignRates(rows: readonly ClaimedDelivery[], window: Date): Promise<ClaimedDelivery[]> {
    const byCampaign = new Map<number, ClaimedDelivery[]>();
    const ready: ClaimedDelivery[] = [];
    for (const row of rows) {
      if (row.perMinute === null) ready.push(row);
      else byCampaign.set(row.campaignId, [...(byCampaign.get(row.campaignId) ?? []), row]);
    }
    for (const [campaignId, own] of byCampaign) {
      const granted = await takeSendSlots(this.db, campaignScope(campaignId), window, own.length, own[0]!.perMinute!);
      ready.push(...own.slice(0, granted));
      for (const row of own.slice(granted)) {
        this.writer.add('retry', {
          id: row.id,
          at: new Date(window.getTime() + windowMs),
          error: "Throttled: the campaign's messages a minute.",
          refundAttempt: true,
        });
      }
    }
    return ready;
  }
}
