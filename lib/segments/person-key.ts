// Which person an event belongs to (docs/people.md#the-identity-rules): the
// rules the server applies at ingest (which links to write) and the analytics
// apply at load (lib/segments/dataset-schema.ts, the same rule in SQL).
//   - A device's links are switch points: from a link's time on, its events are
//     that person's; before its first link, the first person's (the browsing
//     that led to a sign-in is the person's who signed in).
//   - A device with no link is its own person, keyed by its anonymousId.
//   - An event carrying both ids, or an alias of an anonymous id, writes a link
//     when it names someone else than the device had at that time: a shared
//     device starts a new person from then on and never merges two pasts.
//   - An alias whose previousId is itself a known userId would merge two
//     people: it is refused (stored as an event, linking nothing).

export interface IdentityLink {
  anonymousId: string;
  userId: string;
  /** Epoch ms. */
  validFrom: number;
}

/** A claim read from one event: from `at` on, device `anonymousId` is `userId`. */
export interface IdentityClaim {
  anonymousId: string;
  userId: string;
  at: number;
  /** An alias's previousId (may name a userId, which is then refused). */
  fromAlias: boolean;
}

/** The person of a device's event at `at`, given that device's links in any order; null without links. */
export function personAt(links: readonly IdentityLink[], at: number): string | null {
  let current: IdentityLink | null = null;
  let first: IdentityLink | null = null;
  for (const link of links) {
    if (!first || link.validFrom < first.validFrom) first = link;
    if (link.validFrom <= at && (!current || link.validFrom > current.validFrom)) current = link;
  }
  return (current ?? first)?.userId ?? null;
}

/** The person key of an event: its device's person at its time, else the device itself. */
export const personKey = (links: readonly IdentityLink[], anonymousId: string, at: number) =>
  personAt(links, at) ?? anonymousId;

export type ClaimOutcome = 'linked' | 'unchanged' | 'refused';

/**
 * The links a batch of claims adds to `existing` (every link of the devices the
 * claims name), in time order so each claim sees the ones before it.
 * `isUserId` tells whether an alias's previousId is a userId already known.
 */
export function linksToAdd(
  existing: readonly IdentityLink[],
  claims: readonly IdentityClaim[],
  isUserId: (id: string) => boolean,
): { added: IdentityLink[]; outcomes: ClaimOutcome[] } {
  const byDevice = new Map<string, IdentityLink[]>();
  for (const link of existing) byDevice.set(link.anonymousId, [...(byDevice.get(link.anonymousId) ?? []), link]);
  const added: IdentityLink[] = [];
  const outcomes: ClaimOutcome[] = claims.map(() => 'unchanged');
  const order = claims.map((claim, index) => ({ claim, index })).sort((a, b) => a.claim.at - b.claim.at);
  for (const { claim, index } of order) {
    if (claim.anonymousId === claim.userId) continue;
    if (claim.fromAlias && isUserId(claim.anonymousId)) {
      outcomes[index] = 'refused';
      continue;
    }
    const links = byDevice.get(claim.anonymousId) ?? [];
    if (personAt(links, claim.at) === claim.userId) continue;
    // One switch per device and instant: a second claim at the same time is the same moment.
    if (links.some((link) => link.validFrom === claim.at)) continue;
    const link = { anonymousId: claim.anonymousId, userId: claim.userId, validFrom: claim.at };
    links.push(link);
    byDevice.set(claim.anonymousId, links);
    added.push(link);
    outcomes[index] = 'linked';
  }
  return { added, outcomes };
}
