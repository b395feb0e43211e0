import 'server-only';
// The identity graph in storage (identity_links, migration 0012): the links a
// batch of events claims are written in the batch's transaction, by the rules
// of lib/segments/person-key.ts; reads give a person's devices, a device's
// person, and every link for the analytics engines.
import { asc, inArray } from 'drizzle-orm';
import type { ValidEvent } from '../collect/validate';
import { type IdentityClaim, type IdentityLink, linksToAdd, personAt, personKey } from '../segments/person-key';
import type { Database } from './client';
import { identityLinks } from './schema';

/** What an event says about identity: a device with a userId, an alias's previousId. */
export function claimsOf(batch: readonly ValidEvent[]): IdentityClaim[] {
  return batch.flatMap(({ event, timestamp }) => {
    const at = timestamp.getTime();
    const claims: IdentityClaim[] = [];
    if (!event.userId) return claims;
    claims.push({ anonymousId: event.anonymousId, userId: event.userId, at, fromAlias: false });
    const previousId = event.type === 'alias' ? event.properties.previousId : undefined;
    if (typeof previousId === 'string' && previousId !== '') {
      claims.push({ anonymousId: previousId, userId: event.userId, at, fromAlias: true });
    }
    return claims;
  });
}

const asLink = (row: typeof identityLinks.$inferSelect): IdentityLink => ({
  anonymousId: row.anonymousId,
  userId: row.userId,
  validFrom: row.validFrom.getTime(),
});

/** Every link of these devices. */
export async function linksOfDevices(db: Database, anonymousIds: readonly string[]): Promise<IdentityLink[]> {
  if (anonymousIds.length === 0) return [];
  const rows = await db
    .select()
    .from(identityLinks)
    .where(inArray(identityLinks.anonymousId, [...anonymousIds]));
  return rows.map(asLink);
}

/** Every link naming one of these people. */
export async function linksOfPeople(db: Database, userIds: readonly string[]): Promise<IdentityLink[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .select()
    .from(identityLinks)
    .where(inArray(identityLinks.userId, [...userIds]));
  return rows.map(asLink);
}

/** Every link, for an analytics engine's resolution table (one row per device sign-in: small). */
export async function allLinks(db: Database): Promise<IdentityLink[]> {
  const rows = await db
    .select()
    .from(identityLinks)
    .orderBy(asc(identityLinks.anonymousId), asc(identityLinks.validFrom));
  return rows.map(asLink);
}

/** The links a stored batch claims, written (inside the caller's transaction). */
export async function linkIdentities(db: Database, batch: readonly ValidEvent[]): Promise<void> {
  const claims = claimsOf(batch);
  if (claims.length === 0) return;
  const existing = await linksOfDevices(db, [...new Set(claims.map((claim) => claim.anonymousId))]);
  const aliased = [...new Set(claims.filter((claim) => claim.fromAlias).map((claim) => claim.anonymousId))];
  const knownUsers = new Set((await linksOfPeople(db, aliased)).map((link) => link.userId));
  for (const claim of claims) if (!claim.fromAlias) knownUsers.add(claim.userId);
  const { added } = linksToAdd(existing, claims, (id) => knownUsers.has(id));
  if (added.length === 0) return;
  await db
    .insert(identityLinks)
    .values(added.map((link) => ({ ...link, validFrom: new Date(link.validFrom) })))
    .onConflictDoNothing();
}

/** A person's devices: every anonymousId ever linked to them. */
export async function devicesOf(db: Database, userId: string): Promise<string[]> {
  return [...new Set((await linksOfPeople(db, [userId])).map((link) => link.anonymousId))].sort();
}

/** The person a device is now (its latest link), or null for a device never signed in. */
export async function currentPerson(db: Database, anonymousId: string, now = Date.now()): Promise<string | null> {
  return personAt(await linksOfDevices(db, [anonymousId]), now);
}

/**
 * The devices a list of members reaches at `at`, each with the member it is
 * for: every id itself (an anonymous visitor's device), and each device a
 * member person is signed in on then (a shared device now someone else's is
 * not theirs to reach).
 */
export async function devicesOfMembers(
  db: Database,
  members: readonly string[],
  at: number,
): Promise<Map<string, string>> {
  const reach = new Map(members.map((member) => [member, member]));
  const wanted = new Set(members);
  const devices = [...new Set((await linksOfPeople(db, members)).map((link) => link.anonymousId))];
  const links = await linksOfDevices(db, devices);
  for (const device of devices) {
    const person = personAt(
      links.filter((link) => link.anonymousId === device),
      at,
    );
    if (person !== null && wanted.has(person)) reach.set(device, person);
  }
  return reach;
}

/** Each id's person at its time (the device's rule; an id with no links is its own person). */
export async function peopleAt(db: Database, ids: readonly { id: string; at: number }[]): Promise<string[]> {
  const links = await linksOfDevices(db, [...new Set(ids.map((entry) => entry.id))]);
  return ids.map(({ id, at }) =>
    personKey(
      links.filter((link) => link.anonymousId === id),
      id,
      at,
    ),
  );
}
