import 'server-only';
// A campaign's recipients for its results: each targeted visitor once, with
// their variant, when they were first sent it (else when it was queued for)
// and whether any delivery went out; and each control member, anchored at
// the time the others were sent.
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { Recipient } from '../contracts/campaign-results';
import { controlArm } from '../segments/campaign-outcomes';
import type { Database } from './client';
import { controlsOf } from './campaign-controls';
import { peopleAt } from './identity-links';
import { deliveries } from './schema';

export async function campaignRecipients(db: Database, campaignId: number): Promise<Recipient[]> {
  const targeted = await db
    .select({
      anonymousId: deliveries.anonymousId,
      variant: sql<number>`min(${deliveries.variant})`,
      firstSent: sql<Date | string | null>`min(${deliveries.sentAt})`,
      queuedFor: sql<Date | string>`min(${deliveries.nextAttemptAt})`,
      sent: sql<boolean>`bool_or(${deliveries.status} = 'sent')`,
    })
    .from(deliveries)
    .where(and(eq(deliveries.campaignId, campaignId), isNotNull(deliveries.anonymousId)))
    .groupBy(deliveries.anonymousId);
  const recipients: Recipient[] = targeted.map((row) => ({
    customer: row.anonymousId ?? '',
    arm: Number(row.variant),
    anchorAt: new Date(row.firstSent ?? row.queuedFor).getTime(),
    sent: row.sent === true,
  }));
  const seen = new Set(recipients.map((r) => r.customer));
  for (const member of await controlsOf(db, campaignId)) {
    // A visitor both queued and held out cannot happen by the hash; if rows say so, the delivery wins.
    if (seen.has(member.anonymousId)) continue;
    recipients.push({
      customer: member.anonymousId,
      arm: controlArm,
      anchorAt: member.selectedAt.getTime(),
      sent: false,
    });
  }
  return byPerson(db, recipients);
}

/**
 * One recipient per person (docs/people.md#campaigns-to-people): a person's
 * devices each got a delivery, and the results count the person once, at the
 * first of their anchors, sent when any delivery was.
 */
async function byPerson(db: Database, recipients: readonly Recipient[]): Promise<Recipient[]> {
  const people = await peopleAt(
    db,
    recipients.map((r) => ({ id: r.customer, at: r.anchorAt })),
  );
  const merged = new Map<string, Recipient>();
  recipients.forEach((recipient, index) => {
    const customer = people[index] ?? recipient.customer;
    const seen = merged.get(customer);
    if (!seen) merged.set(customer, { ...recipient, customer });
    else
      merged.set(customer, {
        ...seen,
        anchorAt: Math.min(seen.anchorAt, recipient.anchorAt),
        sent: seen.sent || recipient.sent,
      });
  });
  return [...merged.values()];
}
