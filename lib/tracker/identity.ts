// Visitor and session ids. Kept in localStorage, which every tab shares, and
// only once storing is allowed (consent given, or not required).
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

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage blocked: ids live for this page only
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // storage blocked or full: nothing to do
  }
}

let pageAnonymousId: string | undefined;

export const existingAnonymousId = (): string | null => read(anonymousKey);

export function anonymousId(): string {
  const id = read(anonymousKey) ?? pageAnonymousId ?? uuid();
  pageAnonymousId = id;
  write(anonymousKey, id);
  return id;
}

export function sessionId(now: number): string {
  const [id, last] = (read(sessionKey) ?? '').split('|');
  const current = id && now - Number(last) < sessionIdleMs ? id : uuid();
  write(sessionKey, `${current}|${now}`);
  return current;
}

export const consentChoice = (): string | null => read(consentKey);
export const saveConsent = (granted: boolean) => write(consentKey, granted ? 'granted' : 'denied');

/** reset(): a new visitor from now on (logout on a shared device). */
export function forgetIdentity(): void {
  pageAnonymousId = undefined;
  write(anonymousKey, null);
  write(sessionKey, null);
  write(userKey, null);
}

export const storedUserId = (): string | null => read(userKey);
export const saveUserId = (userId: string) => write(userKey, userId);
