// The device's visitor record, kept at write time: who this device's visitor
// is (the ids every event and report of the worker carries) and when they were
// first and last seen. What segments read about the visitor (traits, events,
// purchases, context) is built from the stored events by the one profile
// builder the console's evaluator is tested against (lib/segments/profile.ts,
// read by lib/moments/visitor-profile.ts): a second, write-time copy of it
// would double the history on disk and cost a clone and a put of the whole
// record on every write (docs/embedding.md, "What happens to an event").
import type { KairosEvent } from '../contracts/event';
import type { DeviceProfile } from './entities';

/** The record after one more event (pure: the store calls it inside its write transaction). */
export function applyEvent(profile: DeviceProfile | undefined, event: KairosEvent): DeviceProfile {
  return {
    id: 'me',
    anonymousId: event.anonymousId,
    userId: event.userId || (profile?.userId ?? null),
    firstSeen: profile && profile.firstSeen < event.timestamp ? profile.firstSeen : event.timestamp,
    lastSeen: profile && profile.lastSeen > event.timestamp ? profile.lastSeen : event.timestamp,
  };
}
