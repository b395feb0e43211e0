// Visitor and session ids. Kept in localStorage, which every tab shares, and
// only once storing is allowed (consent given, or not required). Values are
// kept in memory too: track() reads storage at most once per id, and writes
// the session's last activity at most once a second.
const anonymousKey = 'kairos.aid';
const sessionKey = 'kairos.sid';
const consentKey = 'kairos.consent';
const userKey = 'kairos.uid';
/** A new session starts after 30 minutes without an event (the analytics convention). */
const sessionIdleMs = 30 * 60 * 1000;

export const uuid = (): string =>
  crypto.randomUUID?.() ??
  // Insecure contexts lack randomUUID: build a v4 from getRandomValues.
  '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) =>
    (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0]! & (15 >> (+c / 4)))).toString(16),
  );

const memory = new Map<string, string | null>();

function read(key: string): string | null {
  if (!memory.has(key)) {
    try {
      memory.set(key, localStorage.getItem(key));
    } catch {
      memory.set(key, null); // storage blocked: ids live for this page only
    }
  }
  return memory.get(key) ?? null;
}

function write(key: string, value: string | null): void {
  memory.set(key, value);
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // storage blocked or full: the value lives in memory for this page
  }
}

export const existingAnonymousId = (): string | null => read(anonymousKey);

export function anonymousId(): string {
  let id = read(anonymousKey);
  if (!id) write(anonymousKey, (id = uuid()));
  return id;
}

let sessionWrittenAt = 0;

export function sessionId(now: number): string {
  // Another tab may have moved the session on: re-read storage when ours is old.
  if (now - sessionWrittenAt > 1_000) memory.delete(sessionKey);
  const [id, last] = (read(sessionKey) ?? '').split('|');
  const current = id && now - Number(last) < sessionIdleMs ? id : uuid();
  if (current !== id || now - sessionWrittenAt > 1_000) {
    write(sessionKey, `${current}|${now}`);
    sessionWrittenAt = now;
  }
  return current;
}

export const consentChoice = (): string | null => read(consentKey);
export const saveConsent = (granted: boolean) => write(consentKey, granted ? 'granted' : 'denied');

/** reset(): a new visitor from now on (logout on a shared device). */
export function forgetIdentity(): void {
  write(anonymousKey, null);
  write(sessionKey, null);
  write(userKey, null);
}

export const storedUserId = (): string | null => read(userKey);
export const saveUserId = (userId: string) => write(userKey, userId);
