// The visitor's profile for a rule's segment precondition, built from the
// device's own events (the same builder as the console's differential test)
// and dropped whenever the history changes: a profile read older than new
// events is never used.
import type { VisitorProfile } from '../contracts/profile';
import { buildProfiles } from '../segments/profile';
import type { DeviceDatabase } from '../store/database';

export class VisitorProfileCache {
  /** undefined: not built since the history last changed. */
  private built: { profile: VisitorProfile | undefined } | undefined;
  /** Counts changes to the history: a build that started before one is dropped. */
  private version = 0;

  constructor(private readonly db: DeviceDatabase) {}

  get ready(): boolean {
    return this.built !== undefined;
  }

  get profile(): VisitorProfile | undefined {
    return this.built?.profile;
  }

  /** New events, or a forget: the next segment check builds the profile again. */
  invalidate(): void {
    this.version++;
    this.built = undefined;
  }

  async build(): Promise<void> {
    const version = this.version;
    const [events, me] = await Promise.all([this.db.events.getAll(), this.db.profile.get('me')]);
    if (version !== this.version) return;
    this.built = { profile: me ? buildProfiles(events).get(me.anonymousId) : undefined };
  }
}
