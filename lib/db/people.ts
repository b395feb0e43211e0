import 'server-only';
// A person as the server holds them (docs/people.md): the devices linked to a
// userId, and the stored events that are theirs by the identity rules: each
// linked device's events of the person's own stretch (a shared device's other
// people keep theirs), and the events a backend sent with only the userId.
import { userOnlyAnonymousId } from '../contracts/segment-api';
import { type IdentityLink, personKey } from '../segments/person-key';
import type { Database } from './client';
import { linksOfDevices, linksOfPeople } from './identity-links';
import { forgetDevices } from './ingest';
import { visitorEvents } from './visitor-events';

export type PersonEvent = Awaited<ReturnType<typeof visitorEvents>>[number] & { anonymousId: string };

export interface Person {
  userId: string;
  /** The devices linked to the person (not the server-side `user:<id>` key). */
  anonymousIds: string[];
  /** Identify traits of the person's events, later ones winning. */
  traits: Record<string, unknown>;
  /** Newest first, in the shape of /api/admin/visitors/:anonymousId/events, with the device's anonymousId. */
  events: PersonEvent[];
}

/** Every id whose events may be the person's: their devices and their userId-only key. */
export async function personDeviceIds(db: Database, userId: string): Promise<{ ids: string[]; links: IdentityLink[] }> {
  const devices = new Set((await linksOfPeople(db, [userId])).map((link) => link.anonymousId));
  devices.add(userOnlyAnonymousId(userId));
  const ids = [...devices].sort();
  return { ids, links: await linksOfDevices(db, ids) };
}

/** The person, or null when no event and no link names that userId. */
export async function readPerson(db: Database, userId: string, limit = 5_000): Promise<Person | null> {
  const { ids, links } = await personDeviceIds(db, userId);
  const linksOf = (anonymousId: string) => links.filter((link) => link.anonymousId === anonymousId);
  const events: PersonEvent[] = [];
  for (const anonymousId of ids) {
    const own = linksOf(anonymousId);
    for (const row of await visitorEvents(db, anonymousId, limit)) {
      if (personKey(own, anonymousId, row.timestamp.getTime()) === userId) events.push({ ...row, anonymousId });
    }
  }
  if (events.length === 0 && links.length === 0) return null;
  events.sort((a, b) => b.timestamp.getTime() - a.timestamp.getTime());
  const traits: Record<string, unknown> = {};
  for (const event of [...events].reverse()) if (event.type === 'identify') Object.assign(traits, event.traits);
  const userKey = userOnlyAnonymousId(userId);
  const anonymousIds = ids.filter((id) => id !== userKey && linksOf(id).length > 0);
  return { userId, anonymousIds, traits, events: events.slice(0, limit) };
}

/**
 * A person forgotten: every linked device's events, subscriptions, visitor
 * row and links, and their userId-only events; the lake's copies are queued
 * (lib/db/ingest.ts forgetDevices). A shared device's other people lose that
 * device's events too: erasing one person cannot leave a copy of their stretch.
 */
export async function forgetPerson(db: Database, userId: string): Promise<{ events: number; subscriptions: number }> {
  const { ids } = await personDeviceIds(db, userId);
  return forgetDevices(db, ids);
}
